//! A tenant's own target for (indicator, period), and the quota its parent handed it. Values are ten-thousandths.

use sea_orm::entity::prelude::*;

use crate::ids::{IndicatorId, TargetId, TenantId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "target")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: TargetId,
    pub tenant_id: TenantId,
    pub indicator_id: IndicatorId,
    /// `2019`, `2019-Q2` or `2019-03`.
    pub period: String,
    /// The tenant's own target, set by the tenant.
    pub target_value: Option<i64>,
    /// The share its parent handed it (任务分解).
    pub quota: Option<i64>,
    pub version: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
