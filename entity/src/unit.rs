//! A taking-part organisation of a tenant (one of the ten 十进 categories). Archived, never deleted.

use sea_orm::entity::prelude::*;

use crate::ids::{TenantId, UnitId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "unit")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: UnitId,
    pub tenant_id: TenantId,
    pub name: String,
    pub category: String,
    pub address: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub households: Option<i32>,
    pub population: Option<i32>,
    /// JSON list of `{"group": "壮族", "place": "纳接屯"}`.
    pub ethnic_groups: String,
    pub description: String,
    pub archived_at: Option<DateTimeUtc>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
