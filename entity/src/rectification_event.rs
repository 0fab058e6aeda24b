//! One step of a rectification task's timeline: who, what, at which level, why or with what evidence.

use sea_orm::entity::prelude::*;

use crate::ids::{RectificationEventId, TaskId, TenantId, UserId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rectification_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: RectificationEventId,
    pub task_id: TaskId,
    /// The task's assignee tenant: scope filters on this column.
    pub assignee_tenant_id: TenantId,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub at_tenant_id: TenantId,
    pub actor_user_id: Option<UserId>,
    pub actor_name: String,
    pub reason: Option<String>,
    pub evidence_text: Option<String>,
    /// JSON list of evidence references, on SUBMIT.
    pub evidence: Option<String>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
