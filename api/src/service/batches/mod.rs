//! Batches (第一批, 第二批 …): a designating tenant gathers approved applications, optionally
//! capped per category, and publishes them on a date. Publishing creates the designations and
//! freezes the batch.
//!
//! - here: the batch as services see it and the reads (one, a list, its applications);
//! - `draft`: opening a batch, adding and removing applications, held to the batch's quotas;
//! - `publish`: publishing a batch (its designations) and its public notice.

mod draft;
mod publish;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;

use super::applications::{self, Application};
use super::audit::{self, Actor};
use super::page::{self, Page, PageRequest};
use super::tenants;
use super::write::{Touch, Write};
use crate::auth::Scope;
use crate::domain::application::Status;
use crate::domain::dates::{self, Ahead};
use crate::domain::ids::*;
use crate::domain::role::Role;
use crate::domain::tenant::Level;
use crate::domain::text;
use crate::domain::unit::{Category, DesignationKind};
use crate::error::AppError;
use crate::state::AppState;
use entity::{application, batch, batch_quota, designation};

pub use self::draft::{NewBatch, add, create, remove};
pub use self::publish::{NoticeEntry, notice, publish};

pub const DRAFT: &str = "DRAFT";
pub const PUBLISHED: &str = "PUBLISHED";

#[derive(Clone, Debug, Serialize)]
pub struct Batch {
    pub id: BatchId,
    pub tenant_id: TenantId,
    pub level: Level,
    pub kind: DesignationKind,
    pub name: String,
    pub published: bool,
    pub published_on: Option<NaiveDate>,
    pub review_by: Option<NaiveDate>,
    pub quotas: Vec<(Category, i32)>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
}

/// A batch row with its quotas, as services see it.
async fn load<C: ConnectionTrait>(db: &C, m: batch::Model) -> Result<Batch, AppError> {
    let bad = || AppError::internal(format!("batch {} is corrupt", m.id));
    let quotas = crate::store::unscoped::batch_quotas(db, m.id)
        .await?
        .into_iter()
        .map(|q| Category::parse(&q.category).map(|c| (c, q.max_count)).ok_or_else(bad))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Batch {
        id: m.id,
        tenant_id: m.tenant_id,
        level: Level::parse(&m.level).ok_or_else(bad)?,
        kind: DesignationKind::parse(&m.kind).ok_or_else(bad)?,
        published: m.status == PUBLISHED,
        name: m.name,
        published_on: m.published_on,
        review_by: m.review_by,
        quotas,
        version: m.version,
        created_at: m.created_at,
    })
}

/// A batch in scope, or NOT_FOUND.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn get<C: ConnectionTrait>(db: &C, scope: &Scope, id: BatchId) -> Result<Batch, AppError> {
    let m = scope.get::<batch::Entity>(db, id).await?;
    load(db, m).await
}

/// Batches of tenants in scope, newest first by id.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn list<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    kind: Option<DesignationKind>,
    req: PageRequest,
) -> Result<Page<Batch>, AppError> {
    let mut q = scope.select::<batch::Entity>();
    if let Some(k) = kind {
        q = q.filter(batch::Column::Kind.eq(k.as_str()));
    }
    let p = page::fetch(db, q, batch::Column::Id, req).await?;
    let mut items = Vec::with_capacity(p.items.len());
    for m in p.items {
        items.push(load(db, m).await?);
    }
    Ok(Page {
        items,
        has_next_page: p.has_next_page,
        has_previous_page: p.has_previous_page,
        total_count: p.total_count,
    })
}

/// A batch the caller's level owns and may still change.
async fn own_draft<C: ConnectionTrait>(db: &C, scope: &Scope, id: BatchId, version: i32) -> Result<Batch, AppError> {
    scope.require(Role::Admin)?;
    let b = get(db, scope, id).await?;
    scope.require_home(b.tenant_id, "changing a batch")?;
    if b.published {
        return Err(AppError::conflict("batchId", "the batch is published and frozen"));
    }
    if b.version != version {
        return Err(AppError::conflict(
            "version",
            "批次已被他人修改，请刷新后重试 / the batch was changed by someone else; reload it",
        ));
    }
    Ok(b)
}

/// Bumps the batch version if it is still at the version read (so still a draft: publishing
/// bumps it too).
async fn bump<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    b: &Batch,
    mut changes: batch::ActiveModel,
) -> Result<(), AppError> {
    changes.version = Set(b.version + 1);
    let (id, version) = ((batch::Column::Id, b.id), (batch::Column::Version, b.version));
    scope.update_versioned::<batch::Entity, _>(db, id, version, changes, "batch").await
}

/// The applications in a batch, oldest first.
async fn members<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    batch_id: BatchId,
) -> Result<Vec<application::Model>, AppError> {
    Ok(scope
        .select::<application::Entity>()
        .filter(application::Column::BatchId.eq(batch_id))
        .order_by_asc(application::Column::Id)
        .all(db)
        .await?)
}

/// Applications in a batch in scope.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn applications<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    batch_id: BatchId,
) -> Result<Vec<Application>, AppError> {
    get(db, scope, batch_id).await?;
    members(db, scope, batch_id).await?.into_iter().map(Application::try_from).collect()
}
