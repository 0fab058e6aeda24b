//! Reporting (填报): values for (tenant or unit, indicator, period), single or in atomic
//! batches, with idempotency keys for retries and full history. Each report updates the roll-up
//! aggregates of every ancestor in the same transaction.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde::{Deserialize, Serialize};

use super::audit::{self, Actor};
use super::indicators::{self, Indicator};
use super::page::{self, Page, PageRequest};
use super::write::{Touch, Write};
use super::{idempotency, units, unscoped};
use crate::auth::{Scope, subtree_of};
use crate::domain::ids::TenantId;
use crate::domain::period::Period;
use crate::domain::quantity::Quantity;
use crate::domain::role::Role;
use crate::domain::text;
use crate::error::AppError;
use crate::state::AppState;
use entity::{report, report_aggregate};

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

/// Reports one or more values, all or none. `operation` names the mutation (`report` or
/// `reportBatch`) for idempotency: with a key, a retry of the same request returns the first
/// result and changes nothing; another request under the same key is CONFLICT.
pub async fn report(
    state: &AppState,
    scope: &Scope,
    operation: &'static str,
    items: Vec<NewReport>,
    idempotency: Option<String>,
) -> Result<Vec<Report>, AppError> {
    scope.require(Role::Reporter)?;
    if items.is_empty() || items.len() > BATCH_MAX {
        return Err(AppError::bad_input("reports", format!("send 1 to {BATCH_MAX} reports")));
    }
    let claim = match idempotency {
        Some(k) => {
            let key = text::bounded("idempotencyKey", &k, 100)?;
            Some(idempotency::Claim { fingerprint: fingerprint(operation, &items), key })
        }
        None => None,
    };
    if let Some(claim) = &claim
        && let Some(first) = replay(state, scope, operation, claim).await?
    {
        return Ok(first);
    }
    let txn = Write::begin(state, scope, Touch::Figures).await?;
    // Figures are reported for the caller's own tenant and its units (`check_line`), so that
    // tenant and its ancestors are the ones whose submissions could freeze them.
    unscoped::lock_for_reporting(&txn, scope.home()).await?;
    let saved = match write_lines(&txn, scope, items).await {
        Ok(saved) => saved,
        // A concurrent retry that committed first wrote the same new figures (the database
        // made this one wait for it, then refused the duplicate): its answer is the answer.
        Err(e) => {
            drop(txn);
            if let Some(claim) = &claim
                && let Some(first) = replay(state, scope, operation, claim).await?
            {
                return Ok(first);
            }
            return Err(e);
        }
    };
    if let Some(claim) = &claim {
        let stored = serde_json::to_string(&StoredResult { report_ids: saved.iter().map(|r| r.id).collect() })
            .map_err(AppError::internal)?;
        if !idempotency::save(&txn, state, scope, operation, claim, stored).await? {
            // The same key committed by a concurrent retry: that one is the first result.
            drop(txn);
            return replay(state, scope, operation, claim)
                .await?
                .ok_or_else(|| AppError::internal("an idempotency key vanished after a conflict"));
        }
    }
    txn.commit().await?;
    Ok(saved)
}

/// What makes two report requests the same request: every line as sent (values compared as
/// numbers, so `1.0` and `1` are the same figure).
fn fingerprint(operation: &str, items: &[NewReport]) -> String {
    let lines: Vec<String> = items
        .iter()
        .map(|i| {
            let subject = match i.subject {
                Subject::Tenant(t) => format!("t:{t}"),
                Subject::Unit(u) => format!("u:{u}"),
            };
            let evidence = serde_json::to_string(&i.evidence).unwrap_or_default();
            serde_json::to_string(&(subject, i.indicator_id, i.period.trim(), i.value.normalize(), &i.note, evidence))
                .unwrap_or_default()
        })
        .collect();
    idempotency::fingerprint(operation, lines.iter().map(String::as_str))
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

async fn replay(
    state: &AppState,
    scope: &Scope,
    operation: &str,
    claim: &idempotency::Claim,
) -> Result<Option<Vec<Report>>, AppError> {
    let db = &state.db;
    let Some(result) = idempotency::replay(db, state, scope, operation, claim).await? else { return Ok(None) };
    let ids = serde_json::from_str::<StoredResult>(&result).map_err(AppError::internal)?.report_ids;
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

/// Changes to aggregate rows keyed by (tenant, indicator, period): (total, subjects).
type Deltas = BTreeMap<(i64, i64, String), (i64, i64)>;

/// A line that passed every check that needs no figure: whose it is, what it says.
struct Line {
    index: usize,
    owner: TenantId,
    unit_id: Option<i64>,
    subject: String,
    indicator: i64,
    period: Period,
    value: i64,
    note: String,
    evidence: String,
}

/// A current figure as the batch sees it while it works out versions: stored already, or
/// written by an earlier line of the same batch (the position in `pending`).
enum Prior {
    Stored(Box<Report>),
    Line(usize),
}

struct Figure {
    period: String,
    granularity: String,
    value: i64,
    version: i32,
    prior: Prior,
}

/// A line with its version, ready to insert.
struct Pending {
    line: Line,
    version: i32,
    is_current: bool,
    before: Option<Prior>,
}

/// Reports per insert statement (14 values each: well inside both databases' limits).
const ROWS_PER_INSERT: usize = 500;

/// Writes the lines of one request, set-based: a fixed handful of statements whatever the number
/// of lines (units, each indicator, each lock and each reporting tenant's ancestors once; the
/// current figures in one locking read; one retirement, one insert and one audit insert per 500
/// lines; the aggregate upserts). Every request locks the figures it reads through the same
/// statement, ordered by (subject, indicator, period), so two requests sharing figures lock them
/// in one global order; the aggregate changes are applied at the end in (tenant, indicator,
/// period) order. Lines are worked through sorted the same way; two lines for the same figure
/// are applied in the order sent.
async fn write_lines(db: &Write, scope: &Scope, items: Vec<NewReport>) -> Result<Vec<Report>, AppError> {
    let count = items.len();
    let batch = count > 1;
    let at = |e: AppError, i: usize| if batch { at_index(e, i) } else { e };
    let mut sorted: Vec<(usize, NewReport)> = items.into_iter().enumerate().collect();
    sorted
        .sort_by(|(_, a), (_, b)| (a.subject, a.indicator_id, &a.period).cmp(&(b.subject, b.indicator_id, &b.period)));

    let unit_ids: BTreeSet<i64> = sorted
        .iter()
        .filter_map(|(_, l)| match l.subject {
            Subject::Unit(u) => Some(u),
            Subject::Tenant(_) => None,
        })
        .collect();
    let units: HashMap<i64, units::Unit> = if unit_ids.is_empty() {
        HashMap::new()
    } else {
        units::get_many(db, scope, unit_ids.into_iter().collect()).await?.into_iter().map(|u| (u.id, u)).collect()
    };
    let mut indicators: HashMap<i64, Indicator> = HashMap::new();
    let mut locks: HashMap<(TenantId, Period), Option<(String, String)>> = HashMap::new();
    let mut lines = Vec::with_capacity(count);
    for (i, item) in sorted {
        lines.push(check_line(db, scope, &units, &mut indicators, &mut locks, i, item).await.map_err(|e| at(e, i))?);
    }

    // Every current figure of the same subjects, indicators and years, locked in one order.
    let subjects: BTreeSet<&str> = lines.iter().map(|l| l.subject.as_str()).collect();
    let inds: BTreeSet<i64> = lines.iter().map(|l| l.indicator).collect();
    let years: BTreeSet<i32> = lines.iter().map(|l| l.period.year()).collect();
    let stored = scope
        .select::<report::Entity>()
        .filter(report::Column::Subject.is_in(subjects))
        .filter(report::Column::IndicatorId.is_in(inds))
        .filter(report::Column::Year.is_in(years))
        .filter(report::Column::IsCurrent.eq(true))
        .order_by_asc(report::Column::Subject)
        .order_by_asc(report::Column::IndicatorId)
        .order_by_asc(report::Column::Period)
        // Corrections of one figure queue here (PostgreSQL row lock; SQLite writers are
        // serialised by the write transaction), so none is lost.
        .lock_exclusive()
        .all(db)
        .await?;
    let mut current: HashMap<(String, i64, i32), Vec<Figure>> = HashMap::new();
    for r in stored {
        let key = (r.subject.clone(), r.indicator_id, r.year);
        let (period, granularity, value) = (r.period.clone(), r.granularity.clone(), r.value);
        let report = Report::try_from(r)?;
        let version = report.version;
        current.entry(key).or_default().push(Figure {
            period,
            granularity,
            value,
            version,
            prior: Prior::Stored(Box::new(report)),
        });
    }

    // Versions, retirements and aggregate changes, line by line in order.
    let mut pending: Vec<Pending> = Vec::with_capacity(count);
    let mut retire: Vec<i64> = Vec::new();
    let mut ancestors: HashMap<TenantId, Vec<i64>> = HashMap::new();
    let mut deltas = Deltas::new();
    for line in lines {
        let figures = current.entry((line.subject.clone(), line.indicator, line.period.year())).or_default();
        let granularity = line.period.granularity().as_str();
        if let Some(other) = figures.iter().find(|f| f.granularity != granularity) {
            let e = AppError::bad_input(
                "period",
                format!(
                    "this indicator is already reported for {} as {}; one granularity per year",
                    other.period, other.granularity
                ),
            );
            return Err(at(e, line.index));
        }
        let period = line.period.to_string();
        let previous = figures.iter().position(|f| f.period == period).map(|k| figures.swap_remove(k));
        let (delta_total, delta_subjects, version) = match &previous {
            Some(p) => (line.value - p.value, 0, p.version + 1),
            None => (line.value, 1, 1),
        };
        match previous.as_ref().map(|p| &p.prior) {
            Some(Prior::Stored(m)) => retire.push(m.id),
            Some(Prior::Line(j)) => {
                if let Some(p) = pending.get_mut(*j) {
                    p.is_current = false;
                }
            }
            None => {}
        }
        figures.push(Figure {
            period,
            granularity: granularity.to_owned(),
            value: line.value,
            version,
            prior: Prior::Line(pending.len()),
        });
        if let std::collections::hash_map::Entry::Vacant(e) = ancestors.entry(line.owner) {
            e.insert(unscoped::ancestors_or_self_ids(db, line.owner).await?);
        }
        let up = ancestors.get(&line.owner).map(Vec::as_slice).unwrap_or_default();
        gather_delta(&mut deltas, up, line.indicator, line.period, delta_total, delta_subjects);
        pending.push(Pending { line, version, is_current: true, before: previous.map(|p| p.prior) });
    }

    drop(current);
    if !retire.is_empty() {
        scope
            .update::<report::Entity>()
            .col_expr(report::Column::IsCurrent, Expr::value(false))
            .filter(report::Column::Id.is_in(retire))
            .exec(db)
            .await?;
    }
    // Inserted a chunk at a time, so a full batch never holds all its rows twice.
    let now = Utc::now();
    let user = scope.user_id().0;
    let mut inserted: HashMap<(String, i64, String, i32), report::Model> = HashMap::with_capacity(count);
    for chunk in pending.chunks(ROWS_PER_INSERT) {
        let rows = chunk.iter().map(|p| report::ActiveModel {
            tenant_id: Set(p.line.owner.0),
            unit_id: Set(p.line.unit_id),
            subject: Set(p.line.subject.clone()),
            indicator_id: Set(p.line.indicator),
            period: Set(p.line.period.to_string()),
            year: Set(p.line.period.year()),
            granularity: Set(p.line.period.granularity().as_str().to_owned()),
            value: Set(p.line.value),
            note: Set(p.line.note.clone()),
            evidence: Set(p.line.evidence.clone()),
            version: Set(p.version),
            is_current: Set(p.is_current),
            reported_by: Set(user),
            reported_at: Set(now),
            ..Default::default()
        });
        let models = report::Entity::insert_many(rows).exec_with_returning(db).await.map_err(|e| {
            let what = if batch { "reports" } else { "period" };
            AppError::on_unique(e, what, "the same figure was reported at the same moment; send it again")
        })?;
        for m in models {
            inserted.insert((m.subject.clone(), m.indicator_id, m.period.clone(), m.version), m);
        }
    }

    let mut saved: Vec<Option<Report>> = vec![None; count];
    let mut audit_rows = Vec::with_capacity(count);
    for p in &pending {
        let key = (p.line.subject.clone(), p.line.indicator, p.line.period.to_string(), p.version);
        let model = inserted.remove(&key).ok_or_else(|| AppError::internal("an inserted report was not returned"))?;
        let report = Report::try_from(model)?;
        let before = match &p.before {
            Some(Prior::Stored(r)) => Some(&**r),
            Some(Prior::Line(j)) => pending.get(*j).and_then(|earlier| saved[earlier.line.index].as_ref()),
            None => None,
        };
        audit_rows.push(audit::row(
            Actor::from(scope),
            audit::Entry {
                tenant: p.line.owner,
                action: if before.is_some() { "report.correct" } else { "report.create" },
                entity_type: "report",
                entity_id: report.id.to_string(),
                before,
                after: Some(&report),
            },
        )?);
        saved[p.line.index] = Some(report);
    }
    audit::record_all(db, audit_rows).await?;
    apply_deltas(db, deltas).await?;
    Ok(saved.into_iter().flatten().collect())
}

/// The checks of one line that need no figure: the subject is the caller's own tenant or one
/// of its units (not archived), the indicator usable, the fields well-formed, the period not
/// locked by a submission.
async fn check_line<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    units: &HashMap<i64, units::Unit>,
    indicators: &mut HashMap<i64, Indicator>,
    locks: &mut HashMap<(TenantId, Period), Option<(String, String)>>,
    index: usize,
    item: NewReport,
) -> Result<Line, AppError> {
    let (owner, unit_id, subject) = match item.subject {
        Subject::Tenant(t) => {
            scope.require_home(t, "reporting a tenant's figures")?;
            (t, None, format!("t:{t}"))
        }
        Subject::Unit(u) => {
            let unit = units.get(&u).ok_or(AppError::NotFound { entity: "unit" })?;
            scope.require_home(unit.tenant_id, "reporting a unit's figures")?;
            if unit.archived_at.is_some() {
                return Err(AppError::conflict("unitId", "the unit is archived"));
            }
            (unit.tenant_id, Some(u), format!("u:{u}"))
        }
    };
    let ind = match indicators.get(&item.indicator_id) {
        Some(i) => i.clone(),
        None => {
            let i = indicators::usable(db, scope, item.indicator_id).await?;
            indicators.insert(i.id, i.clone());
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

    let lock = match locks.get(&(owner, period)) {
        Some(l) => l.clone(),
        None => {
            let l = unscoped::report_lock(db, owner, &period).await?;
            locks.insert((owner, period), l.clone());
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
    Ok(Line {
        index,
        owner,
        unit_id,
        subject,
        indicator: ind.id,
        period,
        value: value.0,
        note,
        evidence: serde_json::to_string(&evidence).map_err(AppError::internal)?,
    })
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
