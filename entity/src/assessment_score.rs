//! The scores of one record on one criterion: self, desk (first result), field (second
//! result) and final, in ten-thousandths of a point.

use sea_orm::entity::prelude::*;

use crate::ids::{CriterionId, RecordId, TenantId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assessment_score")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub record_id: RecordId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub criterion_id: CriterionId,
    pub assessee_tenant_id: TenantId,
    pub self_score: Option<i64>,
    pub self_note: String,
    /// JSON list of ledger evidence references.
    pub evidence: String,
    pub desk_score: Option<i64>,
    pub desk_comment: String,
    pub field_score: Option<i64>,
    pub field_comment: String,
    pub final_score: Option<i64>,
    pub recheck_comment: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
