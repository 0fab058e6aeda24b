//! A weak spot an inspection found (问题).

use sea_orm::entity::prelude::*;

use crate::ids::{FindingId, InspectionId, TenantId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "finding")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: FindingId,
    pub inspection_id: InspectionId,
    /// The inspecting tenant: scope filters on this column.
    pub tenant_id: TenantId,
    pub description: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
