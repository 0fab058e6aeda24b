//! An assessment scheme (考评方案) of a tenant for a year: its criteria live in
//! `assessment_criterion`. Revisions of the same (tenant, year, name) are numbered; a scheme is
//! frozen (`frozen_at`) once a round uses it and can no longer be changed.

use sea_orm::entity::prelude::*;

use crate::ids::{SchemeId, TenantId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assessment_scheme")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: SchemeId,
    pub tenant_id: TenantId,
    pub year: i32,
    pub name: String,
    pub revision: i32,
    /// Cap on the sum of bonus items, in ten-thousandths of a point.
    pub bonus_cap: i64,
    pub frozen_at: Option<DateTimeUtc>,
    pub version: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
