//! One step of an assessment record's timeline.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assessment_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub record_id: i64,
    pub assessee_tenant_id: i64,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub at_tenant_id: i64,
    pub actor_user_id: Option<i64>,
    pub actor_name: String,
    pub reason: Option<String>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
