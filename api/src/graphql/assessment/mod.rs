//! Performance assessment (绩效考评): schemes, rounds, each assessee's record and its workflow,
//! and the published ranking. Scores are exact decimals (up to 4 places). See
//! `service::assessments` for who may do what and who sees what.

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

use super::kit::connection::{Conn, connection, page_request, parse_id};
use super::kit::context::ContextExt;
use super::kit::enums::{AssesseeKind, AssessmentGrade, AssessmentRoundStatus, AssessmentStatus, CombineRule};
use super::unit::UnitNode;
use super::user::UserNode;
use crate::domain::assessment::AppliesTo;
use crate::domain::ids::*;
use crate::graphql::tenant::TenantRef;
use crate::service::assessments::{
    self as svc, AssesseeRef, Criterion, Event, NewAssessee, NewCriterion, NewRound, Record, ResultRow, Round, Scheme,
    SchemeInput, ScoreInput, ScoreLine, Step, points,
};

mod records;
mod results;
mod rounds;
mod schemes;

pub use records::*;
pub use results::*;
pub use rounds::*;
pub use schemes::*;

fn opt_points(v: Option<i64>) -> Option<Decimal> {
    v.map(points)
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
                (Some(t), None) => AssesseeRef::Tenant(parse_id("assessees.tenantId", t)?),
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
