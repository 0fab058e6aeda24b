//! Performance assessment (绩效考评): schemes, rounds, each assessee's record and its workflow,
//! and the published ranking. Scores are exact decimals (up to 4 places). See
//! `service::assessments` for who may do what and who sees what.

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

use super::connection::{Conn, connection, page_request, parse_id};
use super::context::ContextExt;
use super::enums::{AssesseeKind, AssessmentGrade, AssessmentRoundStatus, AssessmentStatus, CombineRule};
use super::tenant::TenantRef;
use super::unit::UnitNode;
use super::user::UserNode;
use crate::domain::assessment::AppliesTo;
use crate::domain::ids::{TenantId, UserId};
use crate::service::assessments::{
    self as svc, AssesseeRef, Criterion, Event, NewAssessee, NewCriterion, NewRound, Record, ResultRow, Round, Scheme,
    SchemeInput, ScoreInput, ScoreLine, Step, points,
};

fn opt_points(v: Option<i64>) -> Option<Decimal> {
    v.map(points)
}

pub struct AssessmentCriterion(Criterion);

#[Object]
impl AssessmentCriterion {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Order within the scheme.
    async fn position(&self) -> i32 {
        self.0.position
    }
    /// The aspect (大方面); 加分项 for bonus items.
    async fn aspect(&self) -> &str {
        &self.0.aspect
    }
    /// The item (项) within the aspect.
    async fn item(&self) -> &str {
        &self.0.item
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// Score value (分值): the most this criterion gives.
    async fn max_score(&self) -> Decimal {
        points(self.0.max_score)
    }
    /// How to score it.
    async fn guidance(&self) -> &str {
        &self.0.guidance
    }
    /// The ledger evidence (台账) expected.
    async fn evidence(&self) -> &str {
        &self.0.evidence
    }
    /// The indicator whose completion can prefill the self score.
    async fn indicator_id(&self) -> Option<ID> {
        self.0.indicator_id.map(|i| ID(i.to_string()))
    }
    /// A bonus item (加分项): summed, then capped at the scheme's bonus cap.
    async fn bonus(&self) -> bool {
        self.0.bonus
    }
    async fn applies_to(&self) -> AssesseeKind {
        self.0.applies_to.into()
    }
}

pub struct AssessmentScheme(Scheme);

#[Object]
impl AssessmentScheme {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn tenant(&self, ctx: &Context<'_>) -> Result<TenantRef> {
        super::tenant::tenant_ref(ctx, self.0.tenant_id).await
    }
    async fn year(&self) -> i32 {
        self.0.year
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// 1 for the first scheme of this year and name, then 2, 3… for each new revision.
    async fn revision(&self) -> i32 {
        self.0.revision
    }
    /// The most the bonus items add together.
    async fn bonus_cap(&self) -> Decimal {
        points(self.0.bonus_cap)
    }
    /// Set when a round first used it; a frozen scheme no longer changes.
    async fn frozen_at(&self) -> Option<DateTime<Utc>> {
        self.0.frozen_at
    }
    /// The maximum total for an assessee of `kind`: its ordinary criteria plus the bonus cap.
    async fn max_total(&self, kind: AssesseeKind) -> Decimal {
        points(self.0.max_total(kind.into()))
    }
    /// The aspects (大方面) in order.
    async fn aspects(&self) -> Vec<String> {
        self.0.aspects()
    }
    /// Every criterion and bonus item, in order.
    async fn criteria(&self) -> Vec<AssessmentCriterion> {
        self.0.criteria.iter().cloned().map(AssessmentCriterion).collect()
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A member of a field working group (实地考核组).
#[derive(SimpleObject)]
pub struct FieldGroupMember {
    pub group: String,
    pub user: UserNode,
}

pub struct AssessmentRound(Round);

#[Object]
impl AssessmentRound {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The assessing level.
    async fn tenant(&self, ctx: &Context<'_>) -> Result<TenantRef> {
        super::tenant::tenant_ref(ctx, self.0.tenant_id).await
    }
    async fn scheme(&self, ctx: &Context<'_>) -> Result<AssessmentScheme> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(AssessmentScheme(svc::scheme(&state.db, &scope, self.0.scheme_id).await?))
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn year(&self) -> i32 {
        self.0.year
    }
    /// Self-assessments are due by this day; later ones are flagged `late`.
    async fn deadline(&self) -> NaiveDate {
        self.0.deadline
    }
    async fn combine_rule(&self) -> CombineRule {
        self.0.combine_rule.into()
    }
    async fn desk_weight(&self) -> i32 {
        self.0.desk_weight
    }
    async fn field_weight(&self) -> i32 {
        self.0.field_weight
    }
    /// Days after feedback during which the assessee may request a recheck (复核).
    async fn recheck_days(&self) -> i32 {
        self.0.recheck_days
    }
    /// 优秀 from this total.
    async fn excellent_min(&self) -> Decimal {
        points(self.0.excellent_min)
    }
    /// 良好 from this total.
    async fn good_min(&self) -> Decimal {
        points(self.0.good_min)
    }
    /// 合格 from this total; below it 不合格.
    async fn pass_min(&self) -> Decimal {
        points(self.0.pass_min)
    }
    async fn status(&self) -> AssessmentRoundStatus {
        self.0.status.into()
    }
    async fn status_label(&self) -> &'static str {
        self.0.status.label()
    }
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// The field working groups and their members (seen by the assessing level).
    async fn field_groups(&self, ctx: &Context<'_>) -> Result<Vec<FieldGroupMember>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let rows = svc::field_groups(&state.db, &scope, self.0.id).await?;
        Ok(rows.into_iter().map(|(group, u)| FieldGroupMember { group, user: UserNode::from(u) }).collect())
    }
    /// The records the caller may see: all of them for the assessing level, its own for an
    /// assessee.
    #[graphql(complexity = "first.unwrap_or(20).max(1) as usize * child_complexity")]
    async fn records(
        &self,
        ctx: &Context<'_>,
        status: Option<AssessmentStatus>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Conn<AssessmentRecord>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let req = page_request(ctx, &state.settings.graphql, first, after)?;
        let page = svc::records(&state.db, &scope, self.0.id, status.map(Into::into), req).await?;
        let round = self.0.clone();
        Ok(connection(page, |r| r.id, |r| AssessmentRecord(r, round.clone())))
    }
}

pub struct AssessmentRecord(Record, Round);

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
        super::tenant::tenant_ref(ctx, self.0.assessee_tenant_id).await
    }
    /// The unit assessed, when the assessee is a unit.
    async fn unit(&self, ctx: &Context<'_>) -> Result<Option<UnitNode>> {
        match self.0.unit_id {
            Some(u) => Ok(Some(UnitNode(super::loaders::unit(ctx, u).await?))),
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
    /// Every step so far, oldest first.
    async fn timeline(&self, ctx: &Context<'_>) -> Result<Vec<AssessmentEvent>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(svc::timeline(&state.db, &scope, self.0.id).await?.into_iter().map(AssessmentEvent).collect())
    }
}

pub struct AssessmentScore(ScoreLine);

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
    /// Ledger evidence (台账) references given with the self-assessment.
    async fn evidence(&self) -> &[String] {
        &self.0.evidence
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

pub struct AssessmentEvent(Event);

#[Object]
impl AssessmentEvent {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// OPEN, SAVE_SELF, PREFILL, SUBMIT, VERIFY_DESK, VERIFY_FIELD, COMBINE, SEND_FEEDBACK, ACCEPT,
    /// REQUEST_RECHECK, RESOLVE_RECHECK, FINALIZE.
    async fn action(&self) -> &str {
        &self.0.action
    }
    async fn from_status(&self) -> Option<AssessmentStatus> {
        self.0.from_status.map(Into::into)
    }
    async fn to_status(&self) -> AssessmentStatus {
        self.0.to_status.into()
    }
    /// The level at which the step was taken.
    async fn at_tenant(&self, ctx: &Context<'_>) -> Result<TenantRef> {
        super::tenant::tenant_ref(ctx, self.0.at_tenant_id).await
    }
    async fn actor_name(&self) -> &str {
        &self.0.actor_name
    }
    async fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
}

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

#[derive(Default)]
pub struct AssessmentQuery;

#[Object]
impl AssessmentQuery {
    /// A scheme of the caller's level, its subtree or an ancestor. NOT_FOUND for any other id.
    async fn assessment_scheme(&self, ctx: &Context<'_>, id: ID) -> Result<AssessmentScheme> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(AssessmentScheme(svc::scheme(&state.db, &scope, parse_id("id", &id)?).await?))
    }

    /// Schemes the caller may read, optionally of one year.
    #[graphql(complexity = "first.unwrap_or(20).max(1) as usize * child_complexity")]
    async fn assessment_schemes(
        &self,
        ctx: &Context<'_>,
        year: Option<i32>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Conn<AssessmentScheme>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let req = page_request(ctx, &state.settings.graphql, first, after)?;
        let page = svc::schemes(&state.db, &scope, year, req).await?;
        Ok(connection(page, |s| s.id, AssessmentScheme))
    }

    /// A round of the caller's level, its subtree or an ancestor. NOT_FOUND for any other id.
    async fn assessment_round(&self, ctx: &Context<'_>, id: ID) -> Result<AssessmentRound> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(AssessmentRound(svc::round(&state.db, &scope, parse_id("id", &id)?).await?))
    }

    /// Rounds the caller may read.
    #[graphql(complexity = "first.unwrap_or(20).max(1) as usize * child_complexity")]
    async fn assessment_rounds(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Conn<AssessmentRound>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let req = page_request(ctx, &state.settings.graphql, first, after)?;
        Ok(connection(svc::rounds(&state.db, &scope, req).await?, |r| r.id, AssessmentRound))
    }

    /// An assessment record the caller may read (the assessing level and above, or the
    /// assessee's own subtree). NOT_FOUND for any other id. Before FEEDBACK the assessee sees its
    /// self-assessment only.
    async fn assessment_record(&self, ctx: &Context<'_>, id: ID) -> Result<AssessmentRecord> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let rec = svc::record(&state.db, &scope, parse_id("id", &id)?).await?;
        let round = svc::round(&state.db, &scope, rec.round_id).await?;
        Ok(AssessmentRecord(rec, round))
    }

    /// The ranking of a PUBLISHED round: total descending; ties go to the higher base score
    /// (without bonus), then the higher desk total, then the division code (units last, by id).
    /// Read by the assessing level and above; CONFLICT before publication.
    async fn assessment_results(&self, ctx: &Context<'_>, round_id: ID) -> Result<Vec<AssessmentResult>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let res = svc::results(&state.db, &scope, parse_id("roundId", &round_id)?).await?;
        Ok(res.rows.into_iter().map(Into::into).collect())
    }
}

#[derive(InputObject)]
#[graphql(name = "AssessmentCriterionInput")]
pub struct CriterionInput {
    pub title: String,
    /// Score value (分值), above zero.
    pub max_score: Decimal,
    #[graphql(default)]
    pub guidance: String,
    /// The ledger evidence (台账) expected.
    #[graphql(default)]
    pub evidence: String,
    /// An indicator whose completion prefills the self score.
    pub indicator_id: Option<ID>,
    /// Which assessees it applies to (default ALL).
    pub applies_to: Option<AssesseeKind>,
}

#[derive(InputObject)]
#[graphql(name = "AssessmentItemInput")]
pub struct ItemInput {
    pub name: String,
    pub criteria: Vec<CriterionInput>,
}

#[derive(InputObject)]
#[graphql(name = "AssessmentAspectInput")]
pub struct AspectInput {
    pub name: String,
    pub items: Vec<ItemInput>,
}

#[derive(InputObject)]
#[graphql(name = "AssessmentSchemeInput")]
pub struct SchemeInputGql {
    pub year: i32,
    pub name: String,
    /// Aspects (大方面) > items (项) > criteria, in order.
    pub aspects: Vec<AspectInput>,
    /// Bonus items (加分项), summed and capped at `bonusCap`.
    #[graphql(default)]
    pub bonus_items: Vec<CriterionInput>,
    #[graphql(default)]
    pub bonus_cap: Decimal,
}

fn criterion_input(aspect: &str, item: &str, c: CriterionInput, bonus: bool) -> Result<NewCriterion> {
    Ok(NewCriterion {
        aspect: aspect.to_owned(),
        item: item.to_owned(),
        title: c.title,
        max_score: c.max_score,
        guidance: c.guidance,
        evidence: c.evidence,
        indicator_id: c.indicator_id.as_ref().map(|i| parse_id("indicatorId", i)).transpose()?,
        bonus,
        applies_to: c.applies_to.map(Into::into).unwrap_or(AppliesTo::All),
    })
}

fn scheme_input(input: SchemeInputGql) -> Result<SchemeInput> {
    let mut criteria = Vec::new();
    for a in input.aspects {
        for i in a.items {
            for c in i.criteria {
                criteria.push(criterion_input(&a.name, &i.name, c, false)?);
            }
        }
    }
    for c in input.bonus_items {
        criteria.push(criterion_input("加分项", "加分项", c, true)?);
    }
    Ok(SchemeInput { year: input.year, name: input.name, bonus_cap: input.bonus_cap, criteria })
}

#[derive(InputObject)]
#[graphql(name = "FieldGroupInput")]
pub struct FieldGroupInput {
    pub name: String,
    /// Users of the round's (the caller's) tenant.
    pub member_ids: Vec<ID>,
}

#[derive(InputObject)]
#[graphql(name = "AssesseeInput")]
pub struct AssesseeInput {
    /// A child tenant of the caller's tenant …
    pub tenant_id: Option<ID>,
    /// … or a unit in its subtree (exactly one of the two).
    pub unit_id: Option<ID>,
    /// The field working group that verifies it on site.
    pub field_group: String,
}

#[derive(InputObject)]
pub struct OpenAssessmentRoundInput {
    pub scheme_id: ID,
    pub name: String,
    pub deadline: NaiveDate,
    pub combine_rule: CombineRule,
    /// Weights for WEIGHTED_MEAN (e.g. 40 and 60).
    #[graphql(default = 50)]
    pub desk_weight: i32,
    #[graphql(default = 50)]
    pub field_weight: i32,
    /// Days after feedback in which a recheck may be requested (0 to 365).
    #[graphql(default = 5)]
    pub recheck_days: i32,
    pub excellent_min: Decimal,
    pub good_min: Decimal,
    pub pass_min: Decimal,
    pub field_groups: Vec<FieldGroupInput>,
    pub assessees: Vec<AssesseeInput>,
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

fn scores(entries: Vec<ScoreEntry>) -> Result<Vec<ScoreInput>> {
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

#[derive(Default)]
pub struct AssessmentMutation;

async fn run_step(ctx: &Context<'_>, id: &ID, version: i32, step: Step) -> Result<AssessmentRecord> {
    let (state, scope) = (ctx.state()?, ctx.scope()?);
    let rec = svc::step(state, &scope, parse_id("id", id)?, version, step).await?;
    let round = svc::round(&state.db, &scope, rec.round_id).await?;
    Ok(AssessmentRecord(rec, round))
}

#[Object]
impl AssessmentMutation {
    /// Defines a scheme of the caller's tenant (ADMIN). The same year and name again makes the
    /// next revision.
    async fn create_assessment_scheme(&self, ctx: &Context<'_>, input: SchemeInputGql) -> Result<AssessmentScheme> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(AssessmentScheme(svc::create_scheme(state, &scope, scheme_input(input)?).await?))
    }

    /// Replaces the criteria and bonus cap of a scheme no round uses yet (ADMIN of its tenant);
    /// CONFLICT once frozen.
    async fn update_assessment_scheme(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        input: SchemeInputGql,
    ) -> Result<AssessmentScheme> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let id = parse_id("id", &id)?;
        Ok(AssessmentScheme(svc::update_scheme(state, &scope, id, version, scheme_input(input)?).await?))
    }

    /// Opens a round of the caller's tenant (ADMIN) with one of its schemes, over child tenants
    /// and/or units of its subtree, with field working groups of its users. Freezes the scheme.
    async fn open_assessment_round(
        &self,
        ctx: &Context<'_>,
        input: OpenAssessmentRoundInput,
    ) -> Result<AssessmentRound> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let mut groups = Vec::new();
        for g in input.field_groups {
            let ids = g
                .member_ids
                .iter()
                .map(|m| parse_id("fieldGroups.memberIds", m).map(UserId))
                .collect::<Result<Vec<_>, _>>()?;
            groups.push((g.name, ids));
        }
        let mut assessees = Vec::new();
        for a in input.assessees {
            let who = match (&a.tenant_id, &a.unit_id) {
                (Some(t), None) => AssesseeRef::Tenant(TenantId(parse_id("assessees.tenantId", t)?)),
                (None, Some(u)) => AssesseeRef::Unit(parse_id("assessees.unitId", u)?),
                _ => {
                    return Err(crate::error::AppError::bad_input(
                        "assessees",
                        "give exactly one of tenantId and unitId per assessee",
                    )
                    .into());
                }
            };
            assessees.push(NewAssessee { who, group: a.field_group });
        }
        let input = NewRound {
            scheme_id: parse_id("schemeId", &input.scheme_id)?,
            name: input.name,
            deadline: input.deadline,
            combine_rule: input.combine_rule.into(),
            desk_weight: input.desk_weight,
            field_weight: input.field_weight,
            recheck_days: input.recheck_days,
            excellent_min: input.excellent_min,
            good_min: input.good_min,
            pass_min: input.pass_min,
            groups,
            assessees,
        };
        Ok(AssessmentRound(svc::open_round(state, &scope, input).await?))
    }

    /// Saves self scores, notes and ledger evidence (REPORTER of the assessee's tenant, while
    /// SELF_ASSESSMENT). Criteria not listed keep what they had.
    async fn save_self_assessment(&self, ctx: &Context<'_>, input: AssessmentScoresInput) -> Result<AssessmentRecord> {
        run_step(ctx, &input.id, input.version, Step::SaveSelf(scores(input.scores)?)).await
    }

    /// Prefills empty self scores of criteria linked to an indicator from the assessee tenant's
    /// roll-up for the round's year: min(actual ÷ target, 1) × the criterion's maximum.
    async fn prefill_self_assessment(&self, ctx: &Context<'_>, id: ID, version: i32) -> Result<AssessmentRecord> {
        run_step(ctx, &id, version, Step::Prefill).await
    }

    /// Submits the self-assessment (every ordinary criterion scored) for desk verification.
    async fn submit_self_assessment(&self, ctx: &Context<'_>, id: ID, version: i32) -> Result<AssessmentRecord> {
        run_step(ctx, &id, version, Step::Submit).await
    }

    /// First result (书面核查): a score and comment for every criterion (REVIEWER of the round's
    /// tenant, on a SUBMITTED record).
    async fn verify_assessment_desk(
        &self,
        ctx: &Context<'_>,
        input: AssessmentScoresInput,
    ) -> Result<AssessmentRecord> {
        run_step(ctx, &input.id, input.version, Step::VerifyDesk(scores(input.scores)?)).await
    }

    /// Second result (实地核查) by a member of the record's field working group: scores for the
    /// criteria checked on site (the others keep the desk score).
    async fn verify_assessment_field(
        &self,
        ctx: &Context<'_>,
        input: AssessmentScoresInput,
    ) -> Result<AssessmentRecord> {
        run_step(ctx, &input.id, input.version, Step::VerifyField(scores(input.scores)?)).await
    }

    /// Combines desk and field results by the round's rule, caps the bonus and the total
    /// (REVIEWER of the round's tenant).
    async fn combine_assessment(&self, ctx: &Context<'_>, id: ID, version: i32) -> Result<AssessmentRecord> {
        run_step(ctx, &id, version, Step::Combine).await
    }

    /// Feeds the combined result back to the assessee; the recheck window starts now.
    async fn send_assessment_feedback(&self, ctx: &Context<'_>, id: ID, version: i32) -> Result<AssessmentRecord> {
        run_step(ctx, &id, version, Step::SendFeedback).await
    }

    /// The assessee accepts its result (REPORTER of the assessee's tenant).
    async fn accept_assessment(&self, ctx: &Context<'_>, id: ID, version: i32) -> Result<AssessmentRecord> {
        run_step(ctx, &id, version, Step::Accept).await
    }

    /// The assessee objects and asks for a recheck (复核), within the round's window; CONFLICT
    /// after it.
    async fn request_assessment_recheck(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        objection: String,
    ) -> Result<AssessmentRecord> {
        run_step(ctx, &id, version, Step::RequestRecheck(objection)).await
    }

    /// Answers a recheck, optionally revising final scores; the record becomes FINAL
    /// (REVIEWER of the round's tenant).
    async fn resolve_assessment_recheck(
        &self,
        ctx: &Context<'_>,
        input: ResolveRecheckInput,
    ) -> Result<AssessmentRecord> {
        let step = Step::ResolveRecheck { reply: input.reply, scores: scores(input.scores)? };
        run_step(ctx, &input.id, input.version, step).await
    }

    /// Makes an ACCEPTED record FINAL, or a FEEDBACK record whose recheck window has closed
    /// (REVIEWER of the round's tenant).
    async fn finalize_assessment(&self, ctx: &Context<'_>, id: ID, version: i32) -> Result<AssessmentRecord> {
        run_step(ctx, &id, version, Step::Finalize).await
    }

    /// Publishes the round's ranking once every record is FINAL (REVIEWER of the round's
    /// tenant).
    async fn publish_assessment_round(&self, ctx: &Context<'_>, id: ID, version: i32) -> Result<AssessmentRound> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(AssessmentRound(svc::publish(state, &scope, parse_id("id", &id)?, version).await?))
    }
}
