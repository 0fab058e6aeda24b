//! A tenant's figures for a period handed up to its parent (上报).

use sea_orm::entity::prelude::*;

use crate::ids::{SubmissionId, TenantId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "submission")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: SubmissionId,
    /// The submitting tenant: scope filters on this column (its parent sees it as its subtree).
    pub tenant_id: TenantId,
    pub parent_tenant_id: TenantId,
    pub period: String,
    /// `SUBMITTED`, `ACCEPTED` or `RETURNED`.
    pub status: String,
    pub version: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
