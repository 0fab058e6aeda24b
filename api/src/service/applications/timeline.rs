//! The timeline of an application: every step, oldest first, with the level that took it.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder};

use super::corrupt;
use crate::auth::Scope;
use crate::domain::application::Status;
use crate::domain::ids::*;
use crate::error::AppError;
use crate::service::tenants;
use entity::application_event;

#[derive(Clone, Debug)]
pub struct Event {
    pub id: ApplicationEventId,
    pub action: String,
    pub from_status: Option<Status>,
    pub to_status: Status,
    /// The level at which the step was taken (identity).
    pub at_tenant: tenants::Tenant,
    pub actor_name: String,
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
}

/// The full timeline of an application in scope, oldest first. Two statements whatever its
/// length: the events (owned by the unit's tenant, so the scope filter alone makes them safe to
/// read) and the identity of the levels they name.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn timeline<C: ConnectionTrait>(db: &C, scope: &Scope, id: ApplicationId) -> Result<Vec<Event>, AppError> {
    let rows = scope
        .select::<application_event::Entity>()
        .filter(application_event::Column::ApplicationId.eq(id))
        .order_by_asc(application_event::Column::Id)
        .all(db)
        .await?;
    let mut ids: Vec<TenantId> = rows.iter().map(|e| e.at_tenant_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let places: std::collections::HashMap<TenantId, tenants::Tenant> =
        crate::store::unscoped::tenants_on_route(db, ids)
            .await?
            .into_iter()
            .map(|t| tenants::Tenant::try_from(t).map(|t| (t.id, t)))
            .collect::<Result<_, _>>()?;
    rows.into_iter()
        .map(|e| {
            Ok(Event {
                id: e.id,
                from_status: e
                    .from_status
                    .as_deref()
                    .map(|s| Status::parse(s).ok_or_else(|| corrupt("status", e.application_id)))
                    .transpose()?,
                to_status: Status::parse(&e.to_status).ok_or_else(|| corrupt("status", e.application_id))?,
                action: e.action,
                at_tenant: places.get(&e.at_tenant_id).cloned().ok_or_else(|| corrupt("tenant", e.application_id))?,
                actor_name: e.actor_name,
                reason: e.reason,
                at: e.at,
            })
        })
        .collect()
}
