//! A title held by a unit: demonstration unit or education base, at a level, from a batch.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "designation")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub unit_id: i64,
    /// The unit's tenant: scope filters on this column.
    pub unit_tenant_id: i64,
    pub designating_tenant_id: i64,
    pub category: String,
    pub kind: String,
    pub level: String,
    pub batch_id: i64,
    pub application_id: i64,
    pub designated_on: Date,
    pub review_by: Option<Date>,
    pub revoked_at: Option<DateTimeUtc>,
    pub revoke_reason: Option<String>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
