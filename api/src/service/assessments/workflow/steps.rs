//! One function per step of a record's workflow. Each validates what the caller sent, writes the
//! score rows it changes, and answers the record columns it sets (`Change`); `step()` has already
//! checked who may take it and writes the record, the timeline event and the audit row.

use super::*;

/// SAVE_SELF: the assessee's own scores, notes and ledger evidence.
pub(super) async fn save_self(
    txn: &Write,
    scope: &Scope,
    ctx: &mut Ctx,
    scores: &[ScoreInput],
) -> Result<Change, AppError> {
    for (i, s) in scores.iter().enumerate() {
        let field = format!("scores[{i}].evidence");
        files::check_attachable(txn, scope, &field, &s.evidence, ctx.rec.assessee_tenant_id).await?;
    }
    for (cid, v, note, evidence) in ctx.check_scores(scores)? {
        let am = score::ActiveModel {
            self_score: Set(Some(v)),
            self_note: Set(note),
            evidence: Set(evidence),
            ..Default::default()
        };
        set_score(txn, scope, ctx.rec.id, cid, am).await?;
    }
    Ok(Change::default())
}

/// PREFILL (a SAVE_SELF): self scores from indicator completion, see `prefill`.
pub(super) async fn prefill_step(txn: &Write, scope: &Scope, ctx: &mut Ctx) -> Result<Change, AppError> {
    let n = prefill(txn, scope, ctx).await?;
    Ok(Change {
        reason: Some(format!("{n} criteria prefilled from indicator completion")),
        event_action: Some("PREFILL"),
        ..Default::default()
    })
}

/// SUBMIT: once every criterion but the bonus ones has a self score.
pub(super) fn submit(ctx: &Ctx, now: DateTime<Utc>) -> Result<Change, AppError> {
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
    let mut change = Change::default();
    change.fields.submitted_at = Set(Some(now));
    Ok(change)
}

/// VERIFY_DESK: a desk score and comment for every criterion; sets the desk total.
pub(super) async fn verify_desk(
    txn: &Write,
    scope: &Scope,
    ctx: &mut Ctx,
    scores: &[ScoreInput],
) -> Result<Change, AppError> {
    let id = ctx.rec.id;
    let checked = ctx.check_scores(scores)?;
    if checked.len() != ctx.rows.len() {
        return Err(AppError::bad_input(
            "scores",
            format!("the desk verification scores every criterion ({} of {})", checked.len(), ctx.rows.len()),
        ));
    }
    for (cid, v, comment, _) in checked {
        let am = score::ActiveModel { desk_score: Set(Some(v)), desk_comment: Set(comment), ..Default::default() };
        set_score(txn, scope, id, cid, am).await?;
    }
    ctx.rows = load_rows(txn, scope, id).await?;
    let mut change = Change::default();
    change.fields.desk_total = Set(Some(ctx.totals(|r| r.desk_score).total));
    Ok(change)
}

/// VERIFY_FIELD: the field working group's scores and comments.
pub(super) async fn verify_field(
    txn: &Write,
    scope: &Scope,
    ctx: &mut Ctx,
    scores: &[ScoreInput],
) -> Result<Change, AppError> {
    for (cid, v, comment, _) in ctx.check_scores(scores)? {
        let am = score::ActiveModel { field_score: Set(Some(v)), field_comment: Set(comment), ..Default::default() };
        set_score(txn, scope, ctx.rec.id, cid, am).await?;
    }
    Ok(Change::default())
}

/// COMBINE: each criterion's final score from its desk and field scores by the round's rule;
/// sets the base, bonus and total scores.
pub(super) async fn combine(txn: &Write, scope: &Scope, ctx: &mut Ctx) -> Result<Change, AppError> {
    let id = ctx.rec.id;
    let rule = ctx.round.rule();
    for r in &ctx.rows {
        let max = ctx.criterion(r.criterion_id).map(|c| c.max_score).unwrap_or(0);
        let v = rules::combine_one(rule, r.desk_score.unwrap_or(0), r.field_score, max);
        let am = score::ActiveModel { final_score: Set(Some(v)), ..Default::default() };
        set_score(txn, scope, id, r.criterion_id, am).await?;
    }
    ctx.rows = load_rows(txn, scope, id).await?;
    Ok(final_totals(ctx))
}

/// SEND_FEEDBACK: the assessee sees its results from now on; the recheck window starts.
pub(super) fn send_feedback(now: DateTime<Utc>) -> Change {
    let mut change = Change::default();
    change.fields.feedback_at = Set(Some(now));
    change
}

/// REQUEST_RECHECK: the assessee's objection, kept on the record and shown as the reason.
pub(super) fn request_recheck(objection: &str) -> Result<Change, AppError> {
    let o = text::bounded("objection", objection, TEXT_MAX)?;
    let mut change = Change::default();
    change.fields.objection = Set(Some(o.clone()));
    change.reason = Some(o);
    Ok(change)
}

/// RESOLVE_RECHECK: the reviewer's reply and the rechecked final scores; sets the base, bonus
/// and total scores.
pub(super) async fn resolve_recheck(
    txn: &Write,
    scope: &Scope,
    ctx: &mut Ctx,
    reply: &str,
    scores: &[ScoreInput],
) -> Result<Change, AppError> {
    let id = ctx.rec.id;
    let reply = text::bounded("reply", reply, TEXT_MAX)?;
    for (cid, v, comment, _) in ctx.check_scores(scores)? {
        let am = score::ActiveModel { final_score: Set(Some(v)), recheck_comment: Set(comment), ..Default::default() };
        set_score(txn, scope, id, cid, am).await?;
    }
    ctx.rows = load_rows(txn, scope, id).await?;
    let mut change = final_totals(ctx);
    change.fields.reply = Set(Some(reply.clone()));
    change.reason = Some(reply);
    Ok(change)
}

/// The base, bonus and total scores from the final scores of the rows.
fn final_totals(ctx: &Ctx) -> Change {
    let t = ctx.totals(|r| r.final_score);
    let mut change = Change::default();
    change.fields.base_score = Set(Some(t.base));
    change.fields.bonus_score = Set(Some(t.bonus));
    change.fields.total_score = Set(Some(t.total));
    change
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
    let (year, own) = (Period::Year(ctx.round.year), crate::service::rollups::Detail::default());
    let rollups = crate::service::rollups::compute(db, scope, &[tenant], year, &ids, own).await?;
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
