//! Each assessee's record: what it shows to whom, its scores and its timeline.

use super::*;

#[derive(Clone, Debug, Serialize)]
pub struct Record {
    pub id: RecordId,
    pub round_id: RoundId,
    pub round_tenant_id: TenantId,
    pub assessee_tenant_id: TenantId,
    pub unit_id: Option<UnitId>,
    pub kind: AppliesTo,
    pub sort_key: String,
    pub field_group: String,
    pub status: Status,
    pub base_score: Option<i64>,
    pub bonus_score: Option<i64>,
    pub total_score: Option<i64>,
    pub desk_total: Option<i64>,
    pub objection: Option<String>,
    pub reply: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub feedback_at: Option<DateTime<Utc>>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Whether the caller sees the desk, field and combined results (the assessing level always;
    /// the assessee from FEEDBACK on). When false they are blanked here, before any resolver.
    #[serde(skip)]
    pub released: bool,
}

impl Record {
    pub(super) fn from_model(m: record::Model, assessing: bool) -> Result<Self, AppError> {
        let status = Status::parse(&m.status).ok_or_else(|| corrupt("status", m.id))?;
        let released = assessing || status.results_released();
        let hide = |v: Option<i64>| if released { v } else { None };
        Ok(Record {
            id: m.id,
            round_id: m.round_id,
            round_tenant_id: m.round_tenant_id,
            assessee_tenant_id: m.assessee_tenant_id,
            unit_id: m.unit_id,
            kind: AppliesTo::parse(&m.kind).ok_or_else(|| corrupt("kind", m.id))?,
            sort_key: m.sort_key,
            field_group: m.field_group,
            status,
            base_score: hide(m.base_score),
            bonus_score: hide(m.bonus_score),
            total_score: hide(m.total_score),
            desk_total: hide(m.desk_total),
            objection: m.objection,
            reply: if released { m.reply } else { None },
            submitted_at: m.submitted_at,
            feedback_at: m.feedback_at,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
            released,
        })
    }

    /// When the recheck window closes (FEEDBACK time + the round's recheck days).
    pub fn recheck_until(&self, round: &Round) -> Option<DateTime<Utc>> {
        self.feedback_at.map(|f| f + Duration::days(i64::from(round.recheck_days)))
    }

    /// Submitted after the deadline, or not submitted and the deadline has passed (both by the
    /// China date: a self-assessment sent at 07:00 on the day after the deadline, China time, is
    /// 23:00 UTC on the deadline and still late).
    pub fn late(&self, round: &Round) -> bool {
        use crate::domain::period::{china_date, china_today};
        match self.submitted_at {
            Some(at) => china_date(at) > round.deadline,
            None => china_today() > round.deadline,
        }
    }
}

/// Whether the caller is on the assessing side of a round of `round_tenant`: its home is that
/// tenant or one above it.
pub(super) async fn assessing<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    round_tenant: TenantId,
) -> Result<bool, AppError> {
    if scope.home() == round_tenant {
        return Ok(true);
    }
    Ok(scope.check_tenant(db, round_tenant, "tenant").await.is_ok())
}

pub(super) async fn record_model<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    id: RecordId,
) -> Result<record::Model, AppError> {
    scope.get::<record::Entity>(db, id).await
}

/// A record the caller may read, with results blanked for an assessee before FEEDBACK.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn record<C: ConnectionTrait>(db: &C, scope: &Scope, id: RecordId) -> Result<Record, AppError> {
    let m = record_model(db, scope, id).await?;
    let side = assessing(db, scope, m.round_tenant_id).await?;
    Record::from_model(m, side)
}

/// The records of a round the caller may read: every record for the assessing level, its own
/// for an assessee.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn records<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    round_id: RoundId,
    status: Option<Status>,
    req: PageRequest,
) -> Result<Page<Record>, AppError> {
    let r = round(db, scope, round_id).await?;
    let side = assessing(db, scope, r.tenant_id).await?;
    let mut q = scope.select::<record::Entity>().filter(record::Column::RoundId.eq(round_id));
    if let Some(s) = status {
        q = q.filter(record::Column::Status.eq(s.as_str()));
    }
    page::fetch(db, q, record::Column::Id, req).await?.try_map(|m| Record::from_model(m, side))
}

/// One criterion of a record: the assessee's self-assessment and evidence, the desk (first) and
/// field (second) results, and the final score.
#[derive(Clone, Debug, Serialize)]
pub struct ScoreLine {
    pub criterion: Criterion,
    pub self_score: Option<i64>,
    pub self_note: String,
    pub evidence: Vec<String>,
    pub desk_score: Option<i64>,
    pub desk_comment: String,
    pub field_score: Option<i64>,
    pub field_comment: String,
    pub final_score: Option<i64>,
    pub recheck_comment: String,
}

/// The per-criterion scores of a record, in scheme order, blanked like the record.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn scores<C: ConnectionTrait>(db: &C, scope: &Scope, rec: &Record) -> Result<Vec<ScoreLine>, AppError> {
    let r = round(db, scope, rec.round_id).await?;
    let sch = scheme(db, scope, r.scheme_id).await?;
    let rows: HashMap<CriterionId, score::Model> = scope
        .select::<score::Entity>()
        .filter(score::Column::RecordId.eq(rec.id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.criterion_id, s))
        .collect();
    let mut out = Vec::with_capacity(rows.len());
    for c in sch.criteria {
        let Some(s) = rows.get(&c.id) else { continue };
        let shown = rec.released;
        let blank = |v: &str| if shown { v.to_owned() } else { String::new() };
        out.push(ScoreLine {
            self_score: s.self_score,
            self_note: s.self_note.clone(),
            evidence: serde_json::from_str(&s.evidence).map_err(AppError::internal)?,
            desk_score: s.desk_score.filter(|_| shown),
            desk_comment: blank(&s.desk_comment),
            field_score: s.field_score.filter(|_| shown),
            field_comment: blank(&s.field_comment),
            final_score: s.final_score.filter(|_| shown),
            recheck_comment: blank(&s.recheck_comment),
            criterion: c,
        });
    }
    Ok(out)
}

#[derive(Clone, Debug)]
pub struct Event {
    pub id: AssessmentEventId,
    pub action: String,
    pub from_status: Option<Status>,
    pub to_status: Status,
    pub at_tenant_id: TenantId,
    pub actor_name: String,
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
}

/// A record's timeline, oldest first.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn timeline<C: ConnectionTrait>(db: &C, scope: &Scope, id: RecordId) -> Result<Vec<Event>, AppError> {
    scope
        .select::<event::Entity>()
        .filter(event::Column::RecordId.eq(id))
        .order_by_asc(event::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| {
            let st = |s: &str| Status::parse(s).ok_or_else(|| corrupt("status", e.id));
            Ok(Event {
                id: e.id,
                from_status: e.from_status.as_deref().map(st).transpose()?,
                to_status: st(&e.to_status)?,
                action: e.action.clone(),
                at_tenant_id: e.at_tenant_id,
                actor_name: e.actor_name.clone(),
                reason: e.reason.clone(),
                at: e.at,
            })
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn event_row<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    record_id: RecordId,
    owner: TenantId,
    action: &str,
    from: Option<Status>,
    to: Status,
    reason: Option<String>,
) -> Result<(), AppError> {
    let actor = users::get(db, scope, scope.user_id()).await?;
    event::ActiveModel {
        record_id: Set(record_id),
        assessee_tenant_id: Set(owner),
        action: Set(action.to_owned()),
        from_status: Set(from.map(|s| s.as_str().to_owned())),
        to_status: Set(to.as_str().to_owned()),
        at_tenant_id: Set(scope.home()),
        actor_user_id: Set(Some(scope.user_id())),
        actor_name: Set(actor.display_name),
        reason: Set(reason),
        at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
