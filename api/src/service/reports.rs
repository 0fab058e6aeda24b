//! Reporting (填报): values for (tenant or unit, indicator, period), single or in atomic
//! batches, with idempotency keys for retries and full history. Each report updates the roll-up
//! aggregates of every ancestor in the same transaction.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use serde::{Deserialize, Serialize};

use super::audit::{self, Actor};
use super::indicators::{self, Indicator};
use super::page::{self, Page, PageRequest};
use super::{rollups, units, unscoped};
use crate::auth::{Scope, subtree_of};
use crate::domain::ids::TenantId;
use crate::domain::period::Period;
use crate::domain::quantity::Quantity;
use crate::domain::role::Role;
use crate::domain::text;
use crate::error::AppError;
use crate::state::AppState;
use entity::{idempotency_key, report, report_aggregate};

/// Most reports in one batch.
pub const BATCH_MAX: usize = 1000;

/// Who a figure is about. The order is the order in which a batch takes its row locks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    Tenant(TenantId),
    Unit(i64),
}

pub struct NewReport {
    pub subject: Subject,
    pub indicator_id: i64,
    pub period: String,
    pub value: Decimal,
    pub note: String,
    pub evidence: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub id: i64,
    pub tenant_id: TenantId,
    pub unit_id: Option<i64>,
    pub indicator_id: i64,
    pub period: String,
    pub value: Decimal,
    pub note: String,
    pub evidence: Vec<String>,
    pub version: i32,
    pub is_current: bool,
    pub reported_by: i64,
    pub reported_at: DateTime<Utc>,
}

impl TryFrom<report::Model> for Report {
    type Error = AppError;
    fn try_from(m: report::Model) -> Result<Self, AppError> {
        Ok(Report {
            id: m.id,
            tenant_id: TenantId(m.tenant_id),
            unit_id: m.unit_id,
            indicator_id: m.indicator_id,
            value: Quantity(m.value).to_decimal(),
            evidence: serde_json::from_str(&m.evidence).map_err(AppError::internal)?,
            period: m.period,
            note: m.note,
            version: m.version,
            is_current: m.is_current,
            reported_by: m.reported_by,
            reported_at: m.reported_at,
        })
    }
}

#[derive(Serialize, Deserialize)]
struct StoredResult {
    report_ids: Vec<i64>,
}

const OPERATION: &str = "report";

/// Reports one or more values, all or none. With an idempotency key, a retry returns the first
/// result and changes nothing.
pub async fn report(
    state: &AppState,
    scope: &Scope,
    items: Vec<NewReport>,
    idempotency: Option<String>,
) -> Result<Vec<Report>, AppError> {
    scope.require(Role::Reporter)?;
    if items.is_empty() || items.len() > BATCH_MAX {
        return Err(AppError::bad_input("reports", format!("send 1 to {BATCH_MAX} reports")));
    }
    let key = idempotency.map(|k| text::bounded("idempotencyKey", &k, 100)).transpose()?;
    if let Some(key) = &key
        && let Some(first) = replay(&state.db, scope, key).await?
    {
        return Ok(first);
    }
    let txn = crate::db::write_txn(&state.db).await?;
    let count = items.len();
    let batch = count > 1;
    // Lines are written in one global order (subject, indicator, period), and the aggregate
    // changes of the whole batch are applied once at the end in (tenant, indicator, period)
    // order, so two batches sharing figures or ancestors take their locks in the same order and
    // cannot deadlock. The stable sort keeps two lines for the same figure in the order sent.
    let mut lines: Vec<(usize, NewReport)> = items.into_iter().enumerate().collect();
    lines.sort_by(|(_, a), (_, b)| (a.subject, a.indicator_id, &a.period).cmp(&(b.subject, b.indicator_id, &b.period)));
    let mut placed: Vec<Option<Report>> = vec![None; count];
    let mut memo = Memo::default();
    for (i, item) in lines {
        let r = report_one(&txn, scope, &mut memo, item).await.map_err(|e| if batch { at_index(e, i) } else { e })?;
        placed[i] = Some(r);
    }
    apply_deltas(&txn, std::mem::take(&mut memo.deltas)).await?;
    let saved: Vec<Report> = placed.into_iter().flatten().collect();
    if let Some(key) = &key {
        let stored = serde_json::to_string(&StoredResult { report_ids: saved.iter().map(|r| r.id).collect() })
            .map_err(AppError::internal)?;
        let insert = idempotency_key::ActiveModel {
            user_id: Set(scope.user_id().0),
            key: Set(key.clone()),
            operation: Set(OPERATION.to_owned()),
            result: Set(stored),
            created_at: Set(Utc::now()),
        }
        .insert(&txn)
        .await;
        if let Err(e) = insert {
            // The same key committed by a concurrent retry: that one is the first result.
            drop(txn);
            if let Some(first) = replay(&state.db, scope, key).await? {
                return Ok(first);
            }
            return Err(e.into());
        }
    }
    txn.commit().await?;
    rollups::invalidate(state, scope).await;
    Ok(saved)
}

/// Names the batch position in a field error, so a phone can point at the wrong line.
fn at_index(e: AppError, i: usize) -> AppError {
    match e {
        AppError::BadInput { field, message } => AppError::BadInput { field: format!("reports[{i}].{field}"), message },
        AppError::Conflict { field, message } => {
            AppError::Conflict { field: Some(format!("reports[{i}].{}", field.unwrap_or_default())), message }
        }
        other => other,
    }
}

async fn replay<C: ConnectionTrait>(db: &C, scope: &Scope, key: &str) -> Result<Option<Vec<Report>>, AppError> {
    let stored = unscoped::idempotency_key(db, scope.user_id(), key).await?;
    let Some(stored) = stored else { return Ok(None) };
    if stored.operation != OPERATION {
        return Err(AppError::conflict("idempotencyKey", "this key was used for another kind of request"));
    }
    let ids = serde_json::from_str::<StoredResult>(&stored.result).map_err(AppError::internal)?.report_ids;
    let mut rows: Vec<Report> = scope
        .select::<report::Entity>()
        .filter(report::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(Report::try_from)
        .collect::<Result<_, _>>()?;
    rows.sort_by_key(|r| ids.iter().position(|id| *id == r.id));
    Ok(Some(rows))
}

/// What one batch looks up once (indicators, ancestors and locks repeat across its lines), and
/// the aggregate changes it has gathered, applied once at the end.
#[derive(Default)]
struct Memo {
    indicators: HashMap<i64, Indicator>,
    ancestors: HashMap<TenantId, Vec<i64>>,
    locks: HashMap<(TenantId, Period), Option<(String, String)>>,
    deltas: Deltas,
}

/// Changes to aggregate rows keyed by (tenant, indicator, period): (total, subjects).
type Deltas = BTreeMap<(i64, i64, String), (i64, i64)>;

async fn report_one<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    memo: &mut Memo,
    item: NewReport,
) -> Result<Report, AppError> {
    let (owner, unit_id, subject) = match item.subject {
        Subject::Tenant(t) => {
            scope.require_home(t, "reporting a tenant's figures")?;
            (t, None, format!("t:{t}"))
        }
        Subject::Unit(u) => {
            let unit = units::get(db, scope, u).await?;
            scope.require_home(unit.tenant_id, "reporting a unit's figures")?;
            if unit.archived_at.is_some() {
                return Err(AppError::conflict("unitId", "the unit is archived"));
            }
            (unit.tenant_id, Some(u), format!("u:{u}"))
        }
    };
    let ind = match memo.indicators.get(&item.indicator_id) {
        Some(i) => i.clone(),
        None => {
            let i = indicators::usable(db, scope, item.indicator_id).await?;
            memo.indicators.insert(i.id, i.clone());
            i
        }
    };
    let period = Period::parse(&item.period)?;
    let value = Quantity::from_decimal("value", ind.value_type.check("value", item.value)?)?;
    let note = if item.note.trim().is_empty() { String::new() } else { text::bounded("note", &item.note, 1000)? };
    if item.evidence.len() > 20 {
        return Err(AppError::bad_input("evidence", "at most 20 evidence references"));
    }
    let evidence = item.evidence.iter().map(|e| text::bounded("evidence", e, 500)).collect::<Result<Vec<_>, _>>()?;

    let lock = match memo.locks.get(&(owner, period)) {
        Some(l) => l.clone(),
        None => {
            let l = unscoped::report_lock(db, owner, &period).await?;
            memo.locks.insert((owner, period), l.clone());
            l
        }
    };
    if let Some((holder, locked_period)) = lock {
        return Err(AppError::conflict(
            "period",
            format!(
                "figures for {period} are locked: {holder} has submitted {locked_period} (return it to change them)"
            ),
        ));
    }
    let same_year = scope
        .select::<report::Entity>()
        .filter(report::Column::Subject.eq(subject.as_str()))
        .filter(report::Column::IndicatorId.eq(ind.id))
        .filter(report::Column::Year.eq(period.year()))
        .filter(report::Column::IsCurrent.eq(true))
        // Corrections of one figure queue here (PostgreSQL row lock; SQLite writers are
        // serialised by the write transaction), so none is lost.
        .lock_exclusive()
        .all(db)
        .await?;
    if let Some(other) = same_year.iter().find(|r| r.granularity != period.granularity().as_str()) {
        return Err(AppError::bad_input(
            "period",
            format!(
                "this indicator is already reported for {} as {}; one granularity per year",
                other.period, other.granularity
            ),
        ));
    }
    let previous = same_year.into_iter().find(|r| r.period == period.to_string());
    let (delta_total, delta_subjects, version) = match &previous {
        Some(p) => (value.0 - p.value, 0, p.version + 1),
        None => (value.0, 1, 1),
    };
    if let Some(p) = &previous {
        let mut old = report::ActiveModel::from(p.clone());
        old.is_current = Set(false);
        old.update(db).await?;
    }
    let now = Utc::now();
    let saved: Report = report::ActiveModel {
        tenant_id: Set(owner.0),
        unit_id: Set(unit_id),
        subject: Set(subject),
        indicator_id: Set(ind.id),
        period: Set(period.to_string()),
        year: Set(period.year()),
        granularity: Set(period.granularity().as_str().to_owned()),
        value: Set(value.0),
        note: Set(note),
        evidence: Set(serde_json::to_string(&evidence).map_err(AppError::internal)?),
        version: Set(version),
        is_current: Set(true),
        reported_by: Set(scope.user_id().0),
        reported_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|e| AppError::on_unique(e, "period", "the same figure was reported at the same moment; send it again"))?
    .try_into()?;
    if let std::collections::hash_map::Entry::Vacant(e) = memo.ancestors.entry(owner) {
        e.insert(unscoped::ancestors_or_self_ids(db, owner).await?);
    }
    let ancestors = memo.ancestors.get(&owner).map(Vec::as_slice).unwrap_or_default();
    gather_delta(&mut memo.deltas, ancestors, ind.id, period, delta_total, delta_subjects);
    audit::record(
        db,
        Actor::from(scope),
        audit::Entry {
            tenant: owner,
            action: if previous.is_some() { "report.correct" } else { "report.create" },
            entity_type: "report",
            entity_id: saved.id.to_string(),
            before: previous.map(Report::try_from).transpose()?.as_ref(),
            after: Some(&saved),
        },
    )
    .await?;
    Ok(saved)
}

/// Adds one figure's change to the gathered changes of the owner and every ancestor, for its
/// period and the periods it rolls into.
fn gather_delta(
    deltas: &mut Deltas,
    ancestors_or_self: &[i64],
    indicator: i64,
    period: Period,
    total: i64,
    subjects: i64,
) {
    if total == 0 && subjects == 0 {
        return;
    }
    let tenants: BTreeSet<i64> = ancestors_or_self.iter().copied().collect();
    let periods = period.with_rollups();
    for t in tenants {
        for p in &periods {
            let slot = deltas.entry((t, indicator, p.to_string())).or_default();
            slot.0 += total;
            slot.1 += subjects;
        }
    }
}

/// Aggregate rows per upsert statement: well under PostgreSQL's 65,535 bind parameters.
const UPSERT_CHUNK: usize = 1000;

/// Applies the gathered changes with ordered upserts (`total = total + excluded.total`). The map
/// is sorted by (tenant, indicator, period), so every writer locks shared rows in the same order.
async fn apply_deltas<C: ConnectionTrait>(db: &C, deltas: Deltas) -> Result<(), AppError> {
    let now = Utc::now();
    let rows: Vec<report_aggregate::ActiveModel> = deltas
        .into_iter()
        .filter(|(_, (total, subjects))| *total != 0 || *subjects != 0)
        .map(|((tenant, indicator, period), (total, subjects))| report_aggregate::ActiveModel {
            tenant_id: Set(tenant),
            indicator_id: Set(indicator),
            period: Set(period),
            total: Set(total),
            subjects: Set(subjects),
            updated_at: Set(now),
        })
        .collect();
    let excluded = |c: report_aggregate::Column| Expr::col((Alias::new("excluded"), c));
    let current = |c: report_aggregate::Column| Expr::col((report_aggregate::Entity, c));
    for chunk in rows.chunks(UPSERT_CHUNK) {
        report_aggregate::Entity::insert_many(chunk.iter().cloned())
            .on_conflict(
                OnConflict::columns([
                    report_aggregate::Column::TenantId,
                    report_aggregate::Column::IndicatorId,
                    report_aggregate::Column::Period,
                ])
                .value(
                    report_aggregate::Column::Total,
                    current(report_aggregate::Column::Total).add(excluded(report_aggregate::Column::Total)),
                )
                .value(
                    report_aggregate::Column::Subjects,
                    current(report_aggregate::Column::Subjects).add(excluded(report_aggregate::Column::Subjects)),
                )
                .value(report_aggregate::Column::UpdatedAt, excluded(report_aggregate::Column::UpdatedAt))
                .to_owned(),
            )
            .exec(db)
            .await?;
    }
    Ok(())
}

#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub tenant: Option<TenantId>,
    /// With `tenant`: its whole subtree.
    pub include_subtree: bool,
    pub unit_id: Option<i64>,
    pub indicator_id: Option<i64>,
    pub period: Option<String>,
    /// Superseded versions too (history).
    pub include_history: bool,
}

/// Reports in scope, oldest first.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    f: Filter,
    req: PageRequest,
) -> Result<Page<Report>, AppError> {
    let mut q = scope.select::<report::Entity>();
    if let Some(t) = f.tenant {
        scope.check_tenant(db, t, "tenant").await?;
        q = if f.include_subtree {
            q.filter(report::Column::TenantId.in_subquery(subtree_of(t)))
        } else {
            q.filter(report::Column::TenantId.eq(t.0))
        };
    }
    if let Some(u) = f.unit_id {
        q = q.filter(report::Column::UnitId.eq(u));
    }
    if let Some(i) = f.indicator_id {
        q = q.filter(report::Column::IndicatorId.eq(i));
    }
    if let Some(p) = f.period {
        q = q.filter(report::Column::Period.eq(Period::parse(&p)?.to_string()));
    }
    if !f.include_history {
        q = q.filter(report::Column::IsCurrent.eq(true));
    }
    let p = page::fetch(db, q, report::Column::Id, req).await?;
    p.try_map(Report::try_from)
}
