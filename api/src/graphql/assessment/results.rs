//! The published ranking on the wire.

use super::*;

/// A subtotal of one aspect (大方面).
#[derive(SimpleObject)]
pub struct AspectSubtotal {
    pub aspect: String,
    pub score: Decimal,
}

/// One row of the published ranking (通报).
#[derive(SimpleObject)]
pub struct AssessmentResult {
    /// 1-based; rows equal on total, base and desk total share a rank (1, 2, 2, 4).
    pub rank: i32,
    pub record_id: ID,
    pub assessee_tenant_id: ID,
    pub unit_id: Option<ID>,
    /// Division code of a tenant assessee; empty for a unit.
    pub code: String,
    pub name: String,
    pub total: Decimal,
    pub base: Decimal,
    pub bonus: Decimal,
    pub desk_total: Decimal,
    pub grade: AssessmentGrade,
    /// e.g. 优秀
    pub grade_label: &'static str,
    pub aspects: Vec<AspectSubtotal>,
}

impl From<ResultRow> for AssessmentResult {
    fn from(r: ResultRow) -> Self {
        AssessmentResult {
            rank: r.rank as i32,
            record_id: ID(r.record_id.to_string()),
            assessee_tenant_id: ID(r.assessee_tenant_id.to_string()),
            unit_id: r.unit_id.map(|u| ID(u.to_string())),
            code: r.code,
            name: r.name,
            total: points(r.total),
            base: points(r.base),
            bonus: points(r.bonus),
            desk_total: points(r.desk_total),
            grade: r.grade.into(),
            grade_label: r.grade.label(),
            aspects: r.aspects.into_iter().map(|(aspect, v)| AspectSubtotal { aspect, score: points(v) }).collect(),
        }
    }
}
