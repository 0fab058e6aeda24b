//! An uploaded ledger evidence file (台账): who uploaded it, for which tenant, and what its
//! content is; the content is kept in the file storage under `sha256`.

use sea_orm::entity::prelude::*;

use crate::ids::{FileId, TenantId, UserId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "file")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: FileId,
    /// The uploader's home tenant: scope filters on this column.
    pub tenant_id: TenantId,
    pub uploaded_by: UserId,
    pub name: String,
    pub content_type: String,
    pub size: i64,
    /// Lower-case hex SHA-256 of the content.
    pub sha256: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
