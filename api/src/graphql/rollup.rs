//! Roll-ups (target against actual up the tree), with a DataLoader built per request so a
//! dashboard asking for many tenants' roll-ups costs a fixed number of statements.

use async_graphql::{Context, ID, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::connection::parse_id;
use super::context::ContextExt;
use super::loaders::{RollupKey, loaders, unshare};
use super::tenant::{TenantLevel, TenantRef};
use crate::domain::ids::TenantId;
use crate::domain::period::Period;
use crate::domain::quantity::Quantity;
use crate::domain::tenant::Level;
use crate::error::AppError;
use crate::service::rollups::{self, Rollup};

fn dec(v: i64) -> Decimal {
    Quantity(v).to_decimal()
}

/// `num / den` to `places` decimal places.
fn ratio(num: i64, den: i64, places: u32) -> Option<Decimal> {
    (den != 0).then(|| (Decimal::from(num) / Decimal::from(den)).round_dp(places))
}

/// A child's contribution to a roll-up.
#[derive(SimpleObject)]
pub struct Contribution {
    pub tenant: TenantRef,
    pub actual: Option<Decimal>,
    /// The child's part of the parent's total (SUM indicators), to six places so that shares
    /// add up: e.g. 0.316649 (融水's 15,000 of 柳州市's 47,371 万元).
    pub share: Option<Decimal>,
    /// Whether the parent has accepted the child's submission for the period.
    pub accepted: bool,
}

/// Target against actual for one indicator at one tenant and period.
#[derive(SimpleObject)]
pub struct RollupResult {
    pub tenant_id: ID,
    pub indicator_id: ID,
    pub indicator_code: String,
    pub indicator_name: String,
    pub measure_unit: String,
    pub period: String,
    /// SUM, AVG, MIN, MAX or LATEST.
    pub aggregation: String,
    /// The tenant's own target.
    pub target: Option<Decimal>,
    /// Over the whole subtree, every current figure.
    pub actual: Option<Decimal>,
    /// Only figures the tenant vouches for: its own, and its children's whose submissions it
    /// accepted.
    pub accepted_actual: Option<Decimal>,
    /// actual / target.
    pub completion: Option<Decimal>,
    /// Number of reporting subjects (tenants and units) below.
    pub subjects: i64,
    pub children: Vec<Contribution>,
    /// When a figure below last changed.
    pub last_changed_at: Option<DateTime<Utc>>,
}

fn level_of(raw: &str) -> TenantLevel {
    Level::parse(raw).unwrap_or(Level::Township).into()
}

impl From<Rollup> for RollupResult {
    fn from(r: Rollup) -> Self {
        let total = r.total;
        RollupResult {
            tenant_id: ID(r.tenant_id.to_string()),
            indicator_id: ID(r.indicator_id.to_string()),
            completion: match (r.actual, r.target) {
                (Some(a), Some(t)) => ratio(a, t, 4),
                _ => None,
            },
            target: r.target.map(dec),
            actual: r.actual.map(dec),
            accepted_actual: r.accepted_actual.map(dec),
            children: r
                .children
                .into_iter()
                .map(|c| Contribution {
                    share: match (r.aggregation.as_str(), c.actual, total) {
                        ("SUM", Some(a), Some(t)) => ratio(a, t, 6),
                        _ => None,
                    },
                    actual: c.actual.map(dec),
                    accepted: c.accepted,
                    tenant: TenantRef {
                        id: ID(c.tenant_id.to_string()),
                        level: level_of(&c.level),
                        level_label: Level::parse(&c.level).map(Level::label).unwrap_or(""),
                        code: c.code,
                        name: c.name,
                    },
                })
                .collect(),
            indicator_code: r.indicator_code,
            indicator_name: r.indicator_name,
            measure_unit: r.measure_unit,
            period: r.period,
            aggregation: r.aggregation,
            subjects: r.subjects,
            last_changed_at: r.last_changed,
        }
    }
}

fn parse_indicator_ids(indicators: &[ID]) -> Result<Vec<i64>, AppError> {
    if indicators.is_empty() || indicators.len() > 100 {
        return Err(AppError::bad_input("indicatorIds", "name 1 to 100 indicators"));
    }
    let mut ids = indicators.iter().map(|i| parse_id("indicatorIds", i)).collect::<Result<Vec<_>, _>>()?;
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// Loads roll-ups through the request's loader: for fields of list items (`Tenant.rollup`),
/// where batching across items pays for the loader's short wait.
pub async fn load_rollups(
    ctx: &Context<'_>,
    tenant: TenantId,
    period: &str,
    indicators: &[ID],
) -> Result<Vec<RollupResult>> {
    let ids = parse_indicator_ids(indicators)?;
    let period = Period::parse(period)?.to_string();
    let rows = loaders(ctx)?
        .load_one(RollupKey { tenant: tenant.0, period, indicators: ids })
        .await
        .map_err(unshare)?
        .ok_or(AppError::NotFound { entity: "tenant" })?;
    Ok(rows.into_iter().map(RollupResult::from).collect())
}

#[derive(Default)]
pub struct RollupQuery;

#[Object]
impl RollupQuery {
    /// Target against actual at a tenant of the caller's subtree (default: its own) for one
    /// period and up to 100 indicators, with each child's contribution.
    async fn rollup(
        &self,
        ctx: &Context<'_>,
        tenant_id: Option<ID>,
        period: String,
        indicator_ids: Vec<ID>,
    ) -> Result<Vec<RollupResult>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let tenant =
            tenant_id.as_ref().map(|t| parse_id("tenantId", t).map(TenantId)).transpose()?.unwrap_or(scope.home());
        // One tenant: straight to the service, no loader window to wait out.
        let ids = parse_indicator_ids(&indicator_ids)?;
        let mut found = rollups::rollups(state, &scope, &[tenant], Period::parse(&period)?, &ids).await?;
        let rows = found.remove(&tenant).ok_or(AppError::NotFound { entity: "tenant" })?;
        Ok(rows.into_iter().map(RollupResult::from).collect())
    }
}
