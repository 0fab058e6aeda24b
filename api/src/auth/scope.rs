//! Tenant scope: the one place where "a principal sees its home tenant's subtree and nothing
//! else" is turned into SQL.
//!
//! Every read of tenant-owned rows starts from [`Scope::select`], which adds
//! `owner IN (SELECT descendant_id FROM tenant_closure WHERE ancestor_id = home)`. Direct
//! `Entity::find*` calls are denied by clippy (`clippy.toml`) everywhere except here and in
//! modules that bypass the scope by name (`store::unscoped`).
#![allow(clippy::disallowed_methods)]

use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DeleteMany, EntityTrait, PaginatorTrait, PrimaryKeyTrait, QueryFilter,
    Select, UpdateMany, Value,
};

use super::principal::Principal;
use crate::domain::ids::{TenantId, UserId};
use crate::domain::role::Role;
use crate::error::AppError;
use entity::tenant_closure;

/// `SELECT descendant_id FROM tenant_closure WHERE ancestor_id = tenant`: the tenant and
/// everything below it. Narrows a scoped select; on its own it grants nothing.
pub fn subtree_of(tenant: TenantId) -> SelectStatement {
    Query::select()
        .column(tenant_closure::Column::DescendantId)
        .from(tenant_closure::Entity)
        .and_where(Expr::col(tenant_closure::Column::AncestorId).eq(tenant))
        .to_owned()
}

/// `SELECT ancestor_id FROM tenant_closure WHERE descendant_id = tenant AND depth > 0`.
fn ancestors_of(tenant: TenantId) -> SelectStatement {
    Query::select()
        .column(tenant_closure::Column::AncestorId)
        .from(tenant_closure::Entity)
        .and_where(Expr::col(tenant_closure::Column::DescendantId).eq(tenant))
        .and_where(Expr::col(tenant_closure::Column::Depth).gt(0))
        .to_owned()
}

/// An entity whose rows belong to one tenant: the column naming that tenant, and what a
/// NOT_FOUND answer calls a row.
pub trait TenantOwned: EntityTrait {
    /// What a row is called in errors ("unit not found").
    const NAME: &'static str;
    /// The column holding the owning tenant's id.
    fn owner_column() -> Self::Column;
}

/// A tenant-owned entity whose rows have one id column, so that a scoped read by id is
/// [`Scope::get`]. (Rows keyed by their parent and a second column, such as a score per
/// criterion, are read through their parent.)
pub trait HasId: TenantOwned<PrimaryKey: PrimaryKeyTrait<ValueType: Into<Value>>> {
    fn id_column() -> Self::Column;
}

/// The typed id of `E` (`UnitId` for units).
pub type PrimaryKey<E> = <<E as EntityTrait>::PrimaryKey as PrimaryKeyTrait>::ValueType;

/// `entity: OwnerColumn, "name";` implements [`TenantOwned`] and [`HasId`] (id column `Id`) for
/// `entity::entity::Entity`; `entity: OwnerColumn, "name", keyed by parent;` only the first.
macro_rules! tenant_owned {
    (@owned $entity:ident, $owner:ident, $name:literal) => {
        impl TenantOwned for entity::$entity::Entity {
            const NAME: &'static str = $name;
            fn owner_column() -> Self::Column {
                entity::$entity::Column::$owner
            }
        }
    };
    ($($(#[$doc:meta])* $entity:ident: $owner:ident, $name:literal $(, keyed by $parent:ident)?;)*) => {$(
        $(#[$doc])*
        const _: () = {
            tenant_owned!(@owned $entity, $owner, $name);
            tenant_owned!(@id $entity $(, $parent)?);
        };
    )*};
    (@id $entity:ident) => {
        impl HasId for entity::$entity::Entity {
            fn id_column() -> Self::Column {
                entity::$entity::Column::Id
            }
        }
    };
    (@id $entity:ident, parent) => {};
}

tenant_owned! {
    tenant: Id, "tenant";
    app_user: TenantId, "user";
    audit_log: TenantId, "audit entry";
    indicator: TenantId, "indicator";
    campaign: TenantId, "campaign";
    target: TenantId, "target";
    report: TenantId, "report";
    report_aggregate: TenantId, "roll-up", keyed by parent;
    submission: TenantId, "submission";
    submission_event: TenantId, "submission step";
    unit: TenantId, "unit";
    application: UnitTenantId, "application";
    application_event: UnitTenantId, "application step";
    batch: TenantId, "batch";
    designation: UnitTenantId, "designation";
    inspection: TenantId, "inspection";
    inspection_place: TenantId, "inspected place";
    finding: TenantId, "finding";
    /// A task belongs to its assignee's tenant, which lies in the inspecting tenant's subtree: the
    /// inspecting level, the levels between and the assignee see it; a sibling does not.
    rectification_task: AssigneeTenantId, "rectification task";
    rectification_event: AssigneeTenantId, "rectification step";
    assessment_scheme: TenantId, "assessment scheme";
    assessment_criterion: TenantId, "assessment criterion";
    assessment_round: TenantId, "assessment round";
    assessment_field_member: TenantId, "field working group member", keyed by parent;
    assessment_record: AssesseeTenantId, "assessment record";
    assessment_score: AssesseeTenantId, "assessment score", keyed by parent;
    assessment_event: AssesseeTenantId, "assessment step";
    /// A file belongs to its uploader's home tenant, the tenant of what it may be attached to.
    file: TenantId, "file";
}

/// What a principal may see: its home tenant and everything below it.
#[derive(Clone, Debug)]
pub struct Scope {
    principal: Principal,
}

impl Scope {
    pub(super) fn new(principal: Principal) -> Self {
        Self { principal }
    }

    pub fn principal(&self) -> &Principal {
        &self.principal
    }

    pub fn home(&self) -> TenantId {
        self.principal.tenant_id()
    }

    pub fn user_id(&self) -> UserId {
        self.principal.user_id()
    }

    /// The city of the home tenant (itself for a city).
    pub fn root(&self) -> TenantId {
        self.principal.root_id()
    }

    /// FORBIDDEN unless the principal holds `role` at its home tenant.
    pub fn require(&self, role: Role) -> Result<(), AppError> {
        if self.principal.has_role(role) {
            Ok(())
        } else {
            Err(AppError::Forbidden(format!("this needs the {} ({}) role", role.as_str(), role.label())))
        }
    }

    /// A select of `E` limited to rows owned by tenants in scope. Add filters to it; nothing
    /// can widen it.
    pub fn select<E: TenantOwned>(&self) -> Select<E> {
        E::find().filter(E::owner_column().in_subquery(subtree_of(self.home())))
    }

    /// A select of definitions a tenant shares with its subtree (indicators, campaigns): rows
    /// owned in scope, or by a tenant above the caller, whose definitions apply to it. A sibling's
    /// definitions stay out of sight.
    pub fn select_shared<E: TenantOwned>(&self) -> Select<E> {
        E::find().filter(
            Condition::any()
                .add(E::owner_column().in_subquery(subtree_of(self.home())))
                .add(E::owner_column().in_subquery(ancestors_of(self.home()))),
        )
    }

    /// The row `id` of `E`, if it is in scope; NOT_FOUND (named by `E::NAME`) otherwise, whether
    /// the row is a sibling's or does not exist.
    pub async fn get<E: HasId>(&self, db: &impl ConnectionTrait, id: PrimaryKey<E>) -> Result<E::Model, AppError> {
        self.select::<E>().filter(E::id_column().eq(id)).one(db).await?.ok_or(AppError::NotFound { entity: E::NAME })
    }

    /// The row `id` of a shared definition `E` (see [`Scope::select_shared`]); NOT_FOUND otherwise.
    pub async fn get_shared<E: HasId>(
        &self,
        db: &impl ConnectionTrait,
        id: PrimaryKey<E>,
    ) -> Result<E::Model, AppError> {
        self.select_shared::<E>()
            .filter(E::id_column().eq(id))
            .one(db)
            .await?
            .ok_or(AppError::NotFound { entity: E::NAME })
    }

    /// A bulk update of `E` limited to rows in scope.
    pub fn update<E: TenantOwned>(&self) -> UpdateMany<E> {
        E::update_many().filter(E::owner_column().in_subquery(subtree_of(self.home())))
    }

    /// A bulk delete of `E` limited to rows in scope (rows that are replaced whole, such as an
    /// inspection's places; Shiliu archives everything else).
    pub fn delete<E: TenantOwned>(&self) -> DeleteMany<E> {
        E::delete_many().filter(E::owner_column().in_subquery(subtree_of(self.home())))
    }

    /// Writes `changes` to the row `id` of `E` only if it is in scope and still at `version`
    /// (`UPDATE … WHERE id = ? AND version = ?`); CONFLICT otherwise. This is how every
    /// decision made on a version the caller saw is applied: of two at once, one wins.
    pub async fn update_versioned<E: TenantOwned, C: ConnectionTrait>(
        &self,
        db: &C,
        (id_column, id): (E::Column, impl Into<Value>),
        (version_column, version): (E::Column, i32),
        changes: E::ActiveModel,
        entity: &str,
    ) -> Result<(), AppError> {
        let res = self
            .update::<E>()
            .set(changes)
            .filter(id_column.eq(id))
            .filter(version_column.eq(version))
            .exec(db)
            .await?;
        if res.rows_affected == 1 {
            Ok(())
        } else {
            Err(AppError::conflict(
                "version",
                format!(
                    "该记录已被他人修改，请刷新后重试 / the {entity} was changed by someone else; reload it and try again"
                ),
            ))
        }
    }

    /// FORBIDDEN unless the principal holds one of `roles`.
    pub fn require_any(&self, roles: &[Role]) -> Result<(), AppError> {
        if roles.iter().any(|r| self.principal.has_role(*r)) {
            return Ok(());
        }
        let names: Vec<String> = roles.iter().map(|r| format!("{} ({})", r.as_str(), r.label())).collect();
        Err(AppError::Forbidden(format!("this needs one of the roles {}", names.join(", "))))
    }

    /// FORBIDDEN unless the principal's home is `tenant`: "each level decides its own".
    pub fn require_home(&self, tenant: TenantId, what: &str) -> Result<(), AppError> {
        if self.home() == tenant {
            Ok(())
        } else {
            Err(AppError::Forbidden(format!("{what} is done by the tenant at that level, not from another level")))
        }
    }

    /// NOT_FOUND (named `entity`) unless `tenant` is in scope.
    pub async fn check_tenant<C: ConnectionTrait>(
        &self,
        db: &C,
        tenant: TenantId,
        entity: &'static str,
    ) -> Result<(), AppError> {
        let n = tenant_closure::Entity::find()
            .filter(tenant_closure::Column::AncestorId.eq(self.home()))
            .filter(tenant_closure::Column::DescendantId.eq(tenant))
            .count(db)
            .await?;
        if n == 1 { Ok(()) } else { Err(AppError::NotFound { entity }) }
    }
}
