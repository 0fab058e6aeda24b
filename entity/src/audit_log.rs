//! Append-only audit trail: who did what to which entity, with before/after snapshots (JSON
//! text). Written in the same transaction as the change it records; never updated or deleted.

use sea_orm::entity::prelude::*;

use crate::ids::{AuditId, TenantId, UserId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: AuditId,
    pub at: DateTimeUtc,
    pub actor_user_id: Option<UserId>,
    pub actor_tenant_id: Option<TenantId>,
    /// The tenant that owns the entry: scope filters on this column.
    pub tenant_id: TenantId,
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
