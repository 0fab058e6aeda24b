//! A named batch of designations (e.g. 第一批) of one designating tenant; frozen once published.

use sea_orm::entity::prelude::*;

use crate::ids::{BatchId, TenantId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "batch")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: BatchId,
    /// The designating tenant.
    pub tenant_id: TenantId,
    pub level: String,
    pub kind: String,
    pub name: String,
    /// `DRAFT` or `PUBLISHED`.
    pub status: String,
    pub published_on: Option<Date>,
    pub review_by: Option<Date>,
    pub version: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
