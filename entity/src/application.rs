//! A unit's application (申报) for a designation, moving up the levels one at a time.

use sea_orm::entity::prelude::*;

use crate::ids::{ApplicationId, BatchId, TenantId, UnitId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "application")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: ApplicationId,
    pub unit_id: UnitId,
    /// The unit's tenant: scope filters on this column.
    pub unit_tenant_id: TenantId,
    pub category: String,
    pub kind: String,
    pub level: String,
    pub designating_tenant_id: TenantId,
    /// The tenant whose turn it is: the applicant's tenant while DRAFT or RETURNED.
    pub current_tenant_id: TenantId,
    pub status: String,
    pub statement: String,
    pub self_evaluation: String,
    /// JSON list of evidence references.
    pub evidence: String,
    pub batch_id: Option<BatchId>,
    pub version: i32,
    /// Not rejected and not revoked: at most one live application per unit, kind and level
    /// (a partial unique index).
    pub is_live: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
