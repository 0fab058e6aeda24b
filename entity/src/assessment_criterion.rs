//! One scored criterion (细则) of a scheme, under an aspect (大方面) and an item (项), or a bonus
//! item (加分项). Scores are in ten-thousandths of a point.

use sea_orm::entity::prelude::*;

use crate::ids::{CriterionId, IndicatorId, SchemeId, TenantId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assessment_criterion")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: CriterionId,
    pub scheme_id: SchemeId,
    /// The scheme's tenant.
    pub tenant_id: TenantId,
    pub position: i32,
    pub aspect: String,
    pub item: String,
    pub title: String,
    pub max_score: i64,
    pub guidance: String,
    /// The ledger evidence (台账) expected.
    pub evidence: String,
    pub indicator_id: Option<IndicatorId>,
    pub bonus: bool,
    /// ALL, TENANT or UNIT: the kind of assessee the criterion applies to.
    pub applies_to: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
