//! The tenant tree: reads within scope, and creating a child one level below its parent with
//! its closure rows in the same transaction.

use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr, Query};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;

use super::audit::{self, Actor};
use super::page::{self, Page, PageRequest};
use super::write::{Touch, Write};
use crate::auth::Scope;
use crate::domain::ids::*;
use crate::domain::role::Role;
use crate::domain::search::{Contains, LIKE_ESCAPE};
use crate::domain::tenant::{DivisionCode, Level};
use crate::domain::text;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::unscoped;
use entity::{tenant, tenant_closure};

pub const NAME_MAX_CHARS: usize = 100;

/// A tenant as the rest of the program sees it (level parsed).
#[derive(Clone, Debug, Serialize)]
pub struct Tenant {
    pub id: TenantId,
    pub code: String,
    pub name: String,
    pub level: Level,
    pub parent_id: Option<TenantId>,
    /// The city at the top of this tenant's tree (itself for a city).
    pub root_id: TenantId,
    pub created_at: chrono::DateTime<Utc>,
}

impl TryFrom<tenant::Model> for Tenant {
    type Error = AppError;
    fn try_from(m: tenant::Model) -> Result<Self, AppError> {
        let level = Level::parse(&m.level)
            .ok_or_else(|| AppError::internal(format!("tenant {} has unknown level {:?}", m.id, m.level)))?;
        Ok(Tenant {
            id: m.id,
            code: m.code,
            name: m.name,
            level,
            parent_id: m.parent_id,
            root_id: m.root_id.unwrap_or(m.id),
            created_at: m.created_at,
        })
    }
}

/// A tenant in scope, or NOT_FOUND.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn get<C: ConnectionTrait>(db: &C, scope: &Scope, id: TenantId) -> Result<Tenant, AppError> {
    scope.get::<tenant::Entity>(db, id).await?.try_into()
}

/// A tenant in scope by its division code (融水县 is 450225), or NOT_FOUND, whether the code
/// is a sibling's or nobody's.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn by_code<C: ConnectionTrait>(db: &C, scope: &Scope, raw: &str) -> Result<Tenant, AppError> {
    let code = DivisionCode::lookup(raw)?;
    scope
        .select::<tenant::Entity>()
        .filter(tenant::Column::Code.eq(code.as_str()))
        .one(db)
        .await?
        .ok_or(AppError::NotFound { entity: "tenant" })?
        .try_into()
}

/// All tenants in scope, optionally of one level and with `name` in their name.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn list<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    level: Option<Level>,
    name: Option<Contains>,
    req: PageRequest,
) -> Result<Page<Tenant>, AppError> {
    let mut q = scope.select::<tenant::Entity>();
    if let Some(level) = level {
        q = q.filter(tenant::Column::Level.eq(level.as_str()));
    }
    if let Some(n) = name {
        q = q.filter(tenant::Column::Name.like(LikeExpr::new(n.like_pattern()).escape(LIKE_ESCAPE)));
    }
    page::fetch(db, q, tenant::Column::Id, req).await?.try_map(Tenant::try_from)
}

/// Direct children of an in-scope tenant.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn children<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    parent: TenantId,
    req: PageRequest,
) -> Result<Page<Tenant>, AppError> {
    let q = scope.select::<tenant::Entity>().filter(tenant::Column::ParentId.eq(parent.0));
    page::fetch(db, q, tenant::Column::Id, req).await?.try_map(Tenant::try_from)
}

/// Tenants in scope among `ids`, one statement (for per-request loaders).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn get_many<C: ConnectionTrait>(db: &C, scope: &Scope, ids: Vec<TenantId>) -> Result<Vec<Tenant>, AppError> {
    scope
        .select::<tenant::Entity>()
        .filter(tenant::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(Tenant::try_from)
        .collect()
}

/// A tenant the caller may name: in its subtree (full row) or above it (identity only — callers
/// show no more than id, code, name and level). NOT_FOUND for anything else.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn identity<C: ConnectionTrait>(db: &C, scope: &Scope, id: TenantId) -> Result<Tenant, AppError> {
    match get(db, scope, id).await {
        Err(AppError::NotFound { .. }) => ancestors(db, scope, scope.home())
            .await?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or(AppError::NotFound { entity: "tenant" }),
        other => other,
    }
}

/// Identity of the parent of an in-scope tenant (which may itself be above the scope).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn parent<C: ConnectionTrait>(db: &C, scope: &Scope, of: &Tenant) -> Result<Option<Tenant>, AppError> {
    let Some(parent_id) = of.parent_id else { return Ok(None) };
    scope.check_tenant(db, of.id, "tenant").await?;
    unscoped::tenant_by_id(db, parent_id).await?.map(Tenant::try_from).transpose()
}

/// Identity of every ancestor of an in-scope tenant, root first.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn ancestors<C: ConnectionTrait>(db: &C, scope: &Scope, of: TenantId) -> Result<Vec<Tenant>, AppError> {
    scope.check_tenant(db, of, "tenant").await?;
    unscoped::ancestors_of(db, of).await?.into_iter().map(Tenant::try_from).collect()
}

pub struct NewTenant {
    pub parent_id: TenantId,
    pub code: String,
    pub name: String,
}

/// Creates a child of an in-scope tenant. ADMIN only; the level is the parent's next one.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn create(state: &AppState, scope: &Scope, input: NewTenant) -> Result<Tenant, AppError> {
    scope.require(Role::Admin)?;
    let parent = get(&state.db, scope, input.parent_id).await.map_err(|e| match e {
        AppError::NotFound { .. } => AppError::NotFound { entity: "parent tenant" },
        other => other,
    })?;
    let level = parent.level.child().ok_or_else(|| {
        AppError::bad_input(
            "parentId",
            format!("{} is a {} tenant, which has no lower level", parent.name, parent.level.as_str()),
        )
    })?;
    let code = DivisionCode::parse(&input.code, level, Some(&parent.code))?;
    let name = text::bounded("name", &input.name, NAME_MAX_CHARS)?;
    let txn = Write::begin(state, scope, Touch::Tree).await?;
    let created = insert_tenant(&txn, Actor::from(scope), &code, &name, level, Some(&parent)).await?;
    txn.commit().await?;
    Ok(created)
}

/// Renames a tenant below the caller's own (ADMIN): a division is named by the level above it.
/// Its code, place in the tree and everything reported stay as they are; audited.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn rename(state: &AppState, scope: &Scope, id: TenantId, name: &str) -> Result<Tenant, AppError> {
    scope.require(Role::Admin)?;
    let name = text::bounded("name", name, NAME_MAX_CHARS)?;
    let txn = Write::begin(state, scope, Touch::Tree).await?;
    let before = get(&txn, scope, id).await?;
    if before.id == scope.home() {
        return Err(AppError::Forbidden(
            "本级名称由上一级更改 / a tenant is renamed by an ADMIN of the level above it".to_owned(),
        ));
    }
    if before.name == name {
        return Ok(before);
    }
    scope
        .update::<tenant::Entity>()
        .col_expr(tenant::Column::Name, Expr::value(name.clone()))
        .filter(tenant::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    let after = Tenant { name, ..before.clone() };
    txn.audit(audit::Entry {
        tenant: id,
        action: "tenant.rename",
        entity_type: "tenant",
        entity_id: id.to_string(),
        before: Some(&before),
        after: Some(&after),
    })?;
    txn.commit().await?;
    Ok(after)
}

/// Inserts a tenant, its closure rows and the audit row. Callers own the transaction.
pub(crate) async fn insert_tenant(
    db: &Write,
    actor: Actor,
    code: &DivisionCode,
    name: &str,
    level: Level,
    parent: Option<&Tenant>,
) -> Result<Tenant, AppError> {
    let model = tenant::ActiveModel {
        code: Set(code.as_str().to_owned()),
        name: Set(name.to_owned()),
        level: Set(level.as_str().to_owned()),
        parent_id: Set(parent.map(|p| p.id)),
        root_id: Set(parent.map(|p| p.root_id)),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|e| AppError::on_unique(e, "code", &format!("a tenant with code {} already exists", code.as_str())))?;
    let created = Tenant::try_from(model)?;

    tenant_closure::Entity::insert(tenant_closure::ActiveModel {
        ancestor_id: Set(created.id),
        descendant_id: Set(created.id),
        depth: Set(0),
    })
    .exec(db)
    .await?;
    if let Some(parent) = parent {
        // Every ancestor of the parent (the parent included) is an ancestor one level further.
        let rows = Query::select()
            .column(tenant_closure::Column::AncestorId)
            .expr(Expr::val(created.id))
            .expr(Expr::col(tenant_closure::Column::Depth).add(1))
            .from(tenant_closure::Entity)
            .and_where(Expr::col(tenant_closure::Column::DescendantId).eq(parent.id))
            .to_owned();
        let insert = Query::insert()
            .into_table(tenant_closure::Entity)
            .columns([
                tenant_closure::Column::AncestorId,
                tenant_closure::Column::DescendantId,
                tenant_closure::Column::Depth,
            ])
            .select_from(rows)
            .map_err(|e| AppError::internal(format!("closure insert: {e}")))?
            .to_owned();
        db.execute(&insert).await?;
    }
    audit::record::<(), _>(
        db,
        actor,
        audit::Entry {
            tenant: created.id,
            action: "tenant.create",
            entity_type: "tenant",
            entity_id: created.id.to_string(),
            before: None,
            after: Some(&created),
        },
    )
    .await?;
    Ok(created)
}

/// Names and parents of a tenant's subtree, for building place names such as 鹿寨县寨沙镇.
pub struct Places(std::collections::HashMap<TenantId, (String, Option<TenantId>)>);

impl Places {
    /// Names from just below `top` down to `t`, joined: "鹿寨县寨沙镇" under 柳州市.
    pub fn path_below(&self, top: TenantId, t: TenantId) -> String {
        let mut names = Vec::new();
        let mut cur = Some(t);
        while let Some(id) = cur.filter(|id| *id != top) {
            match self.0.get(&id) {
                Some((name, parent)) => {
                    names.push(name.as_str());
                    cur = *parent;
                }
                None => break,
            }
        }
        names.reverse();
        names.concat()
    }
}

/// One statement: every tenant of `root`'s subtree (root in scope).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn subtree_names<C: ConnectionTrait>(db: &C, scope: &Scope, root: TenantId) -> Result<Places, AppError> {
    let rows = scope
        .select::<tenant::Entity>()
        .filter(tenant::Column::Id.in_subquery(crate::auth::subtree_of(root)))
        .all(db)
        .await?;
    Ok(Places(rows.into_iter().map(|t| (t.id, (t.name, t.parent_id))).collect()))
}

/// Every direct child of an in-scope tenant (a decomposition table lists them all; a tenant has
/// tens of children, not thousands).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn all_children<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    parent: TenantId,
) -> Result<Vec<Tenant>, AppError> {
    scope
        .select::<tenant::Entity>()
        .filter(tenant::Column::ParentId.eq(parent.0))
        .order_by_asc(tenant::Column::Code)
        .all(db)
        .await?
        .into_iter()
        .map(Tenant::try_from)
        .collect()
}
