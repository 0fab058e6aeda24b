//! Tenants: the tree of governments (城市 > 县区 > 乡镇街道).

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};

use super::kit::connection::{Conn, connection, page_request, parse_id};
use super::kit::context::ContextExt;
use super::user::UserNode;
use crate::domain::ids::*;
use crate::domain::search::Contains;
use crate::domain::tenant::Level;
use crate::service::tenants::{self, NewTenant, Tenant};
use crate::service::users;

/// Administrative level of a tenant.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "TenantLevel")]
pub enum TenantLevel {
    /// 市级 — a prefecture-level city.
    City,
    /// 县(区)级 — a county, district or autonomous county.
    County,
    /// 乡镇(街道)级 — a town, township or subdistrict.
    Township,
}

impl From<Level> for TenantLevel {
    fn from(l: Level) -> Self {
        match l {
            Level::City => TenantLevel::City,
            Level::County => TenantLevel::County,
            Level::Township => TenantLevel::Township,
        }
    }
}

impl From<TenantLevel> for Level {
    fn from(l: TenantLevel) -> Self {
        match l {
            TenantLevel::City => Level::City,
            TenantLevel::County => Level::County,
            TenantLevel::Township => Level::Township,
        }
    }
}

/// Identity of a tenant (id, code, name, level): all that is shown of tenants above the caller.
#[derive(SimpleObject)]
pub struct TenantRef {
    pub id: ID,
    /// Administrative division code (GB/T 2260).
    pub code: String,
    pub name: String,
    pub level: TenantLevel,
    /// Chinese label of the level, e.g. 县(区)级.
    pub level_label: &'static str,
}

impl From<Tenant> for TenantRef {
    fn from(t: Tenant) -> Self {
        TenantRef {
            id: ID(t.id.to_string()),
            code: t.code,
            name: t.name,
            level: t.level.into(),
            level_label: t.level.label(),
        }
    }
}

/// Identity of a tenant the caller may name: in its subtree or above it.
pub async fn tenant_ref(ctx: &Context<'_>, id: TenantId) -> Result<TenantRef> {
    if let Some(t) = super::kit::loaders::tenant(ctx, id).await? {
        return Ok(t.into());
    }
    let (state, scope) = (ctx.state()?, ctx.scope()?);
    Ok(tenants::identity(&state.db, &scope, id).await?.into())
}

/// A government taking part in the campaign: a city, county or township.
pub struct TenantNode(pub Tenant);

#[Object(name = "Tenant")]
impl TenantNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Administrative division code (GB/T 2260): 6 digits for city and county, 9 for township.
    async fn code(&self) -> &str {
        &self.0.code
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn level(&self) -> TenantLevel {
        self.0.level.into()
    }
    /// Chinese label of the level, e.g. 乡镇(街道)级.
    async fn level_label(&self) -> &'static str {
        self.0.level.label()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// The tenant one level up (identity only); null for a city.
    async fn parent(&self, ctx: &Context<'_>) -> Result<Option<TenantRef>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(tenants::parent(&state.db, &scope, &self.0).await?.map(TenantRef::from))
    }
    /// Every tenant above this one, the city first (identity only).
    async fn ancestors(&self, ctx: &Context<'_>) -> Result<Vec<TenantRef>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(tenants::ancestors(&state.db, &scope, self.0.id).await?.into_iter().map(TenantRef::from).collect())
    }
    /// Tenants directly below this one.
    #[graphql(complexity = "first.unwrap_or(20).max(1) as usize * child_complexity")]
    async fn children(&self, ctx: &Context<'_>, first: Option<i32>, after: Option<String>) -> Result<Conn<TenantNode>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let req = page_request(ctx, &state.settings.graphql, first, after)?;
        let page = tenants::children(&state.db, &scope, self.0.id, req).await?;
        Ok(connection(page, |t| t.id, TenantNode))
    }
    /// Target against actual here for a period and up to 100 indicators. Batched across the
    /// tenants of one request: a dashboard of all townships costs the same few statements.
    async fn rollup(
        &self,
        ctx: &Context<'_>,
        period: String,
        indicator_ids: Vec<ID>,
    ) -> Result<Vec<super::rollup::RollupResult>> {
        super::rollup::load_rollups(ctx, self.0.id, &period, &indicator_ids).await
    }

    /// Users whose home is this tenant.
    #[graphql(complexity = "first.unwrap_or(20).max(1) as usize * child_complexity")]
    async fn users(&self, ctx: &Context<'_>, first: Option<i32>, after: Option<String>) -> Result<Conn<UserNode>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let req = page_request(ctx, &state.settings.graphql, first, after)?;
        let page = users::list(&state.db, &scope, Some(self.0.id), req).await?;
        Ok(connection(page, |u| u.id, UserNode::from))
    }
}

#[derive(Default)]
pub struct TenantQuery;

#[Object]
impl TenantQuery {
    /// A tenant in the caller's subtree. NOT_FOUND for any other id.
    async fn tenant(&self, ctx: &Context<'_>, id: ID) -> Result<TenantNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let id = parse_id("id", &id)?;
        Ok(TenantNode(tenants::get(&state.db, &scope, id).await?))
    }

    /// A tenant in the caller's subtree by its administrative division code (GB/T 2260), the
    /// way officials name their places: 450225 is 融水苗族自治县. Full-width digits are read
    /// as digits. NOT_FOUND for any other code, a sibling's included.
    async fn tenant_by_code(&self, ctx: &Context<'_>, code: String) -> Result<TenantNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(TenantNode(tenants::by_code(&state.db, &scope, &code).await?))
    }

    /// Every tenant in the caller's subtree (the caller's own included), optionally of one level
    /// and whose name contains `nameContains` (matched literally, e.g. 融水 or 寨).
    #[graphql(complexity = "first.unwrap_or(20).max(1) as usize * child_complexity")]
    async fn tenants(
        &self,
        ctx: &Context<'_>,
        level: Option<TenantLevel>,
        name_contains: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Conn<TenantNode>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let name = name_contains.as_deref().map(|n| Contains::parse("nameContains", n)).transpose()?.flatten();
        let req = page_request(ctx, &state.settings.graphql, first, after)?;
        let page = tenants::list(&state.db, &scope, level.map(Level::from), name, req).await?;
        Ok(connection(page, |t| t.id, TenantNode))
    }
}

#[derive(InputObject)]
pub struct CreateTenantInput {
    /// The tenant one level up; must be in the caller's subtree.
    pub parent_id: ID,
    /// Division code: 6 digits for a county (sharing the city's first four), 9 for a township
    /// (starting with the county's six).
    pub code: String,
    /// Up to 100 characters.
    pub name: String,
}

#[derive(Default)]
pub struct TenantMutation;

#[Object]
impl TenantMutation {
    /// Creates a tenant one level below `parentId` (ADMIN). The level follows from the parent.
    async fn create_tenant(&self, ctx: &Context<'_>, input: CreateTenantInput) -> Result<TenantNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let input =
            NewTenant { parent_id: parse_id("parentId", &input.parent_id)?, code: input.code, name: input.name };
        Ok(TenantNode(tenants::create(state, &scope, input).await?))
    }

    /// Renames a tenant below yours (ADMIN; a division is named by the level above it). Its
    /// division code, place in the tree and figures stay; audited with the old name.
    async fn rename_tenant(&self, ctx: &Context<'_>, id: ID, name: String) -> Result<TenantNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(TenantNode(tenants::rename(state, &scope, parse_id("id", &id)?, &name).await?))
    }
}
