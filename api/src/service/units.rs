//! Units (创建单位): organisations of a tenant taking part in the campaign. Created and edited by
//! ADMINs and REPORTERs of the subtree, archived (never deleted) by ADMINs.

use crate::domain::search::{Contains, LIKE_ESCAPE};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, QueryFilter, Set};
use serde::Serialize;

use super::audit::{self, Actor};
use super::page::{self, Page, PageRequest};
use super::write::{Touch, Write};
use crate::auth::{Scope, subtree_of};
use crate::domain::ids::*;
use crate::domain::role::Role;
use crate::domain::unit::{Category, CheckedProfile};
use crate::error::AppError;
use crate::state::AppState;
use entity::unit;

pub use crate::domain::unit::{EthnicPresence, Profile};

#[derive(Clone, Debug, Serialize)]
pub struct Unit {
    pub id: UnitId,
    pub tenant_id: TenantId,
    pub name: String,
    pub category: Category,
    pub address: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub households: Option<i32>,
    pub population: Option<i32>,
    pub ethnic_groups: Vec<EthnicPresence>,
    pub description: String,
    pub archived_at: Option<DateTime<Utc>>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
}

impl TryFrom<unit::Model> for Unit {
    type Error = AppError;
    fn try_from(m: unit::Model) -> Result<Self, AppError> {
        Ok(Unit {
            id: m.id,
            tenant_id: m.tenant_id,
            category: Category::parse(&m.category)
                .ok_or_else(|| AppError::internal(format!("unit {} has unknown category {:?}", m.id, m.category)))?,
            ethnic_groups: serde_json::from_str(&m.ethnic_groups).map_err(AppError::internal)?,
            name: m.name,
            address: m.address,
            contact_name: m.contact_name,
            contact_phone: m.contact_phone,
            households: m.households,
            population: m.population,
            description: m.description,
            archived_at: m.archived_at,
            version: m.version,
            created_at: m.created_at,
        })
    }
}

/// A unit in scope, or NOT_FOUND.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn get<C: ConnectionTrait>(db: &C, scope: &Scope, id: UnitId) -> Result<Unit, AppError> {
    scope.get::<unit::Entity>(db, id).await?.try_into()
}

/// Units in scope among `ids`, one statement (for per-request loaders).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn get_many<C: ConnectionTrait>(db: &C, scope: &Scope, ids: Vec<UnitId>) -> Result<Vec<Unit>, AppError> {
    scope
        .select::<unit::Entity>()
        .filter(unit::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(Unit::try_from)
        .collect()
}

#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub tenant: Option<TenantId>,
    /// With `tenant`: its whole subtree (default: that tenant only).
    pub include_subtree: bool,
    pub category: Option<Category>,
    pub include_archived: bool,
    /// Case-sensitive substring of the name.
    pub name_contains: Option<Contains>,
}

/// Units in scope, filtered.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn list<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    f: Filter,
    req: PageRequest,
) -> Result<Page<Unit>, AppError> {
    let mut q = scope.select::<unit::Entity>();
    if let Some(t) = f.tenant {
        q = if f.include_subtree {
            // The subtree of a tenant above the caller overlaps the scope: check it first.
            scope.check_tenant(db, t, "tenant").await?;
            q.filter(unit::Column::TenantId.in_subquery(subtree_of(t)))
        } else {
            q.filter(unit::Column::TenantId.eq(t.0))
        };
    }
    if let Some(c) = f.category {
        q = q.filter(unit::Column::Category.eq(c.as_str()));
    }
    if !f.include_archived {
        q = q.filter(unit::Column::ArchivedAt.is_null());
    }
    if let Some(n) = f.name_contains {
        q = q.filter(unit::Column::Name.like(sea_orm::sea_query::LikeExpr::new(n.like_pattern()).escape(LIKE_ESCAPE)));
    }
    let p = page::fetch(db, q, unit::Column::Id, req).await?;
    // Units of exactly one tenant: a row on the page proves the tenant is in scope (every row
    // is), so only an empty page needs the check that tells NOT_FOUND from "none there".
    if let Some(t) = f.tenant
        && !f.include_subtree
        && p.items.is_empty()
    {
        scope.check_tenant(db, t, "tenant").await?;
    }
    p.try_map(Unit::try_from)
}

const EDITORS: [Role; 2] = [Role::Admin, Role::Reporter];

/// Registers a unit in a tenant of the subtree (ADMIN or REPORTER).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn create(state: &AppState, scope: &Scope, tenant: TenantId, p: Profile) -> Result<Unit, AppError> {
    scope.require_any(&EDITORS)?;
    let category = p.category.ok_or_else(|| AppError::bad_input("category", "category is required"))?;
    let c = CheckedProfile::try_from(&p)?;
    scope.check_tenant(&state.db, tenant, "tenant").await?;
    let txn = Write::begin(state, scope, Touch::Units).await?;
    let now = Utc::now();
    let created: Unit = unit::ActiveModel {
        tenant_id: Set(tenant),
        name: Set(c.name),
        category: Set(category.as_str().to_owned()),
        address: Set(c.address),
        contact_name: Set(c.contact_name),
        contact_phone: Set(c.contact_phone),
        households: Set(c.households),
        population: Set(c.population),
        ethnic_groups: Set(serde_json::to_string(&c.ethnic_groups).map_err(AppError::internal)?),
        description: Set(c.description),
        archived_at: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?
    .try_into()?;
    audit::record::<(), _>(
        &txn,
        Actor::from(scope),
        audit::Entry {
            tenant,
            action: "unit.create",
            entity_type: "unit",
            entity_id: created.id.to_string(),
            before: None,
            after: Some(&created),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// Replaces a unit's profile (ADMIN or REPORTER), if it is still at `version`.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn update(state: &AppState, scope: &Scope, id: UnitId, version: i32, p: Profile) -> Result<Unit, AppError> {
    scope.require_any(&EDITORS)?;
    let c = CheckedProfile::try_from(&p)?;
    let txn = Write::begin(state, scope, Touch::Units).await?;
    let before = get(&txn, scope, id).await?;
    if before.archived_at.is_some() {
        return Err(AppError::conflict("id", "an archived unit cannot be edited"));
    }
    let changes = unit::ActiveModel {
        name: Set(c.name),
        category: Set(c.category.unwrap_or(before.category).as_str().to_owned()),
        address: Set(c.address),
        contact_name: Set(c.contact_name),
        contact_phone: Set(c.contact_phone),
        households: Set(c.households),
        population: Set(c.population),
        ethnic_groups: Set(serde_json::to_string(&c.ethnic_groups).map_err(AppError::internal)?),
        description: Set(c.description),
        version: Set(crate::domain::version::next(version)?),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    let after = apply(&txn, scope, &before, version, changes, "unit.update").await?;
    txn.commit().await?;
    Ok(after)
}

/// Archives a unit (ADMIN). Its designations and history stay.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn archive(state: &AppState, scope: &Scope, id: UnitId, version: i32) -> Result<Unit, AppError> {
    scope.require(Role::Admin)?;
    let txn = Write::begin(state, scope, Touch::Units).await?;
    let before = get(&txn, scope, id).await?;
    if before.archived_at.is_some() {
        return Ok(before);
    }
    let now = Utc::now();
    let changes = unit::ActiveModel {
        archived_at: Set(Some(now)),
        version: Set(crate::domain::version::next(version)?),
        updated_at: Set(now),
        ..Default::default()
    };
    let after = apply(&txn, scope, &before, version, changes, "unit.archive").await?;
    txn.commit().await?;
    Ok(after)
}

/// Writes `changes` if the unit is still at `version`, and audits the change.
async fn apply(
    db: &Write,
    scope: &Scope,
    before: &Unit,
    version: i32,
    changes: unit::ActiveModel,
    action: &str,
) -> Result<Unit, AppError> {
    let id = (unit::Column::Id, before.id);
    scope.update_versioned::<unit::Entity, _>(db, id, (unit::Column::Version, version), changes, "unit").await?;
    let after = get(db, scope, before.id).await?;
    audit::record(
        db,
        Actor::from(scope),
        audit::Entry {
            tenant: after.tenant_id,
            action,
            entity_type: "unit",
            entity_id: after.id.to_string(),
            before: Some(before),
            after: Some(&after),
        },
    )
    .await?;
    Ok(after)
}
