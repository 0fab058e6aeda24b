//! Reading indicators, campaigns and the decomposition table.

use super::*;

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
