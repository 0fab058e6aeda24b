//! Current figures and their new versions: the locking read, how a figure starts or stops
//! counting, and writing one request's lines.

use super::*;

/// A current figure as the batch sees it while it works out versions: stored already, or
/// written by an earlier line of the same batch (the position in `pending`).
pub(super) enum Prior {
    Stored(Box<Report>),
    Line(usize),
}

pub(super) struct Figure {
    pub(super) period: Period,
    pub(super) granularity: String,
    pub(super) value: i64,
    pub(super) version: i32,
    pub(super) withdrawn: bool,
    pub(super) prior: Prior,
}

/// A line with its version, ready to insert.
pub(super) struct Pending {
    pub(super) line: Line,
    pub(super) version: i32,
    pub(super) is_current: bool,
    pub(super) before: Option<Prior>,
}

/// Reports per insert statement (15 values each: well inside both databases' limits).
pub(super) const ROWS_PER_INSERT: usize = 500;

/// The current figures (withdrawals included) of the given subjects, indicators and years,
/// locked in one global order (subject, indicator, period): corrections of one figure queue
/// here (PostgreSQL row lock; SQLite writers are serialised by the write transaction), so none
/// is lost, and two requests sharing figures never lock them in opposite orders.
pub(super) async fn current_figures(
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
pub(super) fn counting(period: Period, value: i64, sign: i64, others: &[Figure]) -> Vec<(Period, Delta)> {
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
pub(super) async fn write_lines(
    state: &AppState,
    db: &Write,
    scope: &Scope,
    items: Vec<NewReport>,
) -> Result<Vec<Report>, AppError> {
    let count = items.len();
    let batch = count > 1;
    let (lines, mut wrong) = check_lines(state, db, scope, items, batch).await?;
    let subjects: BTreeSet<&str> = lines.iter().map(|l| l.subject.as_str()).collect();
    let inds: BTreeSet<IndicatorId> = lines.iter().map(|l| l.indicator).collect();
    let years: BTreeSet<i32> = lines.iter().map(|l| l.period.year()).collect();
    let mut current =
        if lines.is_empty() { HashMap::new() } else { current_figures(db, scope, subjects, inds, years).await? };
    let mut plan = Plan::with_capacity(count);
    for line in lines {
        let index = line.index;
        if let Some(e) = plan.add(db, &mut current, line).await? {
            wrong.push((index, at_line(e, index, batch)));
        }
    }
    if !wrong.is_empty() {
        wrong.sort_by_key(|(i, _)| *i);
        return Err(AppError::lines(wrong.into_iter().map(|(_, e)| e).collect()));
    }
    drop(current);
    plan.store(state, db, scope, count, batch).await
}

/// A line's error, placed at `reports[i]` when the request is a batch.
fn at_line(e: AppError, i: usize, batch: bool) -> AppError {
    if batch { e.at(&format!("reports[{i}]")) } else { e }
}

/// The lines sorted by (subject, indicator, period), the order their rows are locked in, each
/// checked by [`check_line`] (the units of all lines read at once); the lines refused come
/// back apart, every one of them, with their place in the request.
async fn check_lines(
    state: &AppState,
    db: &Write,
    scope: &Scope,
    items: Vec<NewReport>,
    batch: bool,
) -> Result<(Vec<Line>, Vec<(usize, AppError)>), AppError> {
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
    let mut lines = Vec::with_capacity(sorted.len());
    let mut wrong = Vec::new();
    for (i, item) in sorted {
        match check_line(db, scope, &units, &mut lookups, i, item).await {
            Ok(line) => lines.push(line),
            Err(e) if e.is_about_input() => wrong.push((i, at_line(e, i, batch))),
            Err(e) => return Err(e),
        }
    }
    Ok((lines, wrong))
}

/// The current figures a request works on, by (subject, indicator, year).
type Current = HashMap<(String, IndicatorId, i32), Vec<Figure>>;

/// What the lines of one request will write, worked out line by line in order: the new
/// versions, the stored versions they retire, and the changes to every ancestor's aggregates.
struct Plan {
    pending: Vec<Pending>,
    retire: Vec<ReportId>,
    /// Each reporting tenant with its ancestors, read once per tenant.
    ancestors: HashMap<TenantId, Vec<TenantId>>,
    deltas: Deltas,
    /// The first line (as sent) behind each aggregate row's change, to name it if a sum is over.
    first_line: BTreeMap<(TenantId, IndicatorId, String), usize>,
}

impl Plan {
    fn with_capacity(count: usize) -> Self {
        Plan {
            pending: Vec::with_capacity(count),
            retire: Vec::new(),
            ancestors: HashMap::new(),
            deltas: Deltas::new(),
            first_line: BTreeMap::new(),
        }
    }

    /// Adds one checked line: its version after the current figure's (stored, or an earlier
    /// line's), and its changes to the aggregates. `Ok(Some(e))` refuses this line alone
    /// (another granularity already this year, or a sum past its bound); `Err` fails the request.
    async fn add(&mut self, db: &Write, current: &mut Current, line: Line) -> Result<Option<AppError>, AppError> {
        let figures = current.entry((line.subject.clone(), line.indicator, line.period.year())).or_default();
        let granularity = line.period.granularity().as_str();
        if let Some(other) = figures.iter().find(|f| !f.withdrawn && f.granularity != granularity) {
            return Ok(Some(other_granularity(other)));
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
            Some(Prior::Stored(m)) => self.retire.push(m.id),
            Some(Prior::Line(j)) => {
                if let Some(p) = self.pending.get_mut(*j) {
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
            prior: Prior::Line(self.pending.len()),
        });
        if let std::collections::hash_map::Entry::Vacant(e) = self.ancestors.entry(line.owner) {
            e.insert(unscoped::ancestors_or_self_ids(db, line.owner).await?);
        }
        let up = self.ancestors.get(&line.owner).map(Vec::as_slice).unwrap_or_default();
        if let Err(key) = gather(&mut self.deltas, up, line.indicator, &changes) {
            return Ok(Some(over_bound(&key)));
        }
        for (p, _) in &changes {
            for t in up {
                self.first_line.entry((*t, line.indicator, p.to_string())).or_insert(line.index);
            }
        }
        self.pending.push(Pending { line, version, is_current: true, before: previous.map(|p| p.prior) });
        Ok(None)
    }

    /// Writes the plan: retires the replaced versions, inserts the new ones, audits each line (a
    /// create, or a correction of what it replaced) and applies the aggregate changes. Answers
    /// the saved reports in the order the lines were sent.
    async fn store(
        self,
        state: &AppState,
        db: &Write,
        scope: &Scope,
        count: usize,
        batch: bool,
    ) -> Result<Vec<Report>, AppError> {
        if !self.retire.is_empty() {
            scope
                .update::<report::Entity>()
                .col_expr(report::Column::IsCurrent, Expr::value(false))
                .filter(report::Column::Id.is_in(self.retire))
                .exec(db)
                .await?;
        }
        let mut inserted = insert_versions(db, scope, &self.pending, batch).await?;
        let mut saved: Vec<Option<Report>> = vec![None; count];
        let mut audit_rows = Vec::with_capacity(count);
        for p in &self.pending {
            let key = (p.line.subject.clone(), p.line.indicator, p.line.period.to_string(), p.version);
            let model =
                inserted.remove(&key).ok_or_else(|| AppError::internal("an inserted report was not returned"))?;
            let report = Report::try_from(model)?;
            let before = match &p.before {
                Some(Prior::Stored(r)) => Some(&**r),
                Some(Prior::Line(j)) => self.pending.get(*j).and_then(|earlier| saved[earlier.line.index].as_ref()),
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
        if let Err(e) = apply_deltas(db, &self.deltas).await {
            return Err(name_over_bound(state, e, &self.deltas, &self.first_line, batch).await);
        }
        Ok(saved.into_iter().flatten().collect())
    }
}

/// A figure of another granularity counts already this year: one granularity per indicator
/// and year (months, quarters or the year).
fn other_granularity(other: &Figure) -> AppError {
    AppError::bad_input(
        "period",
        format!(
            "本指标 {} 已按{}填报（{}），一年只用一种期间 / this indicator is already reported for {} as {}; one granularity per year",
            other.period.year(),
            other.period.granularity().label(),
            other.period,
            other.period,
            other.granularity
        ),
    )
}

/// Inserts the new versions a chunk at a time, so a full batch never holds all its rows twice;
/// returns them keyed by (subject, indicator, period, version).
pub(super) async fn insert_versions(
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
