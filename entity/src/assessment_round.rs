//! An assessment round (考评轮次) opened by a tenant with a scheme, over its assessees.

use sea_orm::entity::prelude::*;

use crate::ids::{RoundId, SchemeId, TenantId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assessment_round")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: RoundId,
    /// The assessing tenant.
    pub tenant_id: TenantId,
    pub scheme_id: SchemeId,
    pub name: String,
    pub year: i32,
    pub deadline: Date,
    pub combine_rule: String,
    pub desk_weight: i32,
    pub field_weight: i32,
    pub recheck_days: i32,
    pub excellent_min: i64,
    pub good_min: i64,
    pub pass_min: i64,
    /// OPEN or PUBLISHED.
    pub status: String,
    pub published_at: Option<DateTimeUtc>,
    pub version: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
