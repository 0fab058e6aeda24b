//! Reporting, submission up the tree, and roll-ups (with a per-request DataLoader so a dashboard
//! asking for many tenants' roll-ups costs a fixed number of statements).

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, Loader};
use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::connection::{Conn, connection, page_request, parse_id};
use super::context::ContextExt;
use super::tenant::{TenantLevel, TenantRef};
use crate::auth::Scope;
use crate::domain::ids::TenantId;
use crate::domain::period::Period;
use crate::domain::quantity::Quantity;
use crate::domain::submission::{SubmissionDecision as DDecision, SubmissionStatus as DStatus};
use crate::domain::tenant::Level;
use crate::error::AppError;
use crate::service::reports::{self, NewReport, Report, Subject};
use crate::service::rollups::{self, Rollup};
use crate::service::submissions::{self, Submission, Waiver};
use crate::state::AppState;

fn dec(v: i64) -> Decimal {
    Quantity(v).to_decimal()
}

fn ratio(num: i64, den: i64) -> Option<Decimal> {
    (den != 0).then(|| (Decimal::from(num) / Decimal::from(den)).round_dp(4))
}

// ---------------------------------------------------------------------------------------------
// Reports

pub struct ReportNode(pub Report);

#[Object(name = "Report")]
impl ReportNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn tenant_id(&self) -> ID {
        ID(self.0.tenant_id.to_string())
    }
    /// Set when the figure is a unit's.
    async fn unit_id(&self) -> Option<ID> {
        self.0.unit_id.map(|u| ID(u.to_string()))
    }
    async fn indicator_id(&self) -> ID {
        ID(self.0.indicator_id.to_string())
    }
    async fn period(&self) -> &str {
        &self.0.period
    }
    async fn value(&self) -> Decimal {
        self.0.value
    }
    async fn note(&self) -> &str {
        &self.0.note
    }
    async fn evidence(&self) -> &[String] {
        &self.0.evidence
    }
    /// 1 for the first figure, then one more per correction.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// False for figures a later correction replaced.
    async fn is_current(&self) -> bool {
        self.0.is_current
    }
    async fn reported_at(&self) -> DateTime<Utc> {
        self.0.reported_at
    }
}

#[derive(InputObject)]
pub struct ReportInput {
    /// A unit of your tenant; omit to report your tenant's own figure.
    pub unit_id: Option<ID>,
    pub indicator_id: ID,
    /// `2019`, `2019-Q2` or `2019-03`.
    pub period: String,
    pub value: Decimal,
    #[graphql(default)]
    pub note: String,
    #[graphql(default)]
    pub evidence: Vec<String>,
}

fn to_new(scope: &Scope, r: ReportInput) -> Result<NewReport, AppError> {
    let subject = match r.unit_id {
        Some(u) => Subject::Unit(parse_id("unitId", &u)?),
        None => Subject::Tenant(scope.home()),
    };
    Ok(NewReport {
        subject,
        indicator_id: parse_id("indicatorId", &r.indicator_id)?,
        period: r.period,
        value: r.value,
        note: r.note,
        evidence: r.evidence,
    })
}

#[derive(InputObject, Default)]
pub struct ReportFilter {
    pub tenant_id: Option<ID>,
    #[graphql(default)]
    pub include_subtree: bool,
    pub unit_id: Option<ID>,
    pub indicator_id: Option<ID>,
    pub period: Option<String>,
    /// Include superseded versions (the history of corrections).
    #[graphql(default)]
    pub include_history: bool,
}

// ---------------------------------------------------------------------------------------------
// Submissions

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum SubmissionStatus {
    /// 已上报 — with the parent; the subtree's figures for the period are frozen.
    Submitted,
    /// 已接收 — accepted by the parent; still frozen.
    Accepted,
    /// 已退回 — back with the tenant; figures may change again.
    Returned,
}

impl From<DStatus> for SubmissionStatus {
    fn from(s: DStatus) -> Self {
        match s {
            DStatus::Submitted => SubmissionStatus::Submitted,
            DStatus::Accepted => SubmissionStatus::Accepted,
            DStatus::Returned => SubmissionStatus::Returned,
        }
    }
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum SubmissionDecision {
    /// 接收
    Accept,
    /// 退回 (reason required)
    Return,
    /// 重新打开 an accepted submission (reason required)
    Reopen,
}

impl From<SubmissionDecision> for DDecision {
    fn from(d: SubmissionDecision) -> Self {
        match d {
            SubmissionDecision::Accept => DDecision::Accept,
            SubmissionDecision::Return => DDecision::Return,
            SubmissionDecision::Reopen => DDecision::Reopen,
        }
    }
}

pub struct SubmissionNode(pub Submission);

#[Object(name = "Submission")]
impl SubmissionNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The submitting tenant.
    async fn tenant(&self, ctx: &Context<'_>) -> Result<TenantRef> {
        super::application::tenant_ref(ctx.state()?, &ctx.scope()?, self.0.tenant_id).await
    }
    /// The tenant it was handed to.
    async fn parent(&self, ctx: &Context<'_>) -> Result<TenantRef> {
        super::application::tenant_ref(ctx.state()?, &ctx.scope()?, self.0.parent_tenant_id).await
    }
    async fn period(&self) -> &str {
        &self.0.period
    }
    async fn status(&self) -> SubmissionStatus {
        self.0.status.into()
    }
    /// e.g. 已接收
    async fn status_label(&self) -> &'static str {
        self.0.status.label()
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Every step, oldest first.
    async fn timeline(&self, ctx: &Context<'_>) -> Result<Vec<SubmissionEvent>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let events = submissions::timeline(&state.db, &scope, self.0.id).await?;
        Ok(events
            .into_iter()
            .map(|e| SubmissionEvent {
                action: e.action,
                to_status: e.to_status.into(),
                actor_name: e.actor_name,
                at_tenant_id: ID(e.at_tenant_id.to_string()),
                reason: e.reason,
                waivers: e
                    .waivers
                    .into_iter()
                    .map(|w| WaiverOut { tenant_id: ID(w.tenant_id.to_string()), reason: w.reason })
                    .collect(),
                at: e.at,
            })
            .collect())
    }
}

#[derive(SimpleObject)]
pub struct SubmissionEvent {
    /// SUBMIT, ACCEPT, RETURN or REOPEN.
    pub action: String,
    pub to_status: SubmissionStatus,
    pub actor_name: String,
    pub at_tenant_id: ID,
    pub reason: Option<String>,
    pub waivers: Vec<WaiverOut>,
    pub at: DateTime<Utc>,
}

#[derive(SimpleObject)]
#[graphql(name = "Waiver")]
pub struct WaiverOut {
    pub tenant_id: ID,
    pub reason: String,
}

#[derive(InputObject)]
pub struct WaiverInput {
    /// A direct child of your tenant not accepted for the period.
    pub tenant_id: ID,
    pub reason: String,
}

#[derive(InputObject, Default)]
pub struct SubmissionFilter {
    /// Made by this tenant.
    pub tenant_id: Option<ID>,
    /// Made to this tenant.
    pub parent_id: Option<ID>,
    pub period: Option<String>,
    pub status: Option<SubmissionStatus>,
}

// ---------------------------------------------------------------------------------------------
// Roll-ups

/// A child's contribution to a roll-up.
#[derive(SimpleObject)]
pub struct Contribution {
    pub tenant: TenantRef,
    pub actual: Option<Decimal>,
    /// The child's part of the parent's total (SUM indicators), e.g. 0.3166.
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
                (Some(a), Some(t)) => ratio(a, t),
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
                        ("SUM", Some(a), Some(t)) => ratio(a, t),
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

/// Batches roll-up requests of one GraphQL request. Built per request (it holds the caller's
/// scope), never shared between requests.
pub struct RollupLoader {
    state: AppState,
    scope: Scope,
}

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RollupKey {
    pub tenant: i64,
    pub period: String,
    pub indicators: Vec<i64>,
}

impl Loader<RollupKey> for RollupLoader {
    type Value = Vec<Rollup>;
    type Error = Arc<AppError>;

    async fn load(&self, keys: &[RollupKey]) -> Result<HashMap<RollupKey, Vec<Rollup>>, Self::Error> {
        let mut groups: HashMap<(String, Vec<i64>), Vec<i64>> = HashMap::new();
        for k in keys {
            groups.entry((k.period.clone(), k.indicators.clone())).or_default().push(k.tenant);
        }
        let mut out = HashMap::new();
        for ((period, indicators), tenants) in groups {
            let p = Period::parse(&period).map_err(Arc::new)?;
            let ids: Vec<TenantId> = tenants.iter().map(|t| TenantId(*t)).collect();
            let found = rollups::rollups(&self.state, &self.scope, &ids, p, &indicators).await.map_err(Arc::new)?;
            for (t, rows) in found {
                out.insert(RollupKey { tenant: t.0, period: period.clone(), indicators: indicators.clone() }, rows);
            }
        }
        Ok(out)
    }
}

pub fn rollup_loader(state: AppState, scope: Scope) -> DataLoader<RollupLoader> {
    DataLoader::new(RollupLoader { state, scope }, tokio::spawn)
}

fn unwrap_arc(e: Arc<AppError>) -> AppError {
    Arc::try_unwrap(e).unwrap_or_else(|shared| (*shared).clone())
}

/// Loads roll-ups through the request's loader.
pub async fn load_rollups(
    ctx: &Context<'_>,
    tenant: TenantId,
    period: &str,
    indicators: &[ID],
) -> Result<Vec<RollupResult>> {
    if indicators.is_empty() || indicators.len() > 100 {
        return Err(AppError::bad_input("indicatorIds", "name 1 to 100 indicators").into());
    }
    let mut ids = indicators.iter().map(|i| parse_id("indicatorIds", i)).collect::<Result<Vec<_>, _>>()?;
    ids.sort_unstable();
    ids.dedup();
    let period = Period::parse(period)?.to_string();
    let loader = ctx
        .data::<DataLoader<RollupLoader>>()
        .map_err(|_| AppError::Unauthenticated("sign in first: send Authorization: Bearer <accessToken>"))?;
    let rows = loader
        .load_one(RollupKey { tenant: tenant.0, period, indicators: ids })
        .await
        .map_err(unwrap_arc)?
        .ok_or(AppError::NotFound { entity: "tenant" })?;
    Ok(rows.into_iter().map(RollupResult::from).collect())
}

// ---------------------------------------------------------------------------------------------

#[derive(Default)]
pub struct ReportQuery;

#[Object]
impl ReportQuery {
    /// Reports of the caller's subtree (current figures unless history is asked for).
    #[graphql(complexity = "first.unwrap_or(20).max(1) as usize * child_complexity")]
    async fn reports(
        &self,
        ctx: &Context<'_>,
        filter: Option<ReportFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Conn<ReportNode>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let req = page_request(&state.settings.graphql, first, after)?;
        let f = filter.unwrap_or_default();
        let filter = reports::Filter {
            tenant: f.tenant_id.as_ref().map(|t| parse_id("filter.tenantId", t).map(TenantId)).transpose()?,
            include_subtree: f.include_subtree,
            unit_id: f.unit_id.as_ref().map(|u| parse_id("filter.unitId", u)).transpose()?,
            indicator_id: f.indicator_id.as_ref().map(|i| parse_id("filter.indicatorId", i)).transpose()?,
            period: f.period,
            include_history: f.include_history,
        };
        let page = reports::list(&state.db, &scope, filter, req).await?;
        Ok(connection(page, |r| r.id, ReportNode))
    }

    /// Target against actual at a tenant of the caller's subtree (default: its own) for one
    /// period and up to 100 indicators, with each child's contribution.
    async fn rollup(
        &self,
        ctx: &Context<'_>,
        tenant_id: Option<ID>,
        period: String,
        indicator_ids: Vec<ID>,
    ) -> Result<Vec<RollupResult>> {
        let scope = ctx.scope()?;
        let tenant =
            tenant_id.as_ref().map(|t| parse_id("tenantId", t).map(TenantId)).transpose()?.unwrap_or(scope.home());
        load_rollups(ctx, tenant, &period, &indicator_ids).await
    }

    async fn submission(&self, ctx: &Context<'_>, id: ID) -> Result<SubmissionNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(SubmissionNode(submissions::get(&state.db, &scope, parse_id("id", &id)?).await?))
    }

    /// Submissions in the caller's subtree.
    #[graphql(complexity = "first.unwrap_or(20).max(1) as usize * child_complexity")]
    async fn submissions(
        &self,
        ctx: &Context<'_>,
        filter: Option<SubmissionFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Conn<SubmissionNode>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let req = page_request(&state.settings.graphql, first, after)?;
        let f = filter.unwrap_or_default();
        let filter = submissions::Filter {
            tenant: f.tenant_id.as_ref().map(|t| parse_id("filter.tenantId", t).map(TenantId)).transpose()?,
            parent: f.parent_id.as_ref().map(|t| parse_id("filter.parentId", t).map(TenantId)).transpose()?,
            period: f.period,
            status: f.status.map(|s| match s {
                SubmissionStatus::Submitted => DStatus::Submitted,
                SubmissionStatus::Accepted => DStatus::Accepted,
                SubmissionStatus::Returned => DStatus::Returned,
            }),
        };
        let page = submissions::list(&state.db, &scope, filter, req).await?;
        Ok(connection(page, |s| s.id, SubmissionNode))
    }
}

#[derive(Default)]
pub struct ReportMutation;

#[Object]
impl ReportMutation {
    /// Reports one figure for your tenant or one of its units (REPORTER). A correction is a new
    /// version. With `idempotencyKey`, a retry returns the first result and changes nothing.
    async fn report(
        &self,
        ctx: &Context<'_>,
        input: ReportInput,
        idempotency_key: Option<String>,
    ) -> Result<ReportNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let item = to_new(&scope, input)?;
        let mut saved = reports::report(state, &scope, vec![item], idempotency_key).await?;
        Ok(ReportNode(saved.pop().ok_or_else(|| AppError::internal("report returned nothing"))?))
    }

    /// Reports up to 1,000 figures at once, all or none (REPORTER). Errors name the failing line
    /// as `reports[i].field`.
    async fn report_batch(
        &self,
        ctx: &Context<'_>,
        reports: Vec<ReportInput>,
        idempotency_key: Option<String>,
    ) -> Result<Vec<ReportNode>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let items = reports.into_iter().map(|r| to_new(&scope, r)).collect::<Result<Vec<_>, _>>()?;
        let saved = reports::report(state, &scope, items, idempotency_key).await?;
        Ok(saved.into_iter().map(ReportNode).collect())
    }

    /// Hands your tenant's figures for a period to its parent (REPORTER or ADMIN). Every child
    /// must be accepted for the period, or waived with a reason. `version` is needed to resubmit
    /// a returned submission.
    async fn submit_period(
        &self,
        ctx: &Context<'_>,
        period: String,
        version: Option<i32>,
        #[graphql(default)] waivers: Vec<WaiverInput>,
    ) -> Result<SubmissionNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let waivers = waivers
            .into_iter()
            .map(|w| parse_id("waivers.tenantId", &w.tenant_id).map(|t| Waiver { tenant_id: t, reason: w.reason }))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(SubmissionNode(submissions::submit(state, &scope, &period, version, waivers).await?))
    }

    /// The parent's REVIEWER accepts a child's submission, returns it, or re-opens an accepted
    /// one (both with a reason).
    async fn decide_submission(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        decision: SubmissionDecision,
        reason: Option<String>,
    ) -> Result<SubmissionNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let id = parse_id("id", &id)?;
        Ok(SubmissionNode(submissions::decide(state, &scope, id, version, decision.into(), reason).await?))
    }
}
