//! The steps of a record's workflow (`domain::assessment`): self-assessment, desk and field
//! verification, combining, feedback, acceptance, recheck, finalising; and publishing a round.
//!
//! - here: the step as callers name it, and `step()`: the guard (role, record, round, version,
//!   status), the dispatch to the step's own function, and the write (record, event, audit row);
//! - `steps`: one function per step, each saying what it changes on the record and its scores;
//! - `publish`: publishing a round once every record is FINAL.

mod publish;
mod steps;

use super::*;

pub use self::publish::publish;

/// One criterion's score as given by a verifier or the assessee.
#[derive(Clone, Debug)]
pub struct ScoreInput {
    pub criterion_id: CriterionId,
    pub score: Decimal,
    /// The note (self-assessment) or comment (desk, field, recheck).
    pub comment: String,
    /// Ledger evidence references (self-assessment only).
    pub evidence: Vec<String>,
}

/// A step on a record: who may take it, and what it writes.
pub enum Step {
    SaveSelf(Vec<ScoreInput>),
    Prefill,
    Submit,
    VerifyDesk(Vec<ScoreInput>),
    VerifyField(Vec<ScoreInput>),
    Combine,
    SendFeedback,
    Accept,
    RequestRecheck(String),
    ResolveRecheck { reply: String, scores: Vec<ScoreInput> },
    Finalize,
}

impl Step {
    /// The workflow action this step is.
    fn action(&self) -> Action {
        match self {
            Step::SaveSelf(_) | Step::Prefill => Action::SaveSelf,
            Step::Submit => Action::Submit,
            Step::VerifyDesk(_) => Action::VerifyDesk,
            Step::VerifyField(_) => Action::VerifyField,
            Step::Combine => Action::Combine,
            Step::SendFeedback => Action::SendFeedback,
            Step::Accept => Action::Accept,
            Step::RequestRecheck(_) => Action::RequestRecheck,
            Step::ResolveRecheck { .. } => Action::ResolveRecheck,
            Step::Finalize => Action::Finalize,
        }
    }
}

/// What a step works on: the record, its round and scheme, and its score rows.
struct Ctx {
    rec: record::Model,
    round: Round,
    scheme: Scheme,
    rows: Vec<score::Model>,
}

impl Ctx {
    /// The scheme's criterion `id`, if the scheme has it.
    fn criterion(&self, id: CriterionId) -> Option<&Criterion> {
        self.scheme.criteria.iter().find(|c| c.id == id)
    }

    /// Validates scores against this record's criteria: known, within 0..=max, each once.
    fn check_scores(&self, scores: &[ScoreInput]) -> Result<Vec<(CriterionId, i64, String, String)>, AppError> {
        let mut seen = Vec::new();
        let mut out = Vec::with_capacity(scores.len());
        for s in scores {
            let known = self.rows.iter().any(|r| r.criterion_id == s.criterion_id);
            let c = self.criterion(s.criterion_id).filter(|_| known).ok_or_else(|| {
                AppError::bad_input("scores", format!("criterion {} is not one of this record's", s.criterion_id))
            })?;
            if seen.contains(&c.id) {
                return Err(AppError::bad_input("scores", format!("criterion {} is scored twice", c.id)));
            }
            seen.push(c.id);
            let v = score_of("scores.score", s.score)?;
            if v > c.max_score {
                return Err(AppError::bad_input(
                    "scores.score",
                    format!("{} scores at most {} (got {})", c.title, points(c.max_score), s.score),
                ));
            }
            let comment = if s.comment.trim().is_empty() {
                String::new()
            } else {
                text::bounded("comment", &s.comment, TEXT_MAX)?
            };
            if s.evidence.len() > EVIDENCE_MAX_ITEMS {
                return Err(AppError::bad_input(
                    "evidence",
                    format!("at most {EVIDENCE_MAX_ITEMS} evidence references"),
                ));
            }
            let evidence =
                s.evidence.iter().map(|e| text::bounded("evidence", e, 500)).collect::<Result<Vec<_>, _>>()?;
            out.push((c.id, v, comment, serde_json::to_string(&evidence).map_err(AppError::internal)?));
        }
        Ok(out)
    }

    /// The totals (base, bonus, total) of the scores `pick` chooses from each row.
    fn totals(&self, pick: impl Fn(&score::Model) -> Option<i64>) -> rules::Totals {
        let parts: Vec<(i64, i64, bool)> = self
            .rows
            .iter()
            .filter_map(|r| self.criterion(r.criterion_id).map(|c| (pick(r).unwrap_or(0), c.max_score, c.bonus)))
            .collect();
        rules::totals(&parts, self.scheme.bonus_cap)
    }
}

/// Changes one criterion's score row of a record.
async fn set_score<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    record_id: RecordId,
    criterion_id: CriterionId,
    changes: score::ActiveModel,
) -> Result<(), AppError> {
    scope
        .update::<score::Entity>()
        .set(changes)
        .filter(score::Column::RecordId.eq(record_id))
        .filter(score::Column::CriterionId.eq(criterion_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The score rows of a record.
async fn load_rows<C: ConnectionTrait>(db: &C, scope: &Scope, id: RecordId) -> Result<Vec<score::Model>, AppError> {
    Ok(scope.select::<score::Entity>().filter(score::Column::RecordId.eq(id)).all(db).await?)
}

/// What a step changes besides the status, version and time: the record's columns, the reason
/// shown on the timeline event, and the event's action when it is not the step's own.
#[derive(Default)]
struct Change {
    fields: record::ActiveModel,
    reason: Option<String>,
    event_action: Option<&'static str>,
}

/// A guarded step: what it works on, the status it leaves and the status it leads to, and the
/// time the step is taken at.
struct Guarded {
    ctx: Ctx,
    from: Status,
    to: Status,
    now: DateTime<Utc>,
}

/// Takes one step on a record at the version the caller saw. See the module doc for who may
/// take which step.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn step(
    state: &crate::state::AppState,
    scope: &Scope,
    id: RecordId,
    version: i32,
    step: Step,
) -> Result<Record, AppError> {
    let action = step.action();
    require_role(scope, action)?;
    let txn = Write::begin(state, scope, Touch::Assessments).await?;
    let mut guarded = guard(&txn, scope, id, version, action).await?;
    let now = guarded.now;
    let change = dispatch(&txn, scope, &mut guarded.ctx, step, now).await?;
    let (after_model, side) = write(&txn, scope, &guarded, version, action, change).await?;
    txn.commit().await?;
    Record::from_model(after_model, side)
}

/// Whether the action is the assessee's (REPORTER of the assessee's tenant) rather than the
/// assessing level's.
fn assessee_side(action: Action) -> bool {
    matches!(action, Action::SaveSelf | Action::Submit | Action::Accept | Action::RequestRecheck)
}

/// The role check before anything is read: REPORTER for the assessee's steps, REVIEWER for the
/// assessing level's; field verification is checked against the working group instead.
fn require_role(scope: &Scope, action: Action) -> Result<(), AppError> {
    if assessee_side(action) {
        scope.require(Role::Reporter)?;
    } else if action != Action::VerifyField {
        scope.require(Role::Reviewer)?;
    }
    Ok(())
}

/// Loads the record and its round and checks who may take the step there (home tenant, field
/// working group), the version the caller saw, that the round is not published, and that the
/// step applies in the record's status; then loads the scheme and the score rows.
async fn guard(txn: &Write, scope: &Scope, id: RecordId, version: i32, action: Action) -> Result<Guarded, AppError> {
    let rec = record_model(txn, scope, id).await?;
    let round = round(txn, scope, rec.round_id).await?;
    if assessee_side(action) {
        scope.require_home(rec.assessee_tenant_id, "self-assessment and answering feedback")?;
    } else {
        scope.require_home(round.tenant_id, "verifying and deciding an assessment")?;
    }
    if action == Action::VerifyField {
        require_field_member(txn, scope, &round, &rec).await?;
    }
    if rec.version != version {
        return Err(AppError::conflict(
            "version",
            "考评记录已被他人修改，请刷新后重试 / the assessment record was changed by someone else; reload it and try again",
        ));
    }
    if round.status == RoundStatus::Published {
        return Err(AppError::conflict("id", "the round is published; its records no longer change"));
    }
    let from = Status::parse(&rec.status).ok_or_else(|| corrupt("status", rec.id))?;
    let now = Utc::now();
    let to = next_status(&rec, &round, from, action, now)?;
    let scheme = scheme(txn, scope, round.scheme_id).await?;
    let rows = load_rows(txn, scope, id).await?;
    Ok(Guarded { ctx: Ctx { rec, round, scheme, rows }, from, to, now })
}

/// Field verification is done only by a member of the record's field working group.
async fn require_field_member(txn: &Write, scope: &Scope, round: &Round, rec: &record::Model) -> Result<(), AppError> {
    let member = scope
        .select::<member::Entity>()
        .filter(member::Column::RoundId.eq(round.id))
        .filter(member::Column::GroupName.eq(rec.field_group.clone()))
        .filter(member::Column::UserId.eq(scope.user_id()))
        .one(txn)
        .await?;
    if member.is_none() {
        return Err(AppError::Forbidden(format!(
            "field verification of this assessee is done by field working group {} only",
            rec.field_group
        )));
    }
    Ok(())
}

/// The status the action leads to from `from`, or CONFLICT saying why it does not apply (the
/// recheck window closed, or not yet closed for finalising, or the wrong status).
fn next_status(
    rec: &record::Model,
    round: &Round,
    from: Status,
    action: Action,
    now: DateTime<Utc>,
) -> Result<Status, AppError> {
    let until = rec.feedback_at.map(|f| f + Duration::days(i64::from(round.recheck_days)));
    let window_open = until.is_some_and(|u| now <= u);
    match rules::next(from, action, window_open) {
        Some(to) => Ok(to),
        None if from == Status::Feedback && action == Action::RequestRecheck => Err(AppError::conflict(
            "id",
            format!(
                "the recheck window closed at {} ({} days after feedback)",
                until.map(|u| u.to_rfc3339()).unwrap_or_default(),
                round.recheck_days
            ),
        )),
        None if from == Status::Feedback && action == Action::Finalize => Err(AppError::conflict(
            "id",
            format!(
                "the assessee may accept or request a recheck until {}",
                until.map(|u| u.to_rfc3339()).unwrap_or_default()
            ),
        )),
        None => Err(AppError::conflict(
            "id",
            format!(
                "该记录当前为{}，不能{} / the record is {} ({}); {} does not apply",
                from.label(),
                action.label(),
                from.as_str(),
                from.label(),
                action.as_str()
            ),
        )),
    }
}

/// Runs the step's own function.
async fn dispatch(
    txn: &Write,
    scope: &Scope,
    ctx: &mut Ctx,
    step: Step,
    now: DateTime<Utc>,
) -> Result<Change, AppError> {
    match step {
        Step::SaveSelf(scores) => steps::save_self(txn, scope, ctx, &scores).await,
        Step::Prefill => steps::prefill_step(txn, scope, ctx).await,
        Step::Submit => steps::submit(ctx, now),
        Step::VerifyDesk(scores) => steps::verify_desk(txn, scope, ctx, &scores).await,
        Step::VerifyField(scores) => steps::verify_field(txn, scope, ctx, &scores).await,
        Step::Combine => steps::combine(txn, scope, ctx).await,
        Step::SendFeedback => Ok(steps::send_feedback(now)),
        Step::Accept | Step::Finalize => Ok(Change::default()),
        Step::RequestRecheck(objection) => steps::request_recheck(&objection),
        Step::ResolveRecheck { reply, scores } => steps::resolve_recheck(txn, scope, ctx, &reply, &scores).await,
    }
}

/// Writes the step: the record at the version the caller saw (status, next version, time and the
/// step's own columns), the timeline event and the audit row. Returns the record as written and
/// whether the caller sees it from the assessing side.
async fn write(
    txn: &Write,
    scope: &Scope,
    guarded: &Guarded,
    version: i32,
    action: Action,
    change: Change,
) -> Result<(record::Model, bool), AppError> {
    let Guarded { ctx, from, to, now } = guarded;
    let (from, to, now) = (*from, *to, *now);
    let id = ctx.rec.id;
    let event_action = change.event_action.unwrap_or(action.as_str());
    let Change { fields: mut changes, reason, .. } = change;
    changes.status = Set(to.as_str().to_owned());
    changes.version = Set(crate::domain::version::next(version)?);
    changes.updated_at = Set(now);
    let owner = ctx.rec.assessee_tenant_id;
    scope
        .update_versioned::<record::Entity, _>(
            txn,
            (record::Column::Id, id),
            (record::Column::Version, version),
            changes,
            "assessment record",
        )
        .await?;
    event_row(txn, scope, id, owner, event_action, Some(from), to, reason.clone()).await?;
    let side = assessing(txn, scope, ctx.round.tenant_id).await?;
    let before = Record::from_model(ctx.rec.clone(), true)?;
    let after_model = record_model(txn, scope, id).await?;
    let full_after = Record::from_model(after_model.clone(), true)?;
    audit::record(
        txn,
        Actor::from(scope),
        audit::Entry {
            // Filed under the assessing level: the row holds the verification results, which the
            // assessee's own ADMINs must not read in the audit log before FEEDBACK.
            tenant: ctx.round.tenant_id,
            action: &format!("assessment_record.{}", event_action.to_ascii_lowercase()),
            entity_type: "assessment_record",
            entity_id: id.to_string(),
            before: Some(&before),
            after: Some(&serde_json::json!({ "record": full_after, "reason": reason })),
        },
    )
    .await?;
    Ok((after_model, side))
}
