//! Indicators, campaigns with their periods, targets, quotas and the decomposition table.

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::connection::{Conn, connection, page_request, parse_id};
use super::context::ContextExt;
use super::enums::{Aggregation, Granularity, IndicatorCategory, TargetSource, ValueType};
use super::tenant::TenantRef;
use crate::domain::ids::*;
use crate::domain::period::{Granularity as DGranularity, Period};
use crate::service::campaigns::{self, Campaign, NewCampaign, Phase};
use crate::service::indicators::{self, Filter, Indicator, NewIndicator};
use crate::service::targets::{self, TargetRow};

pub struct IndicatorNode(pub Indicator);

#[Object(name = "Indicator")]
impl IndicatorNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Unique within the defining tenant, e.g. `PUB_ACTIVITIES`.
    async fn code(&self) -> &str {
        &self.0.code
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// 场次, 份, 条, 期, 万元, 亿元, 户, 人, 个 or %.
    async fn measure_unit(&self) -> &str {
        &self.0.measure_unit
    }
    async fn value_type(&self) -> ValueType {
        self.0.value_type.into()
    }
    async fn aggregation(&self) -> Aggregation {
        self.0.aggregation.into()
    }
    async fn category(&self) -> IndicatorCategory {
        self.0.category.into()
    }
    /// e.g. 宣传教育
    async fn category_label(&self) -> &'static str {
        self.0.category.label()
    }
    async fn description(&self) -> &str {
        &self.0.description
    }
    /// The tenant that defined it (identity).
    async fn defined_by(&self, ctx: &Context<'_>) -> Result<TenantRef> {
        super::tenant::tenant_ref(ctx, self.0.tenant_id).await
    }
    async fn retired(&self) -> bool {
        self.0.retired_at.is_some()
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A named phase of a campaign, e.g. 一年强基础 (2019).
#[derive(SimpleObject)]
pub struct CampaignPhase {
    pub name: String,
    pub start_year: i32,
    pub end_year: i32,
}

/// A reporting period.
#[derive(SimpleObject)]
pub struct PeriodInfo {
    /// `2019`, `2019-Q2` or `2019-03`: what `period` arguments take.
    pub key: String,
    pub granularity: Granularity,
    /// The periods this one rolls into (a month: its quarter and year).
    pub rolls_into: Vec<String>,
}

pub struct CampaignNode(pub Campaign);

#[Object(name = "Campaign")]
impl CampaignNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn start_year(&self) -> i32 {
        self.0.start_year
    }
    async fn end_year(&self) -> i32 {
        self.0.end_year
    }
    async fn phases(&self) -> Vec<CampaignPhase> {
        self.0
            .phases
            .iter()
            .map(|p| CampaignPhase { name: p.name.clone(), start_year: p.start_year, end_year: p.end_year })
            .collect()
    }
    /// Every period of the campaign at one granularity, in order.
    async fn periods(&self, granularity: Granularity) -> Vec<PeriodInfo> {
        Period::all_in(self.0.start_year..=self.0.end_year, DGranularity::from(granularity))
            .into_iter()
            .map(|p| PeriodInfo {
                key: p.to_string(),
                granularity: p.granularity().into(),
                rolls_into: p.rolls_into().iter().map(ToString::to_string).collect(),
            })
            .collect()
    }
    async fn defined_by(&self, ctx: &Context<'_>) -> Result<TenantRef> {
        super::tenant::tenant_ref(ctx, self.0.tenant_id).await
    }
}

/// A tenant's target and quota for an (indicator, period).
#[derive(SimpleObject)]
pub struct Target {
    pub tenant_id: ID,
    pub indicator_id: ID,
    pub period: String,
    /// The tenant's own target.
    pub target: Option<Decimal>,
    /// The share its parent handed it.
    pub quota: Option<Decimal>,
}

impl From<TargetRow> for Target {
    fn from(r: TargetRow) -> Self {
        Target {
            tenant_id: ID(r.tenant_id.to_string()),
            indicator_id: ID(r.indicator_id.to_string()),
            period: r.period,
            target: r.target,
            quota: r.quota,
        }
    }
}

/// One child's line in the decomposition table.
#[derive(SimpleObject)]
pub struct ChildShare {
    pub tenant: TenantRef,
    /// The child's effective target: its own target, else its quota (`targetSource`).
    pub target: Option<Decimal>,
    pub target_source: Option<TargetSource>,
    pub quota: Option<Decimal>,
    pub own_target: Option<Decimal>,
    /// Reported over the child's subtree.
    pub actual: Option<Decimal>,
    /// actual / own target (or / quota when the child set no target).
    pub completion: Option<Decimal>,
}

/// The task decomposition table (任务分解表) of an (indicator, period) at a tenant.
#[derive(SimpleObject)]
pub struct Decomposition {
    pub tenant: TenantRef,
    pub indicator: IndicatorNode,
    pub period: String,
    pub own_target: Option<Decimal>,
    pub quota_received: Option<Decimal>,
    /// The effective target: the own target, else the quota received (`targetSource`); what
    /// `completion` and the roll-up's `target` use.
    pub target: Option<Decimal>,
    pub target_source: Option<TargetSource>,
    /// Reported over the tenant's whole subtree.
    pub actual: Option<Decimal>,
    /// actual / own target (or / quota received).
    pub completion: Option<Decimal>,
    /// The sum of the quotas handed to the children.
    pub handed_down: Decimal,
    /// Own target minus what was handed down; negative when more was handed down than committed.
    pub gap: Option<Decimal>,
    pub children: Vec<ChildShare>,
}

#[derive(InputObject, Default)]
pub struct IndicatorFilter {
    pub category: Option<IndicatorCategory>,
    #[graphql(default)]
    pub include_retired: bool,
}

#[derive(Default)]
pub struct IndicatorQuery;

#[Object]
impl IndicatorQuery {
    /// An indicator defined by the caller's tenant, a tenant below it, or one above it.
    async fn indicator(&self, ctx: &Context<'_>, id: ID) -> Result<IndicatorNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(IndicatorNode(indicators::get(&state.db, &scope, parse_id("id", &id)?).await?))
    }

    /// Indicators the caller may use: its own tenant's, its subtree's and its ancestors'.
    #[graphql(complexity = "first.unwrap_or(20).max(1) as usize * child_complexity")]
    async fn indicators(
        &self,
        ctx: &Context<'_>,
        filter: Option<IndicatorFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Conn<IndicatorNode>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let req = page_request(ctx, &state.settings.graphql, first, after)?;
        let f = filter.unwrap_or_default();
        let filter = Filter { category: f.category.map(Into::into), include_retired: f.include_retired };
        let page = indicators::list(&state.db, &scope, filter, req).await?;
        Ok(connection(page, |i| i.id, IndicatorNode))
    }

    async fn campaign(&self, ctx: &Context<'_>, id: ID) -> Result<CampaignNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(CampaignNode(campaigns::get(&state.db, &scope, parse_id("id", &id)?).await?))
    }

    /// Campaigns of the caller's tenant, its subtree and its ancestors.
    #[graphql(complexity = "first.unwrap_or(20).max(1) as usize * child_complexity")]
    async fn campaigns(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Conn<CampaignNode>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let req = page_request(ctx, &state.settings.graphql, first, after)?;
        Ok(connection(campaigns::list(&state.db, &scope, req).await?, |c| c.id, CampaignNode))
    }

    /// The task decomposition table of an (indicator, period) at a tenant of the caller's subtree
    /// (default: its own).
    async fn decomposition(
        &self,
        ctx: &Context<'_>,
        tenant_id: Option<ID>,
        indicator_id: ID,
        period: String,
    ) -> Result<Decomposition> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let tenant =
            tenant_id.as_ref().map(|t| parse_id("tenantId", t).map(TenantId)).transpose()?.unwrap_or(scope.home());
        let d =
            targets::decomposition(&state.db, &scope, tenant, parse_id("indicatorId", &indicator_id)?, &period).await?;
        Ok(Decomposition {
            tenant: d.tenant.into(),
            indicator: IndicatorNode(d.indicator),
            period: d.period.to_string(),
            own_target: d.own_target,
            quota_received: d.quota_received,
            target: d.target.map(|(v, _)| v),
            target_source: d.target.map(|(_, s)| s.into()),
            actual: d.actual,
            completion: d.completion,
            handed_down: d.handed_down,
            gap: d.gap,
            children: d
                .children
                .into_iter()
                .map(|c| ChildShare {
                    target: c.target.map(|(v, _)| v),
                    target_source: c.target.map(|(_, s)| s.into()),
                    tenant: c.tenant.into(),
                    quota: c.quota,
                    own_target: c.own_target,
                    actual: c.actual,
                    completion: c.completion,
                })
                .collect(),
        })
    }
}

#[derive(InputObject)]
pub struct DefineIndicatorInput {
    /// 1–32 of A-Z, 0-9, '_', '-', '.'; unique within your tenant.
    pub code: String,
    pub name: String,
    /// 场次, 份, 条, 期, 万元, 亿元, 户, 人, 个 or %.
    pub measure_unit: String,
    pub value_type: ValueType,
    pub aggregation: Aggregation,
    pub category: IndicatorCategory,
    #[graphql(default)]
    pub description: String,
}

#[derive(InputObject)]
pub struct CampaignPhaseInput {
    pub name: String,
    pub start_year: i32,
    pub end_year: i32,
}

#[derive(InputObject)]
pub struct CreateCampaignInput {
    pub name: String,
    pub start_year: i32,
    pub end_year: i32,
    /// Consecutive phases covering the campaign, e.g. 一年强基础 / 两年见成效 / 三年创示范.
    #[graphql(default)]
    pub phases: Vec<CampaignPhaseInput>,
}

#[derive(InputObject)]
pub struct QuotaInput {
    /// A direct child of your tenant.
    pub tenant_id: ID,
    pub quota: Decimal,
}

/// One indicator's column of the decomposition table (任务分解表) being saved.
#[derive(InputObject)]
pub struct IndicatorQuotasInput {
    pub indicator_id: ID,
    /// 本级目标: your own tenant's target; left out, it stays as it is.
    pub target: Option<Decimal>,
    /// 下达配额: quotas for direct children of your tenant; children left out keep theirs.
    #[graphql(default)]
    pub allocations: Vec<QuotaInput>,
}

#[derive(Default)]
pub struct IndicatorMutation;

#[Object]
impl IndicatorMutation {
    /// Defines an indicator for your tenant and everything below it (ADMIN).
    async fn define_indicator(&self, ctx: &Context<'_>, input: DefineIndicatorInput) -> Result<IndicatorNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let input = NewIndicator {
            code: input.code,
            name: input.name,
            measure_unit: input.measure_unit,
            value_type: input.value_type.into(),
            aggregation: input.aggregation.into(),
            category: input.category.into(),
            description: input.description,
        };
        Ok(IndicatorNode(indicators::create(state, &scope, input).await?))
    }

    /// Retires an indicator your tenant defined (ADMIN): history stays, no new targets or reports.
    async fn retire_indicator(&self, ctx: &Context<'_>, id: ID, version: i32) -> Result<IndicatorNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(IndicatorNode(indicators::retire(state, &scope, parse_id("id", &id)?, version).await?))
    }

    /// Defines a campaign for your tenant and everything below it (ADMIN).
    async fn create_campaign(&self, ctx: &Context<'_>, input: CreateCampaignInput) -> Result<CampaignNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let input = NewCampaign {
            name: input.name,
            start_year: input.start_year,
            end_year: input.end_year,
            phases: input
                .phases
                .into_iter()
                .map(|p| Phase { name: p.name, start_year: p.start_year, end_year: p.end_year })
                .collect(),
        };
        Ok(CampaignNode(campaigns::create(state, &scope, input).await?))
    }

    /// Sets your own tenant's target for an (indicator, period) (ADMIN). It may not be below the
    /// quota your parent handed you.
    async fn set_target(&self, ctx: &Context<'_>, indicator_id: ID, period: String, value: Decimal) -> Result<Target> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let id = parse_id("indicatorId", &indicator_id)?;
        Ok(targets::set_target(state, &scope, id, &period, value).await?.into())
    }

    /// Hands quotas of an (indicator, period) to direct children of your tenant (ADMIN), all or
    /// none.
    async fn allocate_quotas(
        &self,
        ctx: &Context<'_>,
        indicator_id: ID,
        period: String,
        allocations: Vec<QuotaInput>,
    ) -> Result<Vec<Target>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let id = parse_id("indicatorId", &indicator_id)?;
        let allocations = allocations
            .into_iter()
            .map(|a| parse_id("allocations.tenantId", &a.tenant_id).map(|t| (TenantId(t), a.quota)))
            .collect::<Result<Vec<_>, _>>()?;
        let rows = targets::allocate(state, &scope, id, &period, allocations).await?;
        Ok(rows.into_iter().map(Target::from).collect())
    }

    /// 保存任务分解表: saves your own tenant's decomposition table for a period (ADMIN) in one
    /// transaction, all or none: for each indicator your own target and the quotas handed to
    /// direct children, checked as `setTarget` and `allocateQuotas` check them. Every wrong line
    /// is reported at once in `extensions.lines`, each naming its place
    /// (`indicators[1].allocations[0].quota`, `indicators[0].target`). Figures saved again
    /// unchanged are not rewritten. Returns the rows of the lines named.
    async fn save_decomposition(
        &self,
        ctx: &Context<'_>,
        period: String,
        indicators: Vec<IndicatorQuotasInput>,
    ) -> Result<Vec<Target>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let columns = indicators
            .into_iter()
            .enumerate()
            .map(|(i, c)| {
                let at = format!("indicators[{i}]");
                let allocations = c
                    .allocations
                    .into_iter()
                    .enumerate()
                    .map(|(j, a)| {
                        parse_id(&format!("{at}.allocations[{j}].tenantId"), &a.tenant_id)
                            .map(|t| (TenantId(t), a.quota))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(targets::Column {
                    indicator_id: parse_id(&format!("{at}.indicatorId"), &c.indicator_id)?,
                    target: c.target,
                    allocations,
                })
            })
            .collect::<Result<Vec<_>, crate::error::AppError>>()?;
        let rows = targets::save_decomposition(state, &scope, &period, columns).await?;
        Ok(rows.into_iter().map(Target::from).collect())
    }
}
