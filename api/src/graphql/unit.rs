//! Units (创建单位).

use crate::domain::search::Contains;
use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};

use super::kit::connection::{Conn, connection, page_request, parse_id};
use super::kit::context::ContextExt;
use super::kit::enums::UnitCategory;
use super::tenant::TenantRef;
use crate::domain::ids::*;
use crate::service::units::{self, EthnicPresence, Filter, Profile, Unit};

/// An ethnic group present in a unit, optionally at a named place (e.g. 纳接屯 · 壮族).
#[derive(SimpleObject, InputObject, Clone)]
#[graphql(input_name = "EthnicPresenceInput", name = "EthnicPresence")]
pub struct EthnicPresenceGql {
    /// e.g. 壮族
    pub group: String,
    /// e.g. 纳接屯
    pub place: Option<String>,
}

pub struct UnitNode(pub Unit);

#[Object(name = "Unit")]
impl UnitNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn category(&self) -> UnitCategory {
        self.0.category.into()
    }
    /// e.g. 社区(村)
    async fn category_label(&self) -> &'static str {
        self.0.category.label()
    }
    /// The tenant the unit belongs to (identity).
    async fn tenant(&self, ctx: &Context<'_>) -> Result<TenantRef> {
        super::tenant::tenant_ref(ctx, self.0.tenant_id).await
    }
    async fn address(&self) -> &str {
        &self.0.address
    }
    async fn contact_name(&self) -> &str {
        &self.0.contact_name
    }
    async fn contact_phone(&self) -> &str {
        &self.0.contact_phone
    }
    /// 户数
    async fn households(&self) -> Option<i32> {
        self.0.households
    }
    /// 人口
    async fn population(&self) -> Option<i32> {
        self.0.population
    }
    async fn ethnic_groups(&self) -> Vec<EthnicPresenceGql> {
        self.0
            .ethnic_groups
            .iter()
            .map(|g| EthnicPresenceGql { group: g.group.clone(), place: g.place.clone() })
            .collect()
    }
    async fn description(&self) -> &str {
        &self.0.description
    }
    async fn archived(&self) -> bool {
        self.0.archived_at.is_some()
    }
    async fn archived_at(&self) -> Option<DateTime<Utc>> {
        self.0.archived_at
    }
    /// Send it back with `updateUnit` / `archiveUnit`; a stale version answers CONFLICT.
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

#[derive(InputObject, Default)]
pub struct UnitFilter {
    /// Units of this tenant (in the caller's subtree).
    pub tenant_id: Option<ID>,
    /// With `tenantId`: its whole subtree.
    #[graphql(default)]
    pub include_subtree: bool,
    pub category: Option<UnitCategory>,
    #[graphql(default)]
    pub include_archived: bool,
    pub name_contains: Option<String>,
}

#[derive(Default)]
pub struct UnitQuery;

#[Object]
impl UnitQuery {
    /// A unit of the caller's subtree. NOT_FOUND for any other id.
    async fn unit(&self, ctx: &Context<'_>, id: ID) -> Result<UnitNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(UnitNode(units::get(&state.db, &scope, parse_id("id", &id)?).await?))
    }

    /// Units of the caller's subtree (archived ones only on request).
    #[graphql(complexity = "first.unwrap_or(20).max(1) as usize * child_complexity")]
    async fn units(
        &self,
        ctx: &Context<'_>,
        filter: Option<UnitFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Conn<UnitNode>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let req = page_request(ctx, &state.settings.graphql, first, after)?;
        let f = filter.unwrap_or_default();
        let filter = Filter {
            tenant: f.tenant_id.as_ref().map(|t| parse_id("filter.tenantId", t).map(TenantId)).transpose()?,
            include_subtree: f.include_subtree,
            category: f.category.map(Into::into),
            include_archived: f.include_archived,
            name_contains: f
                .name_contains
                .as_deref()
                .map(|n| Contains::parse("filter.nameContains", n))
                .transpose()?
                .flatten(),
        };
        let page = units::list(&state.db, &scope, filter, req).await?;
        Ok(connection(page, |u| u.id, UnitNode))
    }
}

/// A unit's profile.
#[derive(InputObject)]
pub struct UnitProfileInput {
    /// Up to 100 characters.
    pub name: String,
    /// Required when creating; unchanged when omitted on update.
    pub category: Option<UnitCategory>,
    #[graphql(default)]
    pub address: String,
    #[graphql(default)]
    pub contact_name: String,
    #[graphql(default)]
    pub contact_phone: String,
    pub households: Option<i32>,
    pub population: Option<i32>,
    #[graphql(default)]
    pub ethnic_groups: Vec<EthnicPresenceGql>,
    #[graphql(default)]
    pub description: String,
}

impl From<UnitProfileInput> for Profile {
    fn from(p: UnitProfileInput) -> Self {
        Profile {
            name: p.name,
            category: p.category.map(Into::into),
            address: p.address,
            contact_name: p.contact_name,
            contact_phone: p.contact_phone,
            households: p.households,
            population: p.population,
            ethnic_groups: p
                .ethnic_groups
                .into_iter()
                .map(|g| EthnicPresence { group: g.group, place: g.place })
                .collect(),
            description: p.description,
        }
    }
}

#[derive(Default)]
pub struct UnitMutation;

#[Object]
impl UnitMutation {
    /// Registers a unit in a tenant of the caller's subtree (ADMIN or REPORTER).
    async fn create_unit(&self, ctx: &Context<'_>, tenant_id: ID, profile: UnitProfileInput) -> Result<UnitNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let tenant = parse_id("tenantId", &tenant_id)?;
        Ok(UnitNode(units::create(state, &scope, tenant, profile.into()).await?))
    }

    /// Replaces a unit's profile (ADMIN or REPORTER). `version` is the one you read.
    async fn update_unit(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        profile: UnitProfileInput,
    ) -> Result<UnitNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(UnitNode(units::update(state, &scope, parse_id("id", &id)?, version, profile.into()).await?))
    }

    /// Archives a unit (ADMIN). Its history and titles stay.
    async fn archive_unit(&self, ctx: &Context<'_>, id: ID, version: i32) -> Result<UnitNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(UnitNode(units::archive(state, &scope, parse_id("id", &id)?, version).await?))
    }
}
