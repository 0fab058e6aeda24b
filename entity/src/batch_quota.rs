//! Optional cap on the number of units of one category in a batch.

use sea_orm::entity::prelude::*;

use crate::ids::BatchId;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "batch_quota")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub batch_id: BatchId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub category: String,
    pub max_count: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
