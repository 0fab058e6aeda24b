//! Computing roll-ups from the database: the tenants, indicators, aggregates, targets, accepted
//! submissions and extremes are read once for all tenants asked; each row is then built in memory.

use super::extreme::extreme;
use super::*;

/// Computes roll-ups from the database (no cache).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn compute<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    tenant_ids: &[TenantId],
    period: Period,
    indicator_ids: &[IndicatorId],
) -> Result<HashMap<TenantId, Vec<Rollup>>, AppError> {
    let ids: Vec<TenantId> = tenant_ids.to_vec();
    let (found, indicators) = load_subjects(db, scope, &ids, indicator_ids).await?;
    let children: Vec<tenant::Model> =
        scope.select::<tenant::Entity>().filter(tenant::Column::ParentId.is_in(ids.clone())).all(db).await?;
    let mut everyone = ids.clone();
    everyone.extend(children.iter().map(|c| c.id));
    let p = period.to_string();
    let figures = load_figures(db, scope, &ids, &everyone, &children, indicator_ids, &p).await?;
    let extremes = load_extremes(db, scope, &indicators, &everyone, &ids, period).await?;
    let loaded = Loaded { figures, extremes, period: p };

    let mut out = HashMap::new();
    for t in &found {
        let kids: Vec<&tenant::Model> = children.iter().filter(|c| c.parent_id == Some(t.id)).collect();
        let rows = indicators.iter().map(|ind| loaded.rollup(t, &kids, ind)).collect();
        out.insert(t.id, rows);
    }
    Ok(out)
}

/// The tenants and indicators asked for, NOT_FOUND when any is not in scope.
async fn load_subjects<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    ids: &[TenantId],
    indicator_ids: &[IndicatorId],
) -> Result<(Vec<Tenant>, Vec<Indicator>), AppError> {
    let found: Vec<Tenant> = scope
        .select::<tenant::Entity>()
        .filter(tenant::Column::Id.is_in(ids.to_vec()))
        .all(db)
        .await?
        .into_iter()
        .map(Tenant::try_from)
        .collect::<Result<_, _>>()?;
    if found.len() != ids.len() {
        return Err(AppError::NotFound { entity: "tenant" });
    }
    let indicators: Vec<Indicator> = scope
        .select_shared::<indicator::Entity>()
        .filter(indicator::Column::Id.is_in(indicator_ids.to_vec()))
        .all(db)
        .await?
        .into_iter()
        .map(Indicator::try_from)
        .collect::<Result<_, _>>()?;
    if indicators.len() != indicator_ids.len() {
        return Err(AppError::NotFound { entity: "indicator" });
    }
    Ok((found, indicators))
}

/// The aggregates of the tenants and their children, the tenants' effective targets, and which
/// children's submissions were accepted, for one period.
struct Figures {
    aggs: HashMap<(TenantId, IndicatorId), (Agg, DateTime<Utc>)>,
    targets: HashMap<(TenantId, IndicatorId), (i64, TargetSource)>,
    accepted: Vec<TenantId>,
}

/// MIN, MAX and LATEST: per subtree (`computed`) and per tenant's own direct reports (`direct`).
#[derive(Default)]
struct Extremes {
    computed: HashMap<(TenantId, IndicatorId), i64>,
    direct: HashMap<(TenantId, IndicatorId), i64>,
}

/// Everything a roll-up row is built from, for the period `period`.
struct Loaded {
    figures: Figures,
    extremes: Extremes,
    period: String,
}

/// Reads the aggregates of `everyone` (the tenants and their children), the targets of the
/// tenants and the accepted submissions of the children for period `p`: three statements.
async fn load_figures<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    ids: &[TenantId],
    everyone: &[TenantId],
    children: &[tenant::Model],
    indicator_ids: &[IndicatorId],
    p: &str,
) -> Result<Figures, AppError> {
    let aggs = scope
        .select::<report_aggregate::Entity>()
        .filter(report_aggregate::Column::TenantId.is_in(everyone.to_vec()))
        .filter(report_aggregate::Column::IndicatorId.is_in(indicator_ids.to_vec()))
        .filter(report_aggregate::Column::Period.eq(p.to_owned()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| {
            (
                (a.tenant_id, a.indicator_id),
                (Agg { total: a.total, subjects: a.subjects, figures: a.figures }, a.updated_at),
            )
        })
        .collect();
    let targets = scope
        .select::<target::Entity>()
        .filter(target::Column::TenantId.is_in(ids.to_vec()))
        .filter(target::Column::IndicatorId.is_in(indicator_ids.to_vec()))
        .filter(target::Column::Period.eq(p.to_owned()))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|t| TargetSource::effective(t.target_value, t.quota).map(|v| ((t.tenant_id, t.indicator_id), v)))
        .collect();
    let accepted = scope
        .select::<submission::Entity>()
        .filter(submission::Column::TenantId.is_in(children.iter().map(|c| c.id).collect::<Vec<_>>()))
        .filter(submission::Column::Period.eq(p.to_owned()))
        .filter(submission::Column::Status.eq(SubmissionStatus::Accepted.as_str()))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.tenant_id)
        .collect();
    Ok(Figures { aggs, targets, accepted })
}

/// MIN, MAX and LATEST of the indicators so aggregated, over each subtree of `everyone` and each
/// of the tenants' own reports (`extreme`, two statements per such indicator).
async fn load_extremes<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    indicators: &[Indicator],
    everyone: &[TenantId],
    ids: &[TenantId],
    period: Period,
) -> Result<Extremes, AppError> {
    let mut out = Extremes::default();
    let covered: Vec<String> = period.covered().iter().map(ToString::to_string).collect();
    for ind in
        indicators.iter().filter(|i| matches!(i.aggregation, Aggregation::Min | Aggregation::Max | Aggregation::Latest))
    {
        let (sub, own) = extreme(db, scope, ind, everyone, ids, &covered).await?;
        out.computed.extend(sub.into_iter().map(|(t, v)| ((t, ind.id), v)));
        out.direct.extend(own.into_iter().map(|(t, v)| ((t, ind.id), v)));
    }
    Ok(out)
}

impl Loaded {
    /// The aggregate of tenant `tid` for `ind`. A row whose figures were all withdrawn holds no
    /// figure: no actual, as before any.
    fn agg(&self, tid: TenantId, ind: &Indicator) -> Option<Agg> {
        self.figures.aggs.get(&(tid, ind.id)).map(|(a, _)| *a).filter(|a| a.figures > 0)
    }

    /// The actual of tenant `tid` for `ind`: from its aggregate (SUM, AVG) or its subtree's
    /// MIN, MAX or LATEST.
    fn value_of(&self, tid: TenantId, ind: &Indicator) -> Option<i64> {
        match ind.aggregation {
            Aggregation::Sum => self.agg(tid, ind).map(|a| a.total),
            Aggregation::Avg => self.agg(tid, ind).and_then(|a| avg(a.total, a.figures)),
            _ => self.extremes.computed.get(&(tid, ind.id)).copied(),
        }
    }

    /// One roll-up row: tenant `t`'s target and actual for `ind`, with its children's parts.
    fn rollup(&self, t: &Tenant, kids: &[&tenant::Model], ind: &Indicator) -> Rollup {
        let own = self.agg(t.id, ind).unwrap_or_default();
        let targets = &self.figures.targets;
        Rollup {
            tenant_id: t.id,
            indicator_id: ind.id,
            indicator_code: ind.code.clone(),
            indicator_name: ind.name.clone(),
            measure_unit: ind.measure_unit.clone(),
            period: self.period.clone(),
            aggregation: ind.aggregation.as_str().to_owned(),
            target: targets.get(&(t.id, ind.id)).map(|(v, _)| *v),
            target_source: targets.get(&(t.id, ind.id)).map(|(_, s)| s.as_str().to_owned()),
            actual: self.value_of(t.id, ind),
            accepted_actual: self.accepted_actual(t, kids, ind, own),
            total: matches!(ind.aggregation, Aggregation::Sum | Aggregation::Avg)
                .then_some(own.total)
                .filter(|_| own.figures > 0),
            subjects: own.subjects,
            children: self.child_parts(kids, ind),
            last_changed: self.figures.aggs.get(&(t.id, ind.id)).map(|(_, at)| *at),
        }
    }

    /// The accepted-only actual: the tenant's own figures and those of the children whose
    /// submissions it accepted (`own` is the tenant's whole aggregate).
    fn accepted_actual(&self, t: &Tenant, kids: &[&tenant::Model], ind: &Indicator, own: Agg) -> Option<i64> {
        let accepted = &self.figures.accepted;
        let Extremes { computed, direct } = &self.extremes;
        let not_accepted: Vec<TenantId> = kids.iter().map(|k| k.id).filter(|k| !accepted.contains(k)).collect();
        match ind.aggregation {
            Aggregation::Sum | Aggregation::Avg => {
                let mut a = own;
                for k in &not_accepted {
                    let ka = self.agg(*k, ind).unwrap_or_default();
                    a.total -= ka.total;
                    a.subjects -= ka.subjects;
                    a.figures -= ka.figures;
                }
                if a.figures <= 0 {
                    None
                } else if ind.aggregation == Aggregation::Sum {
                    Some(a.total)
                } else {
                    avg(a.total, a.figures)
                }
            }
            agg_kind => {
                let parts = kids
                    .iter()
                    .filter(|k| accepted.contains(&k.id))
                    .filter_map(|k| computed.get(&(k.id, ind.id)).copied())
                    .chain(direct.get(&(t.id, ind.id)).copied());
                match agg_kind {
                    Aggregation::Min => parts.min(),
                    Aggregation::Max => parts.max(),
                    // LATEST across accepted parts needs their times: use the subtree's
                    // latest when every child is accepted, otherwise the own figure.
                    _ if not_accepted.is_empty() => computed.get(&(t.id, ind.id)).copied(),
                    _ => direct.get(&(t.id, ind.id)).copied(),
                }
            }
        }
    }

    /// Each child's part of the roll-up for `ind`: its actual and whether it was accepted.
    fn child_parts(&self, kids: &[&tenant::Model], ind: &Indicator) -> Vec<ChildPart> {
        kids.iter()
            .map(|k| ChildPart {
                tenant_id: k.id,
                code: k.code.clone(),
                name: k.name.clone(),
                level: k.level.clone(),
                actual: self.value_of(k.id, ind),
                accepted: self.figures.accepted.contains(&k.id),
            })
            .collect()
    }
}
