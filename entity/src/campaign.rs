//! A creation campaign (创建周期) of a tenant, e.g. 2019–2021.

use sea_orm::entity::prelude::*;

use crate::ids::{CampaignId, TenantId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaign")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: CampaignId,
    pub tenant_id: TenantId,
    pub name: String,
    pub start_year: i32,
    pub end_year: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
