//! The steps of a record's workflow (`domain::assessment`): self-assessment, desk and field
//! verification, combining, feedback, acceptance, recheck, finalising; and publishing a round.

use super::*;

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

struct Ctx {
    rec: record::Model,
    round: Round,
    scheme: Scheme,
    rows: Vec<score::Model>,
}

impl Ctx {
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

    fn totals(&self, pick: impl Fn(&score::Model) -> Option<i64>) -> rules::Totals {
        let parts: Vec<(i64, i64, bool)> = self
            .rows
            .iter()
            .filter_map(|r| self.criterion(r.criterion_id).map(|c| (pick(r).unwrap_or(0), c.max_score, c.bonus)))
            .collect();
        rules::totals(&parts, self.scheme.bonus_cap)
    }
}

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

async fn load_rows<C: ConnectionTrait>(db: &C, scope: &Scope, id: RecordId) -> Result<Vec<score::Model>, AppError> {
    Ok(scope.select::<score::Entity>().filter(score::Column::RecordId.eq(id)).all(db).await?)
}

/// Takes one step on a record at the version the caller saw. See the module doc for who may
/// take which step.
pub async fn step(
    state: &crate::state::AppState,
    scope: &Scope,
    id: RecordId,
    version: i32,
    step: Step,
) -> Result<Record, AppError> {
    let action = step.action();
    let assessee_side = matches!(action, Action::SaveSelf | Action::Submit | Action::Accept | Action::RequestRecheck);
    if assessee_side {
        scope.require(Role::Reporter)?;
    } else if action != Action::VerifyField {
        scope.require(Role::Reviewer)?;
    }
    let txn = Write::begin(state, scope, Touch::Assessments).await?;
    let rec = record_model(&txn, scope, id).await?;
    let round = round(&txn, scope, rec.round_id).await?;
    if assessee_side {
        scope.require_home(rec.assessee_tenant_id, "self-assessment and answering feedback")?;
    } else {
        scope.require_home(round.tenant_id, "verifying and deciding an assessment")?;
    }
    if action == Action::VerifyField {
        let member = scope
            .select::<member::Entity>()
            .filter(member::Column::RoundId.eq(round.id))
            .filter(member::Column::GroupName.eq(rec.field_group.clone()))
            .filter(member::Column::UserId.eq(scope.user_id()))
            .one(&txn)
            .await?;
        if member.is_none() {
            return Err(AppError::Forbidden(format!(
                "field verification of this assessee is done by field working group {} only",
                rec.field_group
            )));
        }
    }
    if rec.version != version {
        return Err(AppError::conflict(
            "version",
            "the assessment record was changed by someone else; reload it and try again",
        ));
    }
    if round.status == RoundStatus::Published {
        return Err(AppError::conflict("id", "the round is published; its records no longer change"));
    }
    let from = Status::parse(&rec.status).ok_or_else(|| corrupt("status", rec.id))?;
    let now = Utc::now();
    let until = rec.feedback_at.map(|f| f + Duration::days(i64::from(round.recheck_days)));
    let window_open = until.is_some_and(|u| now <= u);
    let to = match rules::next(from, action, window_open) {
        Some(to) => to,
        None if from == Status::Feedback && action == Action::RequestRecheck => {
            return Err(AppError::conflict(
                "id",
                format!(
                    "the recheck window closed at {} ({} days after feedback)",
                    until.map(|u| u.to_rfc3339()).unwrap_or_default(),
                    round.recheck_days
                ),
            ));
        }
        None if from == Status::Feedback && action == Action::Finalize => {
            return Err(AppError::conflict(
                "id",
                format!(
                    "the assessee may accept or request a recheck until {}",
                    until.map(|u| u.to_rfc3339()).unwrap_or_default()
                ),
            ));
        }
        None => {
            return Err(AppError::conflict(
                "id",
                format!("the record is {} ({}); {} does not apply", from.as_str(), from.label(), action.as_str()),
            ));
        }
    };
    let scheme = scheme(&txn, scope, round.scheme_id).await?;
    let rows = load_rows(&txn, scope, id).await?;
    let mut ctx = Ctx { rec, round, scheme, rows };
    let mut changes = <record::ActiveModel as Default>::default();
    let mut reason = None;
    let mut event_action = action.as_str();
    match step {
        Step::SaveSelf(scores) => {
            for (cid, v, note, evidence) in ctx.check_scores(&scores)? {
                let am = score::ActiveModel {
                    self_score: Set(Some(v)),
                    self_note: Set(note),
                    evidence: Set(evidence),
                    ..Default::default()
                };
                set_score(&txn, scope, id, cid, am).await?;
            }
        }
        Step::Prefill => {
            event_action = "PREFILL";
            let n = prefill(&txn, scope, &ctx).await?;
            reason = Some(format!("{n} criteria prefilled from indicator completion"));
        }
        Step::Submit => {
            let missing: Vec<String> = ctx
                .rows
                .iter()
                .filter(|r| r.self_score.is_none())
                .filter_map(|r| ctx.criterion(r.criterion_id))
                .filter(|c| !c.bonus)
                .map(|c| c.title.clone())
                .collect();
            if !missing.is_empty() {
                return Err(AppError::bad_input(
                    "id",
                    format!("self-assess every criterion before submitting; missing: {}", missing.join("; ")),
                ));
            }
            changes.submitted_at = Set(Some(now));
        }
        Step::VerifyDesk(scores) => {
            let checked = ctx.check_scores(&scores)?;
            if checked.len() != ctx.rows.len() {
                return Err(AppError::bad_input(
                    "scores",
                    format!("the desk verification scores every criterion ({} of {})", checked.len(), ctx.rows.len()),
                ));
            }
            for (cid, v, comment, _) in checked {
                let am =
                    score::ActiveModel { desk_score: Set(Some(v)), desk_comment: Set(comment), ..Default::default() };
                set_score(&txn, scope, id, cid, am).await?;
            }
            ctx.rows = load_rows(&txn, scope, id).await?;
            changes.desk_total = Set(Some(ctx.totals(|r| r.desk_score).total));
        }
        Step::VerifyField(scores) => {
            for (cid, v, comment, _) in ctx.check_scores(&scores)? {
                let am =
                    score::ActiveModel { field_score: Set(Some(v)), field_comment: Set(comment), ..Default::default() };
                set_score(&txn, scope, id, cid, am).await?;
            }
        }
        Step::Combine => {
            let rule = ctx.round.rule();
            for r in &ctx.rows {
                let max = ctx.criterion(r.criterion_id).map(|c| c.max_score).unwrap_or(0);
                let v = rules::combine_one(rule, r.desk_score.unwrap_or(0), r.field_score, max);
                let am = score::ActiveModel { final_score: Set(Some(v)), ..Default::default() };
                set_score(&txn, scope, id, r.criterion_id, am).await?;
            }
            ctx.rows = load_rows(&txn, scope, id).await?;
            let t = ctx.totals(|r| r.final_score);
            changes.base_score = Set(Some(t.base));
            changes.bonus_score = Set(Some(t.bonus));
            changes.total_score = Set(Some(t.total));
        }
        Step::SendFeedback => changes.feedback_at = Set(Some(now)),
        Step::Accept | Step::Finalize => {}
        Step::RequestRecheck(objection) => {
            let o = text::bounded("objection", &objection, TEXT_MAX)?;
            changes.objection = Set(Some(o.clone()));
            reason = Some(o);
        }
        Step::ResolveRecheck { reply, scores } => {
            let reply = text::bounded("reply", &reply, TEXT_MAX)?;
            for (cid, v, comment, _) in ctx.check_scores(&scores)? {
                let am = score::ActiveModel {
                    final_score: Set(Some(v)),
                    recheck_comment: Set(comment),
                    ..Default::default()
                };
                set_score(&txn, scope, id, cid, am).await?;
            }
            ctx.rows = load_rows(&txn, scope, id).await?;
            let t = ctx.totals(|r| r.final_score);
            changes.base_score = Set(Some(t.base));
            changes.bonus_score = Set(Some(t.bonus));
            changes.total_score = Set(Some(t.total));
            changes.reply = Set(Some(reply.clone()));
            reason = Some(reply);
        }
    }
    changes.status = Set(to.as_str().to_owned());
    changes.version = Set(crate::domain::version::next(version)?);
    changes.updated_at = Set(now);
    let owner = ctx.rec.assessee_tenant_id;
    scope
        .update_versioned::<record::Entity, _>(
            &txn,
            (record::Column::Id, id),
            (record::Column::Version, version),
            changes,
            "assessment record",
        )
        .await?;
    event_row(&txn, scope, id, owner, event_action, Some(from), to, reason.clone()).await?;
    let side = assessing(&txn, scope, ctx.round.tenant_id).await?;
    let before = Record::from_model(ctx.rec.clone(), true)?;
    let after_model = record_model(&txn, scope, id).await?;
    let full_after = Record::from_model(after_model.clone(), true)?;
    audit::record(
        &txn,
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
    txn.commit().await?;
    Record::from_model(after_model, side)
}

/// Prefills the self score of every criterion linked to an indicator that has none yet, from
/// the assessee tenant's roll-up for the round's year: completion (actual ÷ target, at most 1)
/// × the criterion's maximum, rounded down to a ten-thousandth. Unit assessees and criteria
/// without a target are left alone. Returns how many were filled.
async fn prefill<C: ConnectionTrait>(db: &C, scope: &Scope, ctx: &Ctx) -> Result<usize, AppError> {
    if ctx.rec.unit_id.is_some() {
        return Ok(0);
    }
    let linked: Vec<(&score::Model, &Criterion, IndicatorId)> = ctx
        .rows
        .iter()
        .filter(|r| r.self_score.is_none())
        .filter_map(|r| ctx.criterion(r.criterion_id).and_then(|c| c.indicator_id.map(|i| (r, c, i))))
        .collect();
    if linked.is_empty() {
        return Ok(0);
    }
    let ids: Vec<IndicatorId> = linked.iter().map(|l| l.2).collect();
    let tenant = ctx.rec.assessee_tenant_id;
    let rollups = crate::service::rollups::compute(db, scope, &[tenant], Period::Year(ctx.round.year), &ids).await?;
    let rows = rollups.get(&tenant).cloned().unwrap_or_default();
    let mut n = 0;
    for (r, c, ind) in linked {
        let Some(ru) = rows.iter().find(|x| x.indicator_id == ind) else { continue };
        let (Some(target), Some(actual)) = (ru.target, ru.actual.or(ru.total)) else { continue };
        if target <= 0 {
            continue;
        }
        let done = actual.clamp(0, target) as i128;
        let v = (c.max_score as i128 * done / target as i128) as i64;
        let am = score::ActiveModel {
            self_score: Set(Some(v.min(c.max_score))),
            self_note: Set(format!("按指标完成情况预填 ({})", ru.indicator_name)),
            ..Default::default()
        };
        set_score(db, scope, r.record_id, r.criterion_id, am).await?;
        n += 1;
    }
    Ok(n)
}

/// Publishes a round once every record is FINAL (REVIEWER of the round's tenant).
pub async fn publish(state: &AppState, scope: &Scope, id: RoundId, version: i32) -> Result<Round, AppError> {
    scope.require(Role::Reviewer)?;
    let txn = Write::begin(state, scope, Touch::Assessments).await?;
    let before = round(&txn, scope, id).await?;
    scope.require_home(before.tenant_id, "publishing a round")?;
    if before.status == RoundStatus::Published {
        return Err(AppError::conflict("id", "the round is already published"));
    }
    let open = scope
        .select::<record::Entity>()
        .filter(record::Column::RoundId.eq(id))
        .filter(record::Column::Status.ne(Status::Final.as_str()))
        .count(&txn)
        .await?;
    if open > 0 {
        return Err(AppError::conflict("id", format!("{open} records are not FINAL yet; publish once all are")));
    }
    let changes = round::ActiveModel {
        status: Set(RoundStatus::Published.as_str().to_owned()),
        published_at: Set(Some(Utc::now())),
        version: Set(crate::domain::version::next(version)?),
        ..Default::default()
    };
    scope
        .update_versioned::<round::Entity, _>(
            &txn,
            (round::Column::Id, id),
            (round::Column::Version, version),
            changes,
            "assessment round",
        )
        .await?;
    let after = round(&txn, scope, id).await?;
    audit::record(
        &txn,
        Actor::from(scope),
        audit::Entry {
            tenant: after.tenant_id,
            action: "assessment_round.publish",
            entity_type: "assessment_round",
            entity_id: id.to_string(),
            before: Some(&before),
            after: Some(&after),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}
