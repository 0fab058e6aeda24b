//! One step of a submission's timeline.

use sea_orm::entity::prelude::*;

use crate::ids::{SubmissionEventId, SubmissionId, TenantId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "submission_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: SubmissionEventId,
    pub submission_id: SubmissionId,
    pub tenant_id: TenantId,
    pub action: String,
    pub to_status: String,
    pub actor_name: String,
    pub at_tenant_id: TenantId,
    pub reason: Option<String>,
    /// JSON list of `{"tenantId": …, "reason": …}` for children submitted without acceptance.
    pub waivers: String,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
