//! Reporting (填报): single figures and atomic batches, with idempotency keys and history.

use async_graphql::{Context, ID, InputObject, Object, Result};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::indicator::IndicatorNode;
use super::kit::connection::{Conn, connection, page_request, parse_id};
use super::kit::context::ContextExt;
use super::kit::loaders;
use super::tenant::TenantRef;
use super::unit::UnitNode;
use crate::auth::Scope;
use crate::domain::ids::*;
use crate::error::AppError;
use crate::service::reports::{self, NewReport, Report, Subject};

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
    /// The indicator reported (batched: a page of reports reads its indicators at once).
    async fn indicator(&self, ctx: &Context<'_>) -> Result<IndicatorNode> {
        Ok(IndicatorNode(loaders::indicator(ctx, self.0.indicator_id).await?))
    }
    /// The tenant whose figure it is, or whose unit's (identity).
    async fn tenant(&self, ctx: &Context<'_>) -> Result<TenantRef> {
        super::tenant::tenant_ref(ctx, self.0.tenant_id).await
    }
    /// The unit whose figure it is; null for a tenant's own figure.
    async fn unit(&self, ctx: &Context<'_>) -> Result<Option<UnitNode>> {
        match self.0.unit_id {
            Some(id) => Ok(Some(UnitNode(loaders::unit(ctx, id).await?))),
            None => Ok(None),
        }
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
    /// Evidence references (佐证材料): `file:<id>` of uploaded files, links, descriptions.
    async fn evidence(&self) -> &[String] {
        &self.0.evidence
    }
    /// The uploaded files the evidence names, in its order.
    async fn files(&self, ctx: &Context<'_>) -> Result<Vec<super::file::FileNode>> {
        super::file::named(ctx, &self.0.evidence).await
    }
    /// 1 for the first figure, then one more per correction.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// False for figures a later correction (or withdrawal) replaced.
    async fn is_current(&self) -> bool {
        self.0.is_current
    }
    /// True for a withdrawal: the figure no longer counts (its value is 0); `note` holds the
    /// reason. Current lists leave withdrawn figures out; the history keeps them.
    async fn withdrawn(&self) -> bool {
        self.0.withdrawn
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
        let req = page_request(ctx, &state.settings.graphql, first, after)?;
        let f = filter.unwrap_or_default();
        let filter = reports::Filter {
            tenant: f.tenant_id.as_ref().map(|t| parse_id("filter.tenantId", t).map(TenantId)).transpose()?,
            include_subtree: f.include_subtree,
            unit_id: f.unit_id.as_ref().map(|u| parse_id("filter.unitId", u)).transpose()?,
            indicator_id: f.indicator_id.as_ref().map(|i| parse_id("filter.indicatorId", i)).transpose()?,
            period: f.period,
            within_period: false,
            include_history: f.include_history,
        };
        let page = reports::list(&state.db, &scope, filter, req).await?;
        Ok(connection(page, |r| r.id, ReportNode))
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
        let mut saved = reports::report(state, &scope, "report", vec![item], idempotency_key).await?;
        Ok(ReportNode(saved.pop().ok_or_else(|| AppError::internal("report returned nothing"))?))
    }

    /// Withdraws a current figure of your tenant or one of its units (REPORTER) while its period
    /// is not locked: a new version marked `withdrawn`, kept in the history, and the figure no
    /// longer counts in any roll-up. `version` is the version you saw (CONFLICT if it moved on).
    async fn withdraw_report(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        #[graphql(default)] reason: String,
    ) -> Result<ReportNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(ReportNode(reports::withdraw(state, &scope, parse_id("id", &id)?, version, reason).await?))
    }

    /// Reports up to 1,000 figures at once, all or none (REPORTER). Every wrong line is named
    /// (`reports[i].field`, all of them in `extensions.lines`), and nothing is written.
    async fn report_batch(
        &self,
        ctx: &Context<'_>,
        reports: Vec<ReportInput>,
        idempotency_key: Option<String>,
    ) -> Result<Vec<ReportNode>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let items = reports.into_iter().map(|r| to_new(&scope, r)).collect::<Result<Vec<_>, _>>()?;
        let saved = reports::report(state, &scope, "reportBatch", items, idempotency_key).await?;
        Ok(saved.into_iter().map(ReportNode).collect())
    }
}
