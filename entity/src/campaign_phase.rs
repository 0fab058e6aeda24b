//! A named phase of a campaign, e.g. 一年强基础 (2019).

use sea_orm::entity::prelude::*;

use crate::ids::{CampaignId, PhaseId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaign_phase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: PhaseId,
    pub campaign_id: CampaignId,
    pub ordinal: i32,
    pub name: String,
    pub start_year: i32,
    pub end_year: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
