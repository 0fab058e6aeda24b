//! Applications (申报) for a designation, their climb up the levels, and their timeline.
//!
//! The applicant (REPORTER or ADMIN of the unit's own tenant) drafts and submits; a REVIEWER of
//! each tenant on the route decides in turn (see `domain::application`). Every write carries the
//! version the caller saw: of two concurrent decisions one wins, the other gets CONFLICT.
//!
//! - `steps`: drafting, revising, submitting and deciding, each through the one write path;
//! - `timeline`: every step of an application, oldest first;
//! - here: the application as services see it, and the reads (one, a filtered list, the queue).

mod steps;
mod timeline;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter};
use serde::Serialize;

pub(crate) use self::steps::transition;
pub use self::steps::{NewApplication, create, decide, revise, submit};
pub use self::timeline::{Event, timeline};
use super::page::{self, Page, PageRequest};
use crate::auth::{Scope, subtree_of};
pub use crate::domain::application::Content;
use crate::domain::application::Status;
use crate::domain::ids::*;
use crate::domain::tenant::Level;
use crate::domain::unit::{Category, DesignationKind};
use crate::error::AppError;
use entity::application;

#[derive(Clone, Debug, Serialize)]
pub struct Application {
    pub id: ApplicationId,
    pub unit_id: UnitId,
    pub unit_tenant_id: TenantId,
    pub category: Category,
    pub kind: DesignationKind,
    pub level: Level,
    pub designating_tenant_id: TenantId,
    pub current_tenant_id: TenantId,
    pub status: Status,
    pub statement: String,
    pub self_evaluation: String,
    pub evidence: Vec<String>,
    pub batch_id: Option<BatchId>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub(super) fn corrupt(what: &str, id: impl std::fmt::Display) -> AppError {
    AppError::internal(format!("application {id} has an unknown {what}"))
}

impl TryFrom<application::Model> for Application {
    type Error = AppError;
    fn try_from(m: application::Model) -> Result<Self, AppError> {
        Ok(Application {
            id: m.id,
            unit_id: m.unit_id,
            unit_tenant_id: m.unit_tenant_id,
            category: Category::parse(&m.category).ok_or_else(|| corrupt("category", m.id))?,
            kind: DesignationKind::parse(&m.kind).ok_or_else(|| corrupt("kind", m.id))?,
            level: Level::parse(&m.level).ok_or_else(|| corrupt("level", m.id))?,
            designating_tenant_id: m.designating_tenant_id,
            current_tenant_id: m.current_tenant_id,
            status: Status::parse(&m.status).ok_or_else(|| corrupt("status", m.id))?,
            evidence: serde_json::from_str(&m.evidence).map_err(AppError::internal)?,
            statement: m.statement,
            self_evaluation: m.self_evaluation,
            batch_id: m.batch_id,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
    }
}

/// An application in scope, or NOT_FOUND.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn get<C: ConnectionTrait>(db: &C, scope: &Scope, id: ApplicationId) -> Result<Application, AppError> {
    scope.get::<application::Entity>(db, id).await?.try_into()
}

#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub status: Option<Status>,
    pub kind: Option<DesignationKind>,
    pub level: Option<Level>,
    pub category: Option<Category>,
    /// Applications of units in this tenant's subtree.
    pub tenant: Option<TenantId>,
    pub batch_id: Option<BatchId>,
    pub unit_id: Option<UnitId>,
}

/// Applications of units in scope, filtered.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn list<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    f: Filter,
    req: PageRequest,
) -> Result<Page<Application>, AppError> {
    let mut q = scope.select::<application::Entity>();
    if let Some(t) = f.tenant {
        scope.check_tenant(db, t, "tenant").await?;
        q = q.filter(application::Column::UnitTenantId.in_subquery(subtree_of(t)));
    }
    if let Some(s) = f.status {
        q = q.filter(application::Column::Status.eq(s.as_str()));
    }
    if let Some(k) = f.kind {
        q = q.filter(application::Column::Kind.eq(k.as_str()));
    }
    if let Some(l) = f.level {
        q = q.filter(application::Column::Level.eq(l.as_str()));
    }
    if let Some(c) = f.category {
        q = q.filter(application::Column::Category.eq(c.as_str()));
    }
    if let Some(b) = f.batch_id {
        q = q.filter(application::Column::BatchId.eq(b));
    }
    if let Some(u) = f.unit_id {
        q = q.filter(application::Column::UnitId.eq(u));
    }
    page::fetch(db, q, application::Column::Id, req).await?.try_map(Application::try_from)
}

/// What waits on the caller's level: submitted applications whose turn is the caller's tenant.
/// Two statements: the count and the page (index `idx_application_queue`).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn queue<C: ConnectionTrait>(db: &C, scope: &Scope, req: PageRequest) -> Result<Page<Application>, AppError> {
    let q = scope
        .select::<application::Entity>()
        .filter(application::Column::CurrentTenantId.eq(scope.home()))
        .filter(application::Column::Status.eq(Status::Submitted.as_str()));
    page::fetch(db, q, application::Column::Id, req).await?.try_map(Application::try_from)
}
