//! Assessment records on the wire: a record, its scores and timeline, and the step inputs.

use super::*;
use crate::graphql::timeline::{AtTenant, TimelineEvent};

pub struct AssessmentRecord(pub(super) Record, pub(super) Round);

#[Object]
impl AssessmentRecord {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn round(&self) -> AssessmentRound {
        AssessmentRound(self.1.clone())
    }
    /// The assessee tenant (for a unit: the unit's tenant).
    async fn assessee_tenant(&self, ctx: &Context<'_>) -> Result<TenantRef> {
        crate::graphql::tenant::tenant_ref(ctx, self.0.assessee_tenant_id).await
    }
    /// The unit assessed, when the assessee is a unit.
    async fn unit(&self, ctx: &Context<'_>) -> Result<Option<UnitNode>> {
        match self.0.unit_id {
            Some(u) => Ok(Some(UnitNode(crate::graphql::kit::loaders::unit(ctx, u).await?))),
            None => Ok(None),
        }
    }
    async fn kind(&self) -> AssesseeKind {
        self.0.kind.into()
    }
    /// The field working group that verifies it on site.
    async fn field_group(&self) -> &str {
        &self.0.field_group
    }
    async fn status(&self) -> AssessmentStatus {
        self.0.status.into()
    }
    async fn status_label(&self) -> &'static str {
        self.0.status.label()
    }
    /// Whether the desk, field and combined results are shown to the caller: always for the
    /// assessing level, from FEEDBACK on for the assessee. When false they are null or empty.
    async fn results_visible(&self) -> bool {
        self.0.released
    }
    /// Total of the desk (first) results, bonus capped.
    async fn desk_total(&self) -> Option<Decimal> {
        opt_points(self.0.desk_total)
    }
    /// Sum of the final scores of the ordinary criteria.
    async fn base_score(&self) -> Option<Decimal> {
        opt_points(self.0.base_score)
    }
    /// Sum of the final bonus scores, capped at the scheme's bonus cap.
    async fn bonus_score(&self) -> Option<Decimal> {
        opt_points(self.0.bonus_score)
    }
    /// min(base + capped bonus, the scheme's maximum for this kind of assessee).
    async fn total_score(&self) -> Option<Decimal> {
        opt_points(self.0.total_score)
    }
    /// The assessee's objection, when it requested a recheck.
    async fn objection(&self) -> Option<&str> {
        self.0.objection.as_deref()
    }
    /// The assessing level's answer to the recheck.
    async fn reply(&self) -> Option<&str> {
        self.0.reply.as_deref()
    }
    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.0.submitted_at
    }
    /// Submitted after the round's deadline (or not submitted and the deadline has passed).
    async fn late(&self) -> bool {
        self.0.late(&self.1)
    }
    async fn feedback_at(&self) -> Option<DateTime<Utc>> {
        self.0.feedback_at
    }
    /// Until when a recheck may be requested.
    async fn recheck_until(&self) -> Option<DateTime<Utc>> {
        self.0.recheck_until(&self.1)
    }
    /// Send it back with every step; a stale version answers CONFLICT.
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Per criterion, in scheme order.
    async fn scores(&self, ctx: &Context<'_>) -> Result<Vec<AssessmentScore>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(svc::scores(&state.db, &scope, &self.0).await?.into_iter().map(AssessmentScore).collect())
    }
    /// Every step so far, oldest first. Actions: OPEN, SAVE_SELF, PREFILL, SUBMIT, VERIFY_DESK,
    /// VERIFY_FIELD, COMBINE, SEND_FEEDBACK, ACCEPT, REQUEST_RECHECK, RESOLVE_RECHECK, FINALIZE.
    async fn timeline(&self, ctx: &Context<'_>) -> Result<Vec<AssessmentEvent>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(svc::timeline(&state.db, &scope, self.0.id).await?.into_iter().map(AssessmentEvent::from).collect())
    }
}

pub struct AssessmentScore(pub(super) ScoreLine);

#[Object]
impl AssessmentScore {
    async fn criterion(&self) -> AssessmentCriterion {
        AssessmentCriterion(self.0.criterion.clone())
    }
    async fn self_score(&self) -> Option<Decimal> {
        opt_points(self.0.self_score)
    }
    async fn self_note(&self) -> &str {
        &self.0.self_note
    }
    /// Ledger evidence (台账) references given with the self-assessment: `file:<id>` of uploaded
    /// files, links, descriptions of paper ledgers.
    async fn evidence(&self) -> &[String] {
        &self.0.evidence
    }
    /// The uploaded files the evidence names, in its order.
    async fn files(&self, ctx: &Context<'_>) -> Result<Vec<crate::graphql::file::FileNode>> {
        crate::graphql::file::named(ctx, &self.0.evidence).await
    }
    /// First result (书面核查).
    async fn desk_score(&self) -> Option<Decimal> {
        opt_points(self.0.desk_score)
    }
    async fn desk_comment(&self) -> &str {
        &self.0.desk_comment
    }
    /// Second result (实地核查); null where the field group kept the desk score.
    async fn field_score(&self) -> Option<Decimal> {
        opt_points(self.0.field_score)
    }
    async fn field_comment(&self) -> &str {
        &self.0.field_comment
    }
    /// Combined (or rechecked) score.
    async fn final_score(&self) -> Option<Decimal> {
        opt_points(self.0.final_score)
    }
    async fn recheck_comment(&self) -> &str {
        &self.0.recheck_comment
    }
}

pub type AssessmentEvent = TimelineEvent<AssessmentStatus>;

impl From<Event> for AssessmentEvent {
    fn from(e: Event) -> Self {
        TimelineEvent {
            id: e.id.into(),
            action: e.action,
            from_status: e.from_status.map(Into::into),
            to_status: e.to_status.into(),
            at_tenant: AtTenant::Id(e.at_tenant_id),
            actor_name: e.actor_name,
            reason: e.reason,
            at: e.at,
        }
    }
}

#[derive(InputObject)]
#[graphql(name = "AssessmentScoreInput")]
pub struct ScoreEntry {
    pub criterion_id: ID,
    pub score: Decimal,
    /// A note (self-assessment) or comment (verification, recheck).
    #[graphql(default)]
    pub comment: String,
    /// Ledger evidence (台账) references, for the self-assessment.
    #[graphql(default)]
    pub evidence: Vec<String>,
}

#[derive(InputObject)]
pub struct AssessmentScoresInput {
    pub id: ID,
    /// The record version you saw; CONFLICT when someone acted first.
    pub version: i32,
    pub scores: Vec<ScoreEntry>,
}

#[derive(InputObject)]
#[graphql(name = "ResolveAssessmentRecheckInput")]
pub struct ResolveRecheckInput {
    pub id: ID,
    pub version: i32,
    /// The answer to the objection.
    pub reply: String,
    /// Revised final scores, if any (the others stay).
    #[graphql(default)]
    pub scores: Vec<ScoreEntry>,
}

pub(super) fn scores(entries: Vec<ScoreEntry>) -> Result<Vec<ScoreInput>> {
    entries
        .into_iter()
        .map(|e| {
            Ok(ScoreInput {
                criterion_id: parse_id("scores.criterionId", &e.criterion_id)?,
                score: e.score,
                comment: e.comment,
                evidence: e.evidence,
            })
        })
        .collect()
}
