//! The append-only audit trail: written in the caller's transaction, read by ADMINs of the
//! owning tenant's ancestors.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::Serialize;

use super::page::{self, Page, PageRequest};
use super::write::Write;
use crate::auth::{Scope, subtree_of};
use crate::domain::dates::{self, Ahead};
use crate::domain::ids::*;
use crate::domain::period::china_today;
use crate::domain::role::Role;
use crate::domain::text;
use crate::error::AppError;
use entity::audit_log;

/// Who acted: a signed-in user, or the system (CLI bootstrap, demo loader).
#[derive(Clone, Copy, Debug)]
pub struct Actor {
    pub user: Option<UserId>,
    pub tenant: Option<TenantId>,
}

impl Actor {
    pub const SYSTEM: Actor = Actor { user: None, tenant: None };
}

impl From<&Scope> for Actor {
    fn from(scope: &Scope) -> Self {
        Actor { user: Some(scope.user_id()), tenant: Some(scope.home()) }
    }
}

pub struct Entry<'a, B: Serialize, A: Serialize> {
    pub tenant: TenantId,
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: String,
    pub before: Option<&'a B>,
    pub after: Option<&'a A>,
}

fn to_json<T: Serialize>(v: Option<&T>) -> Result<Option<String>, AppError> {
    v.map(|v| serde_json::to_string(v).map_err(AppError::internal)).transpose()
}

/// The audit row for `entry`, to be written by [`record`] or [`record_all`].
pub fn row<B: Serialize, A: Serialize>(
    actor: Actor,
    entry: Entry<'_, B, A>,
) -> Result<audit_log::ActiveModel, AppError> {
    Ok(audit_log::ActiveModel {
        at: Set(Utc::now()),
        actor_user_id: Set(actor.user),
        actor_tenant_id: Set(actor.tenant),
        tenant_id: Set(entry.tenant),
        action: Set(entry.action.to_owned()),
        entity_type: Set(entry.entity_type.to_owned()),
        entity_id: Set(entry.entity_id),
        before: Set(to_json(entry.before)?),
        after: Set(to_json(entry.after)?),
        ..Default::default()
    })
}

/// Appends one audit row to the write (it is written with the write's commit).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn record<B, A>(w: &Write, actor: Actor, entry: Entry<'_, B, A>) -> Result<(), AppError>
where
    B: Serialize,
    A: Serialize,
{
    w.audit_as(actor, entry)
}

/// Appends many audit rows made with [`row`] to the write.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn record_all(w: &Write, rows: Vec<audit_log::ActiveModel>) -> Result<(), AppError> {
    w.audit_rows(rows);
    Ok(())
}

/// Audit rows per statement when many are written at once (9 values each).
const ROWS_PER_INSERT: usize = 500;
/// The longest action, entity type or entity id a filter may name.
const FILTER_TEXT_MAX: usize = 200;

/// Inserts audit rows, one statement per 500 of them: only the write path's commit does this.
pub(super) async fn insert_all<C: ConnectionTrait>(
    db: &C,
    mut rows: Vec<audit_log::ActiveModel>,
) -> Result<(), AppError> {
    while !rows.is_empty() {
        let rest = rows.split_off(rows.len().min(ROWS_PER_INSERT));
        audit_log::Entity::insert_many(rows).exec_without_returning(db).await?;
        rows = rest;
    }
    Ok(())
}

#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub tenant: Option<TenantId>,
    /// Include the tenant's whole subtree (default: that tenant only).
    pub include_subtree: bool,
    pub actor: Option<UserId>,
    pub action: Option<String>,
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

/// Audit entries of the ADMIN's subtree, oldest first.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn list<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    filter: Filter,
    req: PageRequest,
) -> Result<Page<audit_log::Model>, AppError> {
    scope.require(Role::Admin)?;
    let mut q = scope.select::<audit_log::Entity>();
    if let Some(t) = filter.tenant {
        scope.check_tenant(db, t, "tenant").await?;
        if filter.include_subtree {
            q = q.filter(audit_log::Column::TenantId.in_subquery(subtree_of(t)));
        } else {
            q = q.filter(audit_log::Column::TenantId.eq(t.0));
        }
    }
    if let Some(a) = filter.actor {
        q = q.filter(audit_log::Column::ActorUserId.eq(a.0));
    }
    if let Some(a) = filter.action {
        q = q.filter(audit_log::Column::Action.eq(text::bounded("action", &a, FILTER_TEXT_MAX)?));
    }
    if let Some(e) = filter.entity_type {
        q = q.filter(audit_log::Column::EntityType.eq(text::bounded("entityType", &e, FILTER_TEXT_MAX)?));
    }
    if let Some(e) = filter.entity_id {
        q = q.filter(audit_log::Column::EntityId.eq(text::bounded("entityId", &e, FILTER_TEXT_MAX)?));
    }
    let today = china_today();
    if let Some(s) = filter.since {
        q = q.filter(audit_log::Column::At.gte(dates::within_instant("since", s, today, Ahead::Year)?));
    }
    if let Some(u) = filter.until {
        q = q.filter(audit_log::Column::At.lt(dates::within_instant("until", u, today, Ahead::Year)?));
    }
    page::fetch(db, q, audit_log::Column::Id, req).await
}
