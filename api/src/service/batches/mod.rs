//! Batches (第一批, 第二批 …): a designating tenant gathers approved applications, optionally
//! capped per category, and publishes them on a date. Publishing creates the designations and
//! freezes the batch.

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
pub async fn get<C: ConnectionTrait>(db: &C, scope: &Scope, id: BatchId) -> Result<Batch, AppError> {
    let m = scope.get::<batch::Entity>(db, id).await?;
    load(db, m).await
}

/// Batches of tenants in scope, newest first by id.
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

pub struct NewBatch {
    pub name: String,
    pub kind: DesignationKind,
    pub quotas: Vec<(Category, i32)>,
}

/// Opens a batch at the caller's own level (ADMIN).
pub async fn create(state: &AppState, scope: &Scope, input: NewBatch) -> Result<Batch, AppError> {
    scope.require(Role::Admin)?;
    let name = text::bounded("name", &input.name, 100)?;
    let mut seen = Vec::new();
    for (c, max) in &input.quotas {
        if *max < 1 {
            return Err(AppError::bad_input("quotas", format!("the quota for {} must be at least 1", c.as_str())));
        }
        if seen.contains(c) {
            return Err(AppError::bad_input("quotas", format!("{} has two quotas", c.as_str())));
        }
        seen.push(*c);
    }
    let txn = Write::begin(state, scope, Touch::Designations).await?;
    let home = tenants::get(&txn, scope, scope.home()).await?;
    let m = batch::ActiveModel {
        tenant_id: Set(home.id),
        level: Set(home.level.as_str().to_owned()),
        kind: Set(input.kind.as_str().to_owned()),
        name: Set(name),
        status: Set(DRAFT.to_owned()),
        published_on: Set(None),
        review_by: Set(None),
        version: Set(1),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for (c, max) in &input.quotas {
        batch_quota::Entity::insert(batch_quota::ActiveModel {
            batch_id: Set(m.id),
            category: Set(c.as_str().to_owned()),
            max_count: Set(*max),
        })
        .exec(&txn)
        .await?;
    }
    let created = load(&txn, m).await?;
    audit::record::<(), _>(
        &txn,
        Actor::from(scope),
        audit::Entry {
            tenant: created.tenant_id,
            action: "batch.create",
            entity_type: "batch",
            entity_id: created.id.to_string(),
            before: None,
            after: Some(&created),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(created)
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
        return Err(AppError::conflict("version", "the batch was changed by someone else; reload it"));
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

/// Adds approved applications to a draft batch (ADMIN of the designating tenant), all or none.
pub async fn add(
    state: &AppState,
    scope: &Scope,
    batch_id: BatchId,
    version: i32,
    application_ids: &[ApplicationId],
) -> Result<Batch, AppError> {
    if application_ids.is_empty() {
        return Err(AppError::bad_input("applicationIds", "name at least one application"));
    }
    let txn = Write::begin(state, scope, Touch::Designations).await?;
    let b = own_draft(&txn, scope, batch_id, version).await?;
    for id in application_ids {
        let app: Application = applications::get(&txn, scope, *id).await?;
        if app.status != Status::Approved || app.batch_id.is_some() {
            return Err(AppError::conflict(
                "applicationIds",
                format!("application {id} is not an approved application outside any batch"),
            ));
        }
        if app.designating_tenant_id != b.tenant_id || app.kind != b.kind {
            return Err(AppError::bad_input(
                "applicationIds",
                format!("application {id} is for another title or level than this batch"),
            ));
        }
        let changes = application::ActiveModel { batch_id: Set(Some(b.id)), ..Default::default() };
        applications::transition(&txn, scope, &app, app.version, changes, "ADD_TO_BATCH", None).await?;
    }
    check_quotas(&txn, scope, &b).await?;
    bump(&txn, scope, &b, <batch::ActiveModel as Default>::default()).await?;
    let after = get(&txn, scope, b.id).await?;
    audit::record(
        &txn,
        Actor::from(scope),
        audit::Entry {
            tenant: b.tenant_id,
            action: "batch.add",
            entity_type: "batch",
            entity_id: b.id.to_string(),
            before: Some(&b),
            after: Some(&serde_json::json!({ "added": application_ids })),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Takes an application out of a draft batch (ADMIN of the designating tenant).
pub async fn remove(
    state: &AppState,
    scope: &Scope,
    batch_id: BatchId,
    version: i32,
    application_id: ApplicationId,
) -> Result<Batch, AppError> {
    let txn = Write::begin(state, scope, Touch::Designations).await?;
    let b = own_draft(&txn, scope, batch_id, version).await?;
    let app = applications::get(&txn, scope, application_id).await?;
    if app.batch_id != Some(b.id) {
        return Err(AppError::bad_input("applicationId", "the application is not in this batch"));
    }
    let changes = application::ActiveModel { batch_id: Set(None), ..Default::default() };
    applications::transition(&txn, scope, &app, app.version, changes, "REMOVE_FROM_BATCH", None).await?;
    bump(&txn, scope, &b, <batch::ActiveModel as Default>::default()).await?;
    let after = get(&txn, scope, b.id).await?;
    txn.commit().await?;
    Ok(after)
}

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

async fn check_quotas<C: ConnectionTrait>(db: &C, scope: &Scope, b: &Batch) -> Result<(), AppError> {
    if b.quotas.is_empty() {
        return Ok(());
    }
    let mut counts: HashMap<String, i32> = HashMap::new();
    for m in members(db, scope, b.id).await? {
        *counts.entry(m.category).or_default() += 1;
    }
    for (category, max) in &b.quotas {
        let n = counts.get(category.as_str()).copied().unwrap_or(0);
        if n > *max {
            return Err(AppError::conflict(
                "applicationIds",
                format!(
                    "the batch's quota for {} ({}) is {max}; this would make it {n}",
                    category.as_str(),
                    category.label()
                ),
            ));
        }
    }
    Ok(())
}

/// Publishes a draft batch on a date (ADMIN of the designating tenant): every application in it
/// becomes a designation, and the batch is frozen.
pub async fn publish(
    state: &AppState,
    scope: &Scope,
    batch_id: BatchId,
    version: i32,
    published_on: NaiveDate,
    review_by: Option<NaiveDate>,
) -> Result<Batch, AppError> {
    let today = crate::domain::period::china_today();
    dates::within("publishedOn", published_on, today, Ahead::Year)?;
    if let Some(r) = review_by {
        dates::within("reviewBy", r, today, Ahead::Review)?;
    }
    if review_by.is_some_and(|r| r <= published_on) {
        return Err(AppError::bad_input("reviewBy", "the review date must come after the publication date"));
    }
    let txn = Write::begin(state, scope, Touch::Designations).await?;
    let b = own_draft(&txn, scope, batch_id, version).await?;
    let apps = members(&txn, scope, b.id).await?;
    if apps.is_empty() {
        return Err(AppError::conflict("batchId", "an empty batch cannot be published"));
    }
    for m in apps {
        let app: Application = m.try_into()?;
        let d = designation::ActiveModel {
            unit_id: Set(app.unit_id),
            unit_tenant_id: Set(app.unit_tenant_id),
            designating_tenant_id: Set(app.designating_tenant_id),
            category: Set(app.category.as_str().to_owned()),
            kind: Set(app.kind.as_str().to_owned()),
            level: Set(app.level.as_str().to_owned()),
            batch_id: Set(b.id),
            application_id: Set(app.id),
            designated_on: Set(published_on),
            review_by: Set(review_by),
            revoked_at: Set(None),
            revoke_reason: Set(None),
            version: Set(1),
            ..Default::default()
        };
        d.insert(&txn).await?;
        let changes =
            application::ActiveModel { status: Set(Status::Designated.as_str().to_owned()), ..Default::default() };
        applications::transition(&txn, scope, &app, app.version, changes, "DESIGNATE", None).await?;
    }
    let changes = batch::ActiveModel {
        status: Set(PUBLISHED.to_owned()),
        published_on: Set(Some(published_on)),
        review_by: Set(review_by),
        ..Default::default()
    };
    bump(&txn, scope, &b, changes).await?;
    let after = get(&txn, scope, b.id).await?;
    audit::record(
        &txn,
        Actor::from(scope),
        audit::Entry {
            tenant: b.tenant_id,
            action: "batch.publish",
            entity_type: "batch",
            entity_id: b.id.to_string(),
            before: Some(&b),
            after: Some(&after),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Applications in a batch in scope.
pub async fn applications<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    batch_id: BatchId,
) -> Result<Vec<Application>, AppError> {
    get(db, scope, batch_id).await?;
    members(db, scope, batch_id).await?.into_iter().map(Application::try_from).collect()
}

/// One line of a public notice.
#[derive(Clone, Debug)]
pub struct NoticeEntry {
    pub unit_name: String,
    /// The unit's tenant and those above it, below the designating tenant, e.g. 鹿寨县寨沙镇.
    pub place: String,
    pub category: Category,
}

/// A published batch as a list fit for a public notice (通报), grouped by category in the order
/// of the ten categories, then by place. Three statements whatever the batch size.
pub async fn notice<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    batch_id: BatchId,
) -> Result<(Batch, Vec<NoticeEntry>), AppError> {
    let b = get(db, scope, batch_id).await?;
    if !b.published {
        return Err(AppError::conflict("batchId", "the batch is not published yet"));
    }
    let designations = scope
        .select::<designation::Entity>()
        .filter(designation::Column::BatchId.eq(b.id))
        .filter(designation::Column::RevokedAt.is_null())
        .all(db)
        .await?;
    let unit_ids: Vec<UnitId> = designations.iter().map(|d| d.unit_id).collect();
    let units: HashMap<UnitId, entity::unit::Model> = scope
        .select::<entity::unit::Entity>()
        .filter(entity::unit::Column::Id.is_in(unit_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let places = tenants::subtree_names(db, scope, b.tenant_id).await?;
    let mut entries = Vec::with_capacity(designations.len());
    for d in designations {
        let unit = units.get(&d.unit_id).ok_or_else(|| AppError::internal("designation without unit"))?;
        entries.push(NoticeEntry {
            unit_name: unit.name.clone(),
            place: places.path_below(b.tenant_id, d.unit_tenant_id),
            category: Category::parse(&d.category).ok_or_else(|| AppError::internal("bad category"))?,
        });
    }
    entries.sort_by(|a, b| {
        a.category.cmp(&b.category).then_with(|| a.place.cmp(&b.place)).then_with(|| a.unit_name.cmp(&b.unit_name))
    });
    Ok((b, entries))
}
