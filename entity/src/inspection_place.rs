//! A place an inspection visited: a tenant of the inspecting tenant's subtree, or one of its units.

use sea_orm::entity::prelude::*;

use crate::ids::{InspectionId, PlaceId, TenantId, UnitId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inspection_place")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: PlaceId,
    pub inspection_id: InspectionId,
    /// The inspecting tenant: scope filters on this column.
    pub tenant_id: TenantId,
    /// The tenant visited (for a unit, the unit's tenant).
    pub place_tenant_id: TenantId,
    pub unit_id: Option<UnitId>,
    pub note: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
