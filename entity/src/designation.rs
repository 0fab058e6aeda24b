//! A title held by a unit: demonstration unit or education base, at a level, from a batch.

use sea_orm::entity::prelude::*;

use crate::ids::{ApplicationId, BatchId, DesignationId, TenantId, UnitId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "designation")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: DesignationId,
    pub unit_id: UnitId,
    /// The unit's tenant: scope filters on this column.
    pub unit_tenant_id: TenantId,
    pub designating_tenant_id: TenantId,
    pub category: String,
    pub kind: String,
    pub level: String,
    pub batch_id: BatchId,
    pub application_id: ApplicationId,
    pub designated_on: Date,
    pub review_by: Option<Date>,
    pub revoked_at: Option<DateTimeUtc>,
    pub revoke_reason: Option<String>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
