//! Defining indicators and campaigns, setting targets, handing down quotas and saving the
//! decomposition table.

use super::*;

#[derive(InputObject)]
pub struct DefineIndicatorInput {
    /// 1–32 of A-Z, 0-9, '_', '-', '.'; unique within your tenant.
    pub code: String,
    pub name: String,
    /// Any unit of 1 to 16 characters, e.g. 场次, 份, 条, 期, 万元, 亿元, 户, 人, 人次, 个, %.
    pub measure_unit: String,
    pub value_type: ValueType,
    pub aggregation: Aggregation,
    pub category: IndicatorCategory,
    #[graphql(default)]
    pub description: String,
}

/// What changes about an indicator; a field left out stays as it is.
#[derive(InputObject)]
pub struct UpdateIndicatorInput {
    pub id: ID,
    /// The version read (CONFLICT when someone changed it since).
    pub version: i32,
    pub name: Option<String>,
    /// Only while no figure or target uses the indicator (CONFLICT, saying how many do).
    pub measure_unit: Option<String>,
    pub description: Option<String>,
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

    /// Corrects an indicator your tenant defined (ADMIN): its name and description at any time,
    /// its unit of measure while no figure or target uses it. Audited with before and after.
    async fn update_indicator(&self, ctx: &Context<'_>, input: UpdateIndicatorInput) -> Result<IndicatorNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let edit = indicators::IndicatorEdit {
            name: input.name,
            measure_unit: input.measure_unit,
            description: input.description,
        };
        let id = parse_id("id", &input.id)?;
        Ok(IndicatorNode(indicators::update(state, &scope, id, input.version, edit).await?))
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

    /// Removes your tenant's own target of an (indicator, period) set by mistake (ADMIN);
    /// CONFLICT while quotas of it are handed to children. Answers the row as it is left.
    async fn remove_target(&self, ctx: &Context<'_>, indicator_id: ID, period: String) -> Result<Target> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let id = parse_id("indicatorId", &indicator_id)?;
        Ok(targets::remove_target(state, &scope, id, &period).await?.into())
    }

    /// Takes back the quota handed to a direct child (ADMIN); CONFLICT while the child has
    /// handed quotas of it further down. Answers the child's row as it is left.
    async fn remove_quota(&self, ctx: &Context<'_>, indicator_id: ID, period: String, tenant_id: ID) -> Result<Target> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let id = parse_id("indicatorId", &indicator_id)?;
        let child = parse_id("tenantId", &tenant_id)?;
        Ok(targets::remove_quota(state, &scope, id, &period, child).await?.into())
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
