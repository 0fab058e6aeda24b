//! An inspection (督查) by a tenant of places in its subtree: when, who led it, what was seen.

use sea_orm::entity::prelude::*;

use crate::ids::{InspectionId, TenantId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inspection")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: InspectionId,
    /// The inspecting tenant: scope filters on this column.
    pub tenant_id: TenantId,
    pub title: String,
    pub inspected_on: Date,
    /// JSON list of the leading officials, e.g. "市委常委、统战部部长 …".
    pub leaders: String,
    pub summary: String,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
