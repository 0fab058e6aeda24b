//! Reporting (填报): values for (tenant or unit, indicator, period), single or in atomic
//! batches, with idempotency keys for retries and full history. Each report updates the roll-up
//! aggregates of every ancestor in the same transaction.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde::{Deserialize, Serialize};

use super::audit::{self, Actor};
use super::indicators::{self, Indicator};
use super::page::{self, Page, PageRequest};
use super::write::{Touch, Write};
use super::{idempotency, units};
use crate::auth::{Scope, subtree_of};
use crate::domain::ids::*;
use crate::domain::period::Period;
use crate::domain::quantity::{Quantity, TOTAL_MAX};
use crate::domain::role::Role;
use crate::domain::text;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::unscoped;
use entity::{report, report_aggregate};

/// Most reports in one batch.
pub const BATCH_MAX: usize = 1000;

/// Who a figure is about. The order is the order in which a batch takes its row locks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    Tenant(TenantId),
    Unit(UnitId),
}

pub struct NewReport {
    pub subject: Subject,
    pub indicator_id: IndicatorId,
    pub period: String,
    pub value: Decimal,
    pub note: String,
    pub evidence: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub id: ReportId,
    pub tenant_id: TenantId,
    pub unit_id: Option<UnitId>,
    pub indicator_id: IndicatorId,
    pub period: String,
    pub value: Decimal,
    pub note: String,
    pub evidence: Vec<String>,
    pub version: i32,
    pub is_current: bool,
    /// A withdrawal: the figure no longer counts.
    pub withdrawn: bool,
    pub reported_by: UserId,
    pub reported_at: DateTime<Utc>,
}

impl TryFrom<report::Model> for Report {
    type Error = AppError;
    fn try_from(m: report::Model) -> Result<Self, AppError> {
        Ok(Report {
            id: m.id,
            tenant_id: m.tenant_id,
            unit_id: m.unit_id,
            indicator_id: m.indicator_id,
            value: Quantity(m.value).to_decimal(),
            evidence: serde_json::from_str(&m.evidence).map_err(AppError::internal)?,
            period: m.period,
            note: m.note,
            version: m.version,
            is_current: m.is_current,
            withdrawn: m.withdrawn,
            reported_by: m.reported_by,
            reported_at: m.reported_at,
        })
    }
}

#[derive(Serialize, Deserialize)]
struct StoredResult {
    report_ids: Vec<ReportId>,
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
        return Err(AppError::bad_input(
            "reports",
            format!("每批 1 至 {BATCH_MAX} 条 / send 1 to {BATCH_MAX} reports"),
        ));
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
    let saved = match write_lines(state, &txn, scope, items).await {
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

/// Changes to aggregate rows keyed by (tenant, indicator, period).
type Deltas = BTreeMap<(TenantId, IndicatorId, String), Delta>;

/// One aggregate row's change: its total, its number of figures and of distinct subjects.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Delta {
    total: i64,
    figures: i64,
    subjects: i64,
}

impl Delta {
    fn is_zero(self) -> bool {
        self == Delta::default()
    }
}

/// Everything one request looks up once and uses for many lines.
struct Lookups {
    indicators: HashMap<IndicatorId, Indicator>,
    locks: HashMap<(TenantId, Period), Option<unscoped::Lock>>,
    /// Campaign years above each indicator's tenant: (start, end, name).
    campaigns: HashMap<TenantId, Vec<(i32, i32, String)>>,
    /// The last day whose periods have begun, with the configured grace (China time).
    horizon: chrono::NaiveDate,
}

impl Lookups {
    fn new(state: &AppState) -> Self {
        let grace = chrono::Duration::days(state.settings.reports.future_grace_days.clamp(0, 366));
        Lookups {
            indicators: HashMap::new(),
            locks: HashMap::new(),
            campaigns: HashMap::new(),
            horizon: crate::domain::period::china_today() + grace,
        }
    }
}

/// A line that passed every check that needs no figure: whose it is, what it says.
struct Line {
    index: usize,
    owner: TenantId,
    unit_id: Option<UnitId>,
    subject: String,
    indicator: IndicatorId,
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
    period: Period,
    granularity: String,
    value: i64,
    version: i32,
    withdrawn: bool,
    prior: Prior,
}

/// A line with its version, ready to insert.
struct Pending {
    line: Line,
    version: i32,
    is_current: bool,
    before: Option<Prior>,
}

/// Reports per insert statement (15 values each: well inside both databases' limits).
const ROWS_PER_INSERT: usize = 500;

/// The current figures (withdrawals included) of the given subjects, indicators and years,
/// locked in one global order (subject, indicator, period): corrections of one figure queue
/// here (PostgreSQL row lock; SQLite writers are serialised by the write transaction), so none
/// is lost, and two requests sharing figures never lock them in opposite orders.
async fn current_figures(
    db: &Write,
    scope: &Scope,
    subjects: BTreeSet<&str>,
    indicators: BTreeSet<IndicatorId>,
    years: BTreeSet<i32>,
) -> Result<HashMap<(String, IndicatorId, i32), Vec<Figure>>, AppError> {
    let stored = scope
        .select::<report::Entity>()
        .filter(report::Column::Subject.is_in(subjects))
        .filter(report::Column::IndicatorId.is_in(indicators))
        .filter(report::Column::Year.is_in(years))
        .filter(report::Column::IsCurrent.eq(true))
        .order_by_asc(report::Column::Subject)
        .order_by_asc(report::Column::IndicatorId)
        .order_by_asc(report::Column::Period)
        .lock_exclusive()
        .all(db)
        .await?;
    let mut current: HashMap<(String, IndicatorId, i32), Vec<Figure>> = HashMap::new();
    for r in stored {
        let key = (r.subject.clone(), r.indicator_id, r.year);
        let period = Period::parse(&r.period).map_err(|_| AppError::internal(format!("report {} is corrupt", r.id)))?;
        let (granularity, value, withdrawn) = (r.granularity.clone(), r.value, r.withdrawn);
        let report = Report::try_from(r)?;
        let version = report.version;
        current.entry(key).or_default().push(Figure {
            period,
            granularity,
            value,
            version,
            withdrawn,
            prior: Prior::Stored(Box::new(report)),
        });
    }
    Ok(current)
}

/// How a figure that starts or stops counting (`sign` +1 or -1) changes the aggregates of its
/// period and the periods it rolls into: one figure more or less in each, and one subject more
/// or less in each that holds no other live figure of the same subject (`others`: the subject's
/// other figures of the year).
fn counting(period: Period, value: i64, sign: i64, others: &[Figure]) -> Vec<(Period, Delta)> {
    period
        .with_rollups()
        .into_iter()
        .map(|p| {
            let shared = others.iter().any(|f| !f.withdrawn && f.period != period && p.covers(f.period));
            (p, Delta { total: sign * value, figures: sign, subjects: if shared { 0 } else { sign } })
        })
        .collect()
}

/// Writes the lines of one request, set-based: a fixed handful of statements whatever the number
/// of lines (units, each indicator, each lock, each campaign tenant and each reporting tenant's
/// ancestors once; the current figures in one locking read; one retirement, one insert and one
/// audit insert per 500 lines; the aggregate upserts). Lines are worked through sorted by
/// (subject, indicator, period); two lines for the same figure are applied in the order sent.
/// Every wrong line is reported, not only the first.
async fn write_lines(
    state: &AppState,
    db: &Write,
    scope: &Scope,
    items: Vec<NewReport>,
) -> Result<Vec<Report>, AppError> {
    let count = items.len();
    let batch = count > 1;
    let at = |e: AppError, i: usize| if batch { e.at(&format!("reports[{i}]")) } else { e };
    let mut sorted: Vec<(usize, NewReport)> = items.into_iter().enumerate().collect();
    sorted
        .sort_by(|(_, a), (_, b)| (a.subject, a.indicator_id, &a.period).cmp(&(b.subject, b.indicator_id, &b.period)));

    let unit_ids: BTreeSet<UnitId> = sorted
        .iter()
        .filter_map(|(_, l)| match l.subject {
            Subject::Unit(u) => Some(u),
            Subject::Tenant(_) => None,
        })
        .collect();
    let units: HashMap<UnitId, units::Unit> = if unit_ids.is_empty() {
        HashMap::new()
    } else {
        units::get_many(db, scope, unit_ids.into_iter().collect()).await?.into_iter().map(|u| (u.id, u)).collect()
    };
    let mut lookups = Lookups::new(state);
    let mut lines = Vec::with_capacity(count);
    let mut wrong: Vec<(usize, AppError)> = Vec::new();
    for (i, item) in sorted {
        match check_line(db, scope, &units, &mut lookups, i, item).await {
            Ok(line) => lines.push(line),
            Err(e) if e.is_about_input() => wrong.push((i, at(e, i))),
            Err(e) => return Err(e),
        }
    }

    let subjects: BTreeSet<&str> = lines.iter().map(|l| l.subject.as_str()).collect();
    let inds: BTreeSet<IndicatorId> = lines.iter().map(|l| l.indicator).collect();
    let years: BTreeSet<i32> = lines.iter().map(|l| l.period.year()).collect();
    let mut current =
        if lines.is_empty() { HashMap::new() } else { current_figures(db, scope, subjects, inds, years).await? };

    // Versions, retirements and aggregate changes, line by line in order.
    let mut pending: Vec<Pending> = Vec::with_capacity(count);
    let mut retire: Vec<ReportId> = Vec::new();
    let mut ancestors: HashMap<TenantId, Vec<TenantId>> = HashMap::new();
    let mut deltas = Deltas::new();
    // The first line (as sent) behind each aggregate row's change, to name it if a sum is over.
    let mut first_line: BTreeMap<(TenantId, IndicatorId, String), usize> = BTreeMap::new();
    for line in lines {
        let figures = current.entry((line.subject.clone(), line.indicator, line.period.year())).or_default();
        let granularity = line.period.granularity().as_str();
        if let Some(other) = figures.iter().find(|f| !f.withdrawn && f.granularity != granularity) {
            let e = AppError::bad_input(
                "period",
                format!(
                    "本指标 {} 已按{}填报（{}），一年只用一种期间 / this indicator is already reported for {} as {}; one granularity per year",
                    other.period.year(),
                    other.period.granularity().label(),
                    other.period,
                    other.period,
                    other.granularity
                ),
            );
            wrong.push((line.index, at(e, line.index)));
            continue;
        }
        let previous = figures.iter().position(|f| f.period == line.period).map(|k| figures.swap_remove(k));
        let (changes, version) = match &previous {
            Some(p) if !p.withdrawn => {
                let change = Delta { total: line.value - p.value, ..Delta::default() };
                (line.period.with_rollups().into_iter().map(|r| (r, change)).collect(), p.version + 1)
            }
            Some(p) => (counting(line.period, line.value, 1, figures), p.version + 1),
            None => (counting(line.period, line.value, 1, figures), 1),
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
            period: line.period,
            granularity: granularity.to_owned(),
            value: line.value,
            version,
            withdrawn: false,
            prior: Prior::Line(pending.len()),
        });
        if let std::collections::hash_map::Entry::Vacant(e) = ancestors.entry(line.owner) {
            e.insert(unscoped::ancestors_or_self_ids(db, line.owner).await?);
        }
        let up = ancestors.get(&line.owner).map(Vec::as_slice).unwrap_or_default();
        if let Err(key) = gather(&mut deltas, up, line.indicator, &changes) {
            wrong.push((line.index, at(over_bound(&key), line.index)));
            continue;
        }
        for (p, _) in &changes {
            for t in up {
                first_line.entry((*t, line.indicator, p.to_string())).or_insert(line.index);
            }
        }
        pending.push(Pending { line, version, is_current: true, before: previous.map(|p| p.prior) });
    }
    if !wrong.is_empty() {
        wrong.sort_by_key(|(i, _)| *i);
        return Err(AppError::lines(wrong.into_iter().map(|(_, e)| e).collect()));
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
    let inserted = insert_versions(db, scope, &pending, batch).await?;

    let mut saved: Vec<Option<Report>> = vec![None; count];
    let mut audit_rows = Vec::with_capacity(count);
    let mut inserted = inserted;
    for p in &pending {
        let key = (p.line.subject.clone(), p.line.indicator, p.line.period.to_string(), p.version);
        let model = inserted.remove(&key).ok_or_else(|| AppError::internal("an inserted report was not returned"))?;
        let report = Report::try_from(model)?;
        let before = match &p.before {
            Some(Prior::Stored(r)) => Some(&**r),
            Some(Prior::Line(j)) => pending.get(*j).and_then(|earlier| saved[earlier.line.index].as_ref()),
            None => None,
        };
        let action = match before {
            Some(b) if !b.withdrawn => "report.correct",
            _ => "report.create",
        };
        audit_rows.push(audit::row(
            Actor::from(scope),
            audit::Entry {
                tenant: p.line.owner,
                action,
                entity_type: "report",
                entity_id: report.id.to_string(),
                before,
                after: Some(&report),
            },
        )?);
        saved[p.line.index] = Some(report);
    }
    audit::record_all(db, audit_rows).await?;
    if let Err(e) = apply_deltas(db, &deltas).await {
        return Err(name_over_bound(state, e, &deltas, &first_line, batch).await);
    }
    Ok(saved.into_iter().flatten().collect())
}

/// Inserts the new versions a chunk at a time, so a full batch never holds all its rows twice;
/// returns them keyed by (subject, indicator, period, version).
async fn insert_versions(
    db: &Write,
    scope: &Scope,
    pending: &[Pending],
    batch: bool,
) -> Result<HashMap<(String, IndicatorId, String, i32), report::Model>, AppError> {
    let now = Utc::now();
    let user = scope.user_id();
    let mut inserted = HashMap::with_capacity(pending.len());
    for chunk in pending.chunks(ROWS_PER_INSERT) {
        let rows = chunk.iter().map(|p| report::ActiveModel {
            tenant_id: Set(p.line.owner),
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
            withdrawn: Set(false),
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
    Ok(inserted)
}

/// The checks of one line that need no figure: the subject is the caller's own tenant or one
/// of its units (not archived), the indicator usable, the fields well-formed and within their
/// bounds, the period begun and inside a campaign, and not locked by a submission.
async fn check_line<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    units: &HashMap<UnitId, units::Unit>,
    lookups: &mut Lookups,
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
                return Err(AppError::conflict("unitId", "该单位已归档，不能再填报 / the unit is archived"));
            }
            (unit.tenant_id, Some(u), format!("u:{u}"))
        }
    };
    let ind = match lookups.indicators.get(&item.indicator_id) {
        Some(i) => i.clone(),
        None => {
            let i = indicators::usable(db, scope, item.indicator_id).await?;
            lookups.indicators.insert(i.id, i.clone());
            i
        }
    };
    let period = Period::parse(&item.period)?;
    let value = Quantity::figure("value", ind.value_type.check("value", item.value)?)?;
    let note = if item.note.trim().is_empty() { String::new() } else { text::bounded("note", &item.note, 1000)? };
    if item.evidence.len() > 20 {
        return Err(AppError::bad_input("evidence", "佐证材料最多 20 项 / at most 20 evidence references"));
    }
    let evidence = item.evidence.iter().map(|e| text::bounded("evidence", e, 500)).collect::<Result<Vec<_>, _>>()?;
    check_period(db, lookups, &ind, period).await?;

    let lock = match lookups.locks.get(&(owner, period)) {
        Some(l) => l.clone(),
        None => {
            let l = unscoped::report_lock(db, owner, &period).await?;
            lookups.locks.insert((owner, period), l.clone());
            l
        }
    };
    if let Some(lock) = lock {
        return Err(AppError::conflict("period", lock.message(&period)));
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

/// A figure is reported for a period that has begun (China time, with the configured grace)
/// and lies inside a campaign of the indicator's tenant or one above it.
async fn check_period<C: ConnectionTrait>(
    db: &C,
    lookups: &mut Lookups,
    ind: &Indicator,
    period: Period,
) -> Result<(), AppError> {
    if period.first_day() > lookups.horizon {
        let today = crate::domain::period::china_today();
        return Err(AppError::bad_input(
            "period",
            format!(
                "{period} 尚未开始（今天是 {today}），只能填报已开始的期间 / {period} has not begun (today is {today} in \
                 China): figures are reported for periods that have begun"
            ),
        ));
    }
    if let std::collections::hash_map::Entry::Vacant(slot) = lookups.campaigns.entry(ind.tenant_id) {
        slot.insert(unscoped::campaigns_over(db, ind.tenant_id).await?);
    }
    let campaigns = lookups.campaigns.get(&ind.tenant_id).map(Vec::as_slice).unwrap_or_default();
    let year = period.year();
    if campaigns.iter().any(|(start, end, _)| (*start..=*end).contains(&year)) {
        return Ok(());
    }
    let known = if campaigns.is_empty() {
        "尚无创建周期 / there is no campaign yet".to_owned()
    } else {
        campaigns.iter().map(|(s, e, name)| format!("{s}–{e} {name}")).collect::<Vec<_>>().join("、")
    };
    Err(AppError::bad_input(
        "period",
        format!(
            "{period} 不在指标 {} 所属创建周期内（{known}）/ {period} is outside every campaign of indicator {}: \
             figures are reported for the years of a campaign",
            ind.code, ind.code
        ),
    ))
}

/// Adds one figure's changes to those of the owner and every ancestor. A sum past what an
/// aggregate may hold is refused with the key it would break.
fn gather(
    deltas: &mut Deltas,
    ancestors_or_self: &[TenantId],
    indicator: IndicatorId,
    changes: &[(Period, Delta)],
) -> Result<(), (TenantId, IndicatorId, String)> {
    let tenants: BTreeSet<TenantId> = ancestors_or_self.iter().copied().collect();
    for (p, change) in changes {
        if change.is_zero() {
            continue;
        }
        for t in &tenants {
            let key = (*t, indicator, p.to_string());
            let slot = deltas.entry(key.clone()).or_default();
            let total = Quantity(slot.total).checked_add(Quantity(change.total)).ok_or_else(|| key.clone())?;
            slot.total = total.0;
            slot.figures += change.figures;
            slot.subjects += change.subjects;
        }
    }
    Ok(())
}

fn over_bound(key: &(TenantId, IndicatorId, String)) -> AppError {
    AppError::bad_input(
        "value",
        format!(
            "加上这个数值，{} 期间的合计将超过上限 {} / with this figure the total for {} would pass the bound of {}",
            key.2,
            TOTAL_MAX.to_decimal(),
            key.2,
            TOTAL_MAX.to_decimal()
        ),
    )
}

/// A database bound refused the aggregates: reads the committed totals (the transaction is
/// gone) to find the row the request would push past its bound, and names the first line
/// behind it. Any other failure is passed on as it is.
async fn name_over_bound(
    state: &AppState,
    err: AppError,
    deltas: &Deltas,
    first_line: &BTreeMap<(TenantId, IndicatorId, String), usize>,
    batch: bool,
) -> AppError {
    if !matches!(&err, AppError::Internal(detail) if detail.contains("_bound")) {
        return err;
    }
    let keys: Vec<&(TenantId, IndicatorId, String)> =
        deltas.iter().filter(|(_, d)| d.total > 0).map(|(k, _)| k).collect();
    let tenants: BTreeSet<TenantId> = keys.iter().map(|k| k.0).collect();
    let inds: BTreeSet<IndicatorId> = keys.iter().map(|k| k.1).collect();
    let periods: BTreeSet<&str> = keys.iter().map(|k| k.2.as_str()).collect();
    let stored = unscoped::aggregates_at(&state.db, tenants, inds, periods).await;
    let Ok(stored) = stored else { return err };
    let over = keys.into_iter().find(|k| {
        let now = stored.iter().find(|a| a.tenant_id == k.0 && a.indicator_id == k.1 && a.period == k.2);
        let total = now.map_or(0, |a| a.total);
        deltas.get(*k).is_some_and(|d| Quantity(total).checked_add(Quantity(d.total)).is_none())
    });
    match over.and_then(|k| first_line.get(k).map(|i| (k, *i))) {
        Some((k, i)) if batch => over_bound(k).at(&format!("reports[{i}]")),
        Some((k, _)) => over_bound(k),
        None => AppError::bad_input("value", "合计将超过上限 / a total would pass its bound"),
    }
}

/// Aggregate rows per upsert statement: well under PostgreSQL's 65,535 bind parameters.
const UPSERT_CHUNK: usize = 1000;

/// Applies the gathered changes with ordered upserts (`total = total + excluded.total`). The map
/// is sorted by (tenant, indicator, period), so every writer locks shared rows in the same order.
/// The database's bounds refuse a row past its bound (`..._bound` in the error).
async fn apply_deltas<C: ConnectionTrait>(db: &C, deltas: &Deltas) -> Result<(), AppError> {
    let now = Utc::now();
    let rows: Vec<report_aggregate::ActiveModel> = deltas
        .iter()
        .filter(|(_, d)| !d.is_zero())
        .map(|((tenant, indicator, period), d)| report_aggregate::ActiveModel {
            tenant_id: Set(*tenant),
            indicator_id: Set(*indicator),
            period: Set(period.clone()),
            total: Set(d.total),
            subjects: Set(d.subjects),
            figures: Set(d.figures),
            updated_at: Set(now),
        })
        .collect();
    let excluded = |c: report_aggregate::Column| Expr::col((Alias::new("excluded"), c));
    let current = |c: report_aggregate::Column| Expr::col((report_aggregate::Entity, c));
    let add = |c: report_aggregate::Column| current(c).add(excluded(c));
    for chunk in rows.chunks(UPSERT_CHUNK) {
        report_aggregate::Entity::insert_many(chunk.iter().cloned())
            .on_conflict(
                OnConflict::columns([
                    report_aggregate::Column::TenantId,
                    report_aggregate::Column::IndicatorId,
                    report_aggregate::Column::Period,
                ])
                .value(report_aggregate::Column::Total, add(report_aggregate::Column::Total))
                .value(report_aggregate::Column::Subjects, add(report_aggregate::Column::Subjects))
                .value(report_aggregate::Column::Figures, add(report_aggregate::Column::Figures))
                .value(report_aggregate::Column::UpdatedAt, excluded(report_aggregate::Column::UpdatedAt))
                .to_owned(),
            )
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Withdraws a current figure (REPORTER of its tenant, while its period is not locked): a new
/// version with value 0 marked withdrawn, kept in the history; the figure leaves the
/// aggregates. `version` is the version the caller saw (CONFLICT if it has moved on).
pub async fn withdraw(
    state: &AppState,
    scope: &Scope,
    report_id: ReportId,
    version: i32,
    reason: String,
) -> Result<Report, AppError> {
    scope.require(Role::Reporter)?;
    let reason = if reason.trim().is_empty() { String::new() } else { text::bounded("reason", &reason, 1000)? };
    let txn = Write::begin(state, scope, Touch::Figures).await?;
    unscoped::lock_for_reporting(&txn, scope.home()).await?;
    let found = scope
        .select::<report::Entity>()
        .filter(report::Column::Id.eq(report_id))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound { entity: "report" })?;
    scope.require_home(found.tenant_id, "withdrawing a figure")?;
    let period = Period::parse(&found.period).map_err(|_| AppError::internal("a stored period is corrupt"))?;
    let mut current = current_figures(
        &txn,
        scope,
        BTreeSet::from([found.subject.as_str()]),
        BTreeSet::from([found.indicator_id]),
        BTreeSet::from([found.year]),
    )
    .await?;
    let figures = current.entry((found.subject.clone(), found.indicator_id, found.year)).or_default();
    let Some(k) = figures.iter().position(|f| f.period == period) else {
        return Err(AppError::conflict(
            "id",
            "该数值已被更正，请刷新后再试 / this figure has been corrected since; reload it",
        ));
    };
    let live = figures.swap_remove(k);
    let Prior::Stored(before) = &live.prior else { return Err(AppError::internal("a stored figure is not stored")) };
    if live.withdrawn {
        return Err(AppError::conflict("id", "该数值已撤回 / this figure is withdrawn already"));
    }
    if before.id != report_id {
        return Err(AppError::conflict(
            "id",
            "该数值已被更正，请刷新后再试 / this figure has been corrected since; reload it",
        ));
    }
    if live.version != version {
        return Err(AppError::conflict(
            "version",
            format!(
                "该数值已是第 {} 版，请刷新后再试 / the figure is at version {}, not {version}: reload it",
                live.version, live.version
            ),
        ));
    }
    let owner = found.tenant_id;
    if let Some(lock) = unscoped::report_lock(&txn, owner, &period).await? {
        return Err(AppError::conflict("period", lock.message(&period)));
    }
    let changes = counting(period, live.value, -1, figures);
    let up = unscoped::ancestors_or_self_ids(&txn, owner).await?;
    let mut deltas = Deltas::new();
    gather(&mut deltas, &up, found.indicator_id, &changes).map_err(|k| over_bound(&k))?;
    scope
        .update::<report::Entity>()
        .col_expr(report::Column::IsCurrent, Expr::value(false))
        .filter(report::Column::Id.eq(before.id))
        .exec(&txn)
        .await?;
    let model = report::ActiveModel {
        tenant_id: Set(found.tenant_id),
        unit_id: Set(found.unit_id),
        subject: Set(found.subject.clone()),
        indicator_id: Set(found.indicator_id),
        period: Set(found.period.clone()),
        year: Set(found.year),
        granularity: Set(found.granularity.clone()),
        value: Set(0),
        note: Set(reason),
        evidence: Set("[]".to_owned()),
        version: Set(live.version + 1),
        is_current: Set(true),
        withdrawn: Set(true),
        reported_by: Set(scope.user_id()),
        reported_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| AppError::on_unique(e, "id", "the figure changed at the same moment; reload it"))?;
    let withdrawn = Report::try_from(model)?;
    audit::record(
        &txn,
        Actor::from(scope),
        audit::Entry {
            tenant: owner,
            action: "report.withdraw",
            entity_type: "report",
            entity_id: withdrawn.id.to_string(),
            before: Some(&**before),
            after: Some(&withdrawn),
        },
    )
    .await?;
    apply_deltas(&txn, &deltas).await?;
    txn.commit().await?;
    Ok(withdrawn)
}

#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub tenant: Option<TenantId>,
    /// With `tenant`: its whole subtree.
    pub include_subtree: bool,
    pub unit_id: Option<UnitId>,
    pub indicator_id: Option<IndicatorId>,
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
        q = q.filter(report::Column::IsCurrent.eq(true)).filter(report::Column::Withdrawn.eq(false));
    }
    let p = page::fetch(db, q, report::Column::Id, req).await?;
    p.try_map(Report::try_from)
}
