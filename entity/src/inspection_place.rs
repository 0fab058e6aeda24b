//! A place an inspection visited: a tenant of the inspecting tenant's subtree, or one of its units.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inspection_place")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub inspection_id: i64,
    /// The inspecting tenant: scope filters on this column.
    pub tenant_id: i64,
    /// The tenant visited (for a unit, the unit's tenant).
    pub place_tenant_id: i64,
    pub unit_id: Option<i64>,
    pub note: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
