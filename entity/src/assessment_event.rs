//! One step of an assessment record's timeline.

use sea_orm::entity::prelude::*;

use crate::ids::{AssessmentEventId, RecordId, TenantId, UserId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assessment_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: AssessmentEventId,
    pub record_id: RecordId,
    pub assessee_tenant_id: TenantId,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub at_tenant_id: TenantId,
    pub actor_user_id: Option<UserId>,
    pub actor_name: String,
    pub reason: Option<String>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
