//! One assessee's record in a round: where it stands in the workflow and its combined totals
//! (ten-thousandths of a point, set when combined).

use sea_orm::entity::prelude::*;

use crate::ids::{RecordId, RoundId, TenantId, UnitId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assessment_record")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: RecordId,
    pub round_id: RoundId,
    pub round_tenant_id: TenantId,
    /// The assessee tenant, or the unit's tenant: scope filters on this column.
    pub assessee_tenant_id: TenantId,
    pub unit_id: Option<UnitId>,
    /// TENANT or UNIT.
    pub kind: String,
    /// Tie-break key: the division code of a tenant, `~unit:<id>` for a unit.
    pub sort_key: String,
    pub field_group: String,
    pub status: String,
    pub base_score: Option<i64>,
    pub bonus_score: Option<i64>,
    pub total_score: Option<i64>,
    pub desk_total: Option<i64>,
    pub objection: Option<String>,
    pub reply: Option<String>,
    pub submitted_at: Option<DateTimeUtc>,
    pub feedback_at: Option<DateTimeUtc>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
