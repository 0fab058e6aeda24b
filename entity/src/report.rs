//! One version of a reported value (填报) for a tenant or one of its units. Corrections are new versions; `is_current` marks the latest.

use sea_orm::entity::prelude::*;

use crate::ids::{IndicatorId, ReportId, TenantId, UnitId, UserId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "report")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: ReportId,
    /// The tenant reporting, or the unit's tenant: scope filters on this column.
    pub tenant_id: TenantId,
    pub unit_id: Option<UnitId>,
    /// `t:<tenant id>` or `u:<unit id>`: who the figure is about.
    pub subject: String,
    pub indicator_id: IndicatorId,
    pub period: String,
    pub year: i32,
    pub granularity: String,
    /// Ten-thousandths.
    pub value: i64,
    pub note: String,
    /// JSON list of evidence references.
    pub evidence: String,
    pub version: i32,
    pub is_current: bool,
    /// A withdrawal: the figure no longer counts (its value is 0); kept as a version of its own.
    pub withdrawn: bool,
    pub reported_by: UserId,
    pub reported_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
