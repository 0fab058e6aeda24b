//! The audit log, for ADMINs of the tenants above the entries.

use async_graphql::{Context, ID, InputObject, Json, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};

use super::kit::connection::{Conn, connection, page_request, parse_id};
use super::kit::context::ContextExt;
use crate::domain::ids::*;
use crate::service::audit::{self, Filter};
use entity::audit_log;

/// One change, as it was recorded in the same transaction as the change itself.
#[derive(SimpleObject)]
pub struct AuditEntry {
    pub id: ID,
    pub at: DateTime<Utc>,
    /// Who acted; null for the system (bootstrap, demo loader).
    pub actor_user_id: Option<ID>,
    pub actor_tenant_id: Option<ID>,
    /// The tenant the entry belongs to.
    pub tenant_id: ID,
    /// e.g. `tenant.create`, `user.update_roles`, `session.login`.
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    /// The entity before the change (null for a creation).
    pub before: Option<Json<serde_json::Value>>,
    /// The entity after the change.
    pub after: Option<Json<serde_json::Value>>,
}

fn json(text: Option<String>) -> Option<Json<serde_json::Value>> {
    text.and_then(|t| serde_json::from_str(&t).ok()).map(Json)
}

impl From<audit_log::Model> for AuditEntry {
    fn from(m: audit_log::Model) -> Self {
        AuditEntry {
            id: ID(m.id.to_string()),
            at: m.at,
            actor_user_id: m.actor_user_id.map(|v| ID(v.to_string())),
            actor_tenant_id: m.actor_tenant_id.map(|v| ID(v.to_string())),
            tenant_id: ID(m.tenant_id.to_string()),
            action: m.action,
            entity_type: m.entity_type,
            entity_id: m.entity_id,
            before: json(m.before),
            after: json(m.after),
        }
    }
}

#[derive(InputObject, Default)]
pub struct AuditLogFilter {
    /// Only entries of this tenant (in the caller's subtree).
    pub tenant_id: Option<ID>,
    /// With `tenantId`: include the tenant's whole subtree.
    #[graphql(default)]
    pub include_subtree: bool,
    pub actor_user_id: Option<ID>,
    pub action: Option<String>,
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    /// Entries at or after this instant.
    pub since: Option<DateTime<Utc>>,
    /// Entries before this instant.
    pub until: Option<DateTime<Utc>>,
}

#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// Audit entries of the caller's subtree, oldest first (ADMIN).
    #[graphql(complexity = "first.unwrap_or(20).max(1) as usize * child_complexity")]
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        filter: Option<AuditLogFilter>,
    ) -> Result<Conn<AuditEntry>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let req = page_request(ctx, &state.settings.graphql, first, after)?;
        let f = filter.unwrap_or_default();
        let filter = Filter {
            tenant: f.tenant_id.as_ref().map(|t| parse_id("filter.tenantId", t).map(TenantId)).transpose()?,
            include_subtree: f.include_subtree,
            actor: f.actor_user_id.as_ref().map(|u| parse_id("filter.actorUserId", u).map(UserId)).transpose()?,
            action: f.action,
            entity_type: f.entity_type,
            entity_id: f.entity_id,
            since: f.since,
            until: f.until,
        };
        let page = audit::list(&state.db, &scope, filter, req).await?;
        Ok(connection(page, |e| e.id, AuditEntry::from))
    }
}
