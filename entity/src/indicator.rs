//! An indicator (指标) defined by a tenant for itself and its subtree. Retired, never deleted.

use sea_orm::entity::prelude::*;

use crate::ids::{IndicatorId, TenantId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "indicator")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: IndicatorId,
    /// The defining tenant: visible to it, its subtree and (identity) nothing else.
    pub tenant_id: TenantId,
    pub code: String,
    pub name: String,
    pub measure_unit: String,
    pub value_type: String,
    pub aggregation: String,
    pub category: String,
    pub description: String,
    pub retired_at: Option<DateTimeUtc>,
    pub version: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
