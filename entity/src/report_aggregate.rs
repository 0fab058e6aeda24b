//! Roll-up of current reports over a tenant's whole subtree for (indicator, period), maintained on write.

use sea_orm::entity::prelude::*;

use crate::ids::{IndicatorId, TenantId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "report_aggregate")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: TenantId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub indicator_id: IndicatorId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub period: String,
    /// Sum of current values, ten-thousandths.
    pub total: i64,
    /// Number of distinct subjects with a current figure in the period (or a shorter one inside it).
    pub subjects: i64,
    /// Number of current figures summed into `total` (what an average divides by).
    pub figures: i64,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
