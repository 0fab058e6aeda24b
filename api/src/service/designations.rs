//! Designations: the titles units hold. Listed and counted within scope, revoked (with a reason)
//! by the designating level.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func};
use sea_orm::{ColumnTrait, ConnectionTrait, FromQueryResult, QueryFilter, QueryTrait, Set};
use serde::Serialize;

use super::audit::{self, Actor};
use super::page::{self, Page, PageRequest};
use super::tenants::Tenant;
use super::write::{Touch, Write};
use crate::auth::{Scope, subtree_of};
use crate::domain::ids::*;
use crate::domain::role::Role;
use crate::domain::tenant::Level;
use crate::domain::text;
use crate::domain::unit::{Category, DesignationKind};
use crate::error::AppError;
use crate::state::AppState;
use entity::{application, designation, tenant, tenant_closure};

#[derive(Clone, Debug, Serialize)]
pub struct Designation {
    pub id: DesignationId,
    pub unit_id: UnitId,
    pub unit_tenant_id: TenantId,
    pub designating_tenant_id: TenantId,
    pub category: Category,
    pub kind: DesignationKind,
    pub level: Level,
    pub batch_id: BatchId,
    pub application_id: ApplicationId,
    pub designated_on: NaiveDate,
    pub review_by: Option<NaiveDate>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoke_reason: Option<String>,
    pub version: i32,
}

impl Designation {
    /// Past its review-by date and not revoked.
    pub fn due_for_review(&self, today: NaiveDate) -> bool {
        self.revoked_at.is_none() && self.review_by.is_some_and(|r| r <= today)
    }
}

impl TryFrom<designation::Model> for Designation {
    type Error = AppError;
    fn try_from(m: designation::Model) -> Result<Self, AppError> {
        let bad = || AppError::internal(format!("designation {} is corrupt", m.id));
        Ok(Designation {
            id: m.id,
            unit_id: m.unit_id,
            unit_tenant_id: m.unit_tenant_id,
            designating_tenant_id: m.designating_tenant_id,
            category: Category::parse(&m.category).ok_or_else(bad)?,
            kind: DesignationKind::parse(&m.kind).ok_or_else(bad)?,
            level: Level::parse(&m.level).ok_or_else(bad)?,
            batch_id: m.batch_id,
            application_id: m.application_id,
            designated_on: m.designated_on,
            review_by: m.review_by,
            revoked_at: m.revoked_at,
            revoke_reason: m.revoke_reason,
            version: m.version,
        })
    }
}

/// A designation held in scope, or NOT_FOUND.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn get<C: ConnectionTrait>(db: &C, scope: &Scope, id: DesignationId) -> Result<Designation, AppError> {
    scope.get::<designation::Entity>(db, id).await?.try_into()
}

#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub tenant: Option<TenantId>,
    pub category: Option<Category>,
    pub kind: Option<DesignationKind>,
    pub level: Option<Level>,
    pub batch_id: Option<BatchId>,
    pub unit_id: Option<UnitId>,
    pub include_revoked: bool,
    /// Only those past their review-by date.
    pub due_for_review: bool,
}

#[tracing::instrument(level = "debug", skip_all)]
pub async fn list<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    f: Filter,
    req: PageRequest,
) -> Result<Page<Designation>, AppError> {
    let mut q = scope.select::<designation::Entity>();
    if let Some(t) = f.tenant {
        scope.check_tenant(db, t, "tenant").await?;
        q = q.filter(designation::Column::UnitTenantId.in_subquery(subtree_of(t)));
    }
    if let Some(c) = f.category {
        q = q.filter(designation::Column::Category.eq(c.as_str()));
    }
    if let Some(k) = f.kind {
        q = q.filter(designation::Column::Kind.eq(k.as_str()));
    }
    if let Some(l) = f.level {
        q = q.filter(designation::Column::Level.eq(l.as_str()));
    }
    if let Some(b) = f.batch_id {
        q = q.filter(designation::Column::BatchId.eq(b));
    }
    if let Some(u) = f.unit_id {
        q = q.filter(designation::Column::UnitId.eq(u));
    }
    if !f.include_revoked || f.due_for_review {
        q = q.filter(designation::Column::RevokedAt.is_null());
    }
    if f.due_for_review {
        q = q.filter(designation::Column::ReviewBy.lte(crate::domain::period::china_today()));
    }
    let p = page::fetch(db, q, designation::Column::Id, req).await?;
    p.try_map(Designation::try_from)
}

/// Revokes a designation (ADMIN of the designating tenant) with a reason.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn revoke(
    state: &AppState,
    scope: &Scope,
    id: DesignationId,
    version: i32,
    reason: &str,
) -> Result<Designation, AppError> {
    scope.require(Role::Admin)?;
    let reason = text::bounded("reason", reason, 1000)?;
    let txn = Write::begin(state, scope, Touch::Designations).await?;
    let before: Designation = get(&txn, scope, id).await?;
    scope.require_home(before.designating_tenant_id, "revoking a title")?;
    if before.revoked_at.is_some() {
        return Err(AppError::conflict("id", "the designation is already revoked"));
    }
    let changes = designation::ActiveModel {
        revoked_at: Set(Some(Utc::now())),
        revoke_reason: Set(Some(reason)),
        version: Set(crate::domain::version::next(version)?),
        ..Default::default()
    };
    let (id_col, version_col) = ((designation::Column::Id, id), (designation::Column::Version, version));
    scope.update_versioned::<designation::Entity, _>(&txn, id_col, version_col, changes, "designation").await?;
    // The title is gone, so the unit may apply for it again.
    scope
        .update::<application::Entity>()
        .col_expr(application::Column::IsLive, sea_orm::sea_query::Expr::value(false))
        .filter(application::Column::Id.eq(before.application_id))
        .exec(&txn)
        .await?;
    let after: Designation = get(&txn, scope, id).await?;
    audit::record(
        &txn,
        Actor::from(scope),
        audit::Entry {
            tenant: after.unit_tenant_id,
            action: "designation.revoke",
            entity_type: "designation",
            entity_id: id.to_string(),
            before: Some(&before),
            after: Some(&after),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Current designations per child tenant of `parent`, by category.
pub struct ChildCount {
    pub tenant: Tenant,
    pub by_category: Vec<(Category, i64)>,
    pub total: i64,
}

/// For each direct child of `parent` (in scope): how many current designations its subtree holds,
/// by category, optionally of one level and kind. Two statements: the children, and one grouped
/// count over the closure table.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn counts_by_child<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    parent: TenantId,
    level: Option<Level>,
    kind: Option<DesignationKind>,
) -> Result<Vec<ChildCount>, AppError> {
    scope.check_tenant(db, parent, "tenant").await?;
    let children: Vec<Tenant> = scope
        .select::<tenant::Entity>()
        .filter(tenant::Column::ParentId.eq(parent.0))
        .all(db)
        .await?
        .into_iter()
        .map(Tenant::try_from)
        .collect::<Result<_, _>>()?;
    let child_ids: Vec<TenantId> = children.iter().map(|c| c.id).collect();

    let mut q = scope.select::<designation::Entity>().filter(designation::Column::RevokedAt.is_null());
    if let Some(l) = level {
        q = q.filter(designation::Column::Level.eq(l.as_str()));
    }
    if let Some(k) = kind {
        q = q.filter(designation::Column::Kind.eq(k.as_str()));
    }
    // The scoped select, regrouped: count per (child, category) through the closure table.
    let mut stmt = q.into_query();
    let ancestor = Expr::col((tenant_closure::Entity, tenant_closure::Column::AncestorId));
    let category = Expr::col((designation::Entity, designation::Column::Category));
    stmt.clear_selects()
        .expr_as(ancestor.clone(), Alias::new("child_id"))
        .expr_as(category.clone(), Alias::new("category"))
        .expr_as(Func::count(Expr::col((designation::Entity, designation::Column::Id))), Alias::new("n"))
        .inner_join(
            tenant_closure::Entity,
            Expr::col((tenant_closure::Entity, tenant_closure::Column::DescendantId))
                .equals((designation::Entity, designation::Column::UnitTenantId)),
        )
        .and_where(ancestor.clone().is_in(child_ids))
        .add_group_by([ancestor, category]);
    let rows = CountRow::find_by_statement(db.get_database_backend().build(&stmt)).all(db).await?;
    let mut per_child: BTreeMap<TenantId, Vec<(Category, i64)>> = BTreeMap::new();
    for CountRow { child_id: child, category, n } in rows {
        let c = Category::parse(&category).ok_or_else(|| AppError::internal("bad category"))?;
        per_child.entry(child).or_default().push((c, n));
    }
    Ok(children
        .into_iter()
        .map(|tenant| {
            let mut by_category = per_child.remove(&tenant.id).unwrap_or_default();
            by_category.sort();
            let total = by_category.iter().map(|(_, n)| n).sum();
            ChildCount { tenant, by_category, total }
        })
        .collect())
}

#[derive(sea_orm::FromQueryResult)]
struct CountRow {
    child_id: TenantId,
    category: String,
    n: i64,
}
