//! A rectification task (整改任务) opened on a finding, assigned to a tenant or a unit.

use sea_orm::entity::prelude::*;

use crate::ids::{FindingId, InspectionId, TaskId, TenantId, UnitId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rectification_task")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: TaskId,
    pub finding_id: FindingId,
    pub inspection_id: InspectionId,
    pub inspecting_tenant_id: TenantId,
    /// The assignee tenant (a unit assignee's own tenant): scope filters on this column.
    pub assignee_tenant_id: TenantId,
    pub assignee_unit_id: Option<UnitId>,
    pub requirement: String,
    pub deadline: Date,
    pub status: String,
    pub evidence_text: String,
    /// JSON list of evidence references.
    pub evidence: String,
    pub reopen_reason: Option<String>,
    pub verified_on: Option<Date>,
    pub verified_late: bool,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
