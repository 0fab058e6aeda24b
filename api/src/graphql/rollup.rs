//! Roll-ups (target against actual up the tree), with a DataLoader built per request so a
//! dashboard asking for many tenants' roll-ups costs a fixed number of statements.

use async_graphql::{Context, ID, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::kit::connection::parse_id;
use super::kit::context::ContextExt;
use super::kit::loaders::{RollupKey, loaders, unshare};
use super::tenant::{TenantLevel, TenantRef};
use crate::domain::ids::*;
use crate::domain::indicator::TargetSource as DTargetSource;
use crate::domain::period::Period;
use crate::domain::quantity::Quantity;
use crate::domain::tenant::Level;
use crate::error::AppError;
use crate::graphql::kit::enums::TargetSource;
use crate::service::rollups::{self, Detail, Rollup, Rollups};

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

/// One roll-up of a tenant's cached set.
pub struct RollupResult {
    /// The tenant's roll-ups as cached (shared, not copied) and which one this is: fields are
    /// worked out only when selected.
    all: Rollups,
    index: usize,
}

impl RollupResult {
    /// The roll-ups in the order the indicators were asked for.
    fn ordered(rows: Rollups, asked: &[IndicatorId]) -> Vec<RollupResult> {
        asked
            .iter()
            .filter_map(|id| rows.iter().position(|r| r.indicator_id == *id))
            .map(|index| RollupResult { all: rows.clone(), index })
            .collect()
    }

    fn r(&self) -> &Rollup {
        &self.all[self.index]
    }
}

fn level_of(raw: &str) -> TenantLevel {
    Level::parse(raw).unwrap_or(Level::Township).into()
}

/// Target against actual for one indicator at one tenant and period.
#[Object]
impl RollupResult {
    async fn tenant_id(&self) -> ID {
        ID(self.r().tenant_id.to_string())
    }
    async fn indicator_id(&self) -> ID {
        ID(self.r().indicator_id.to_string())
    }
    async fn indicator_code(&self) -> &str {
        &self.r().indicator_code
    }
    async fn indicator_name(&self) -> &str {
        &self.r().indicator_name
    }
    async fn measure_unit(&self) -> &str {
        &self.r().measure_unit
    }
    async fn period(&self) -> &str {
        &self.r().period
    }
    /// SUM, AVG, MIN, MAX or LATEST.
    async fn aggregation(&self) -> &str {
        &self.r().aggregation
    }
    /// The tenant's effective target: its own target, else the quota it was handed
    /// (`targetSource` says which).
    async fn target(&self) -> Option<Decimal> {
        self.r().target.map(dec)
    }
    /// Where `target` comes from: OWN (the tenant set it) or QUOTA (handed down, no own target).
    async fn target_source(&self) -> Option<TargetSource> {
        DTargetSource::parse(self.r().target_source.as_deref()?).map(TargetSource::from)
    }
    /// Over the whole subtree, every current figure.
    async fn actual(&self) -> Option<Decimal> {
        self.r().actual.map(dec)
    }
    /// Only figures the tenant vouches for: its own, and its children's whose submissions it
    /// accepted.
    async fn accepted_actual(&self) -> Option<Decimal> {
        self.r().accepted_actual.map(dec)
    }
    /// actual / target.
    async fn completion(&self) -> Option<Decimal> {
        match (self.r().actual, self.r().target) {
            (Some(a), Some(t)) => ratio(a, t, 4),
            _ => None,
        }
    }
    /// Number of distinct reporting subjects (tenants and units) with a current figure below
    /// (a township reporting three months counts once in the quarter).
    async fn subjects(&self) -> i64 {
        self.r().subjects
    }
    async fn children(&self) -> Vec<Contribution> {
        let r = self.r();
        r.children
            .iter()
            .map(|c| Contribution {
                share: match (r.aggregation.as_str(), c.actual, r.total) {
                    ("SUM", Some(a), Some(t)) => ratio(a, t, 6),
                    _ => None,
                },
                actual: c.actual.map(dec),
                accepted: c.accepted,
                tenant: TenantRef {
                    id: ID(c.tenant_id.to_string()),
                    level: level_of(&c.level),
                    level_label: Level::parse(&c.level).map(Level::label).unwrap_or(""),
                    code: c.code.clone(),
                    name: c.name.clone(),
                },
            })
            .collect()
    }
    /// When a figure below last changed.
    async fn last_changed_at(&self) -> Option<DateTime<Utc>> {
        self.r().last_changed
    }
}

/// The indicators asked for, in the order asked (a repeated one once), and the same sorted (as
/// loaded and cached).
fn parse_indicator_ids(indicators: &[ID]) -> Result<(Vec<IndicatorId>, Vec<IndicatorId>), AppError> {
    if indicators.is_empty() || indicators.len() > 100 {
        return Err(AppError::bad_input("indicatorIds", "请指定 1 到 100 个指标 / name 1 to 100 indicators"));
    }
    let mut asked = Vec::with_capacity(indicators.len());
    for i in indicators {
        let id = parse_id("indicatorIds", i)?;
        if !asked.contains(&id) {
            asked.push(id);
        }
    }
    let mut sorted = asked.clone();
    sorted.sort_unstable();
    Ok((asked, sorted))
}

/// What of the roll-ups the query selects beyond the tenant's own figures: the rest is not
/// computed (fragments and aliases count, as everywhere in the selection).
fn selected(ctx: &Context<'_>) -> Detail {
    let fields = ctx.look_ahead();
    Detail { children: fields.field("children").exists(), accepted: fields.field("acceptedActual").exists() }
}

/// Loads roll-ups through the request's loader: for fields of list items (`Tenant.rollup`),
/// where batching across items pays for the loader's short wait.
pub async fn load_rollups(
    ctx: &Context<'_>,
    tenant: TenantId,
    period: &str,
    indicators: &[ID],
) -> Result<Vec<RollupResult>> {
    let (asked, ids) = parse_indicator_ids(indicators)?;
    let period = Period::parse(period)?.to_string();
    let rows = loaders(ctx)?
        .load_one(RollupKey { tenant, period, indicators: ids, detail: selected(ctx) })
        .await
        .map_err(unshare)?
        .ok_or(AppError::NotFound { entity: "tenant" })?;
    Ok(RollupResult::ordered(rows, &asked))
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
        rollup_of(ctx, tenant_id, &period, &indicator_ids).await
    }
}

/// `rollup(tenantId, period, indicatorIds)` for the caller: the query's answer, and each
/// answer of the `rollupChanged` subscription.
pub(super) async fn rollup_of(
    ctx: &Context<'_>,
    tenant_id: Option<ID>,
    period: &str,
    indicator_ids: &[ID],
) -> Result<Vec<RollupResult>> {
    let (state, scope) = (ctx.state()?, ctx.scope()?);
    let tenant = tenant_id.as_ref().map(|t| parse_id("tenantId", t).map(TenantId)).transpose()?.unwrap_or(scope.home());
    // One tenant: straight to the service, no loader window to wait out.
    let (asked, ids) = parse_indicator_ids(indicator_ids)?;
    let mut found = rollups::rollups(state, &scope, &[tenant], Period::parse(period)?, &ids, selected(ctx)).await?;
    let rows = found.remove(&tenant).ok_or(AppError::NotFound { entity: "tenant" })?;
    Ok(RollupResult::ordered(rows, &asked))
}
