//! Roll-ups: target against actual over a tenant's whole subtree, accepted-only actual, each
//! child's contribution and share. SUM and AVG read the aggregates maintained on write (index
//! lookups whatever the number of reports); MIN, MAX and LATEST are computed from current
//! reports through the closure table. Results are cached under the city's data version, which
//! every write moves on inside its own transaction (`service::write`) and every request reads
//! with its authentication, so a commit is never followed by a stale figure.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func};
use sea_orm::{ColumnTrait, ConnectionTrait, FromQueryResult, QueryFilter, QueryTrait};

use super::indicators::Indicator;
use super::tenants::Tenant;
use crate::auth::Scope;
use crate::domain::ids::*;
use crate::domain::indicator::{Aggregation, TargetSource};
use crate::domain::period::Period;
use crate::domain::submission::SubmissionStatus;
use crate::error::AppError;
use crate::state::AppState;
use entity::{indicator, report, report_aggregate, submission, target, tenant, tenant_closure};

pub use crate::domain::rollup::{ChildPart, Rollup};

#[derive(Clone, Copy, Default)]
struct Agg {
    total: i64,
    subjects: i64,
    figures: i64,
}

/// Rounded average in ten-thousandths.
fn avg(total: i64, subjects: i64) -> Option<i64> {
    if subjects <= 0 {
        return None;
    }
    let (t, n) = (total as i128, subjects as i128);
    let q = if t >= 0 { (2 * t + n) / (2 * n) } else { (2 * t - n) / (2 * n) };
    i64::try_from(q).ok()
}

pub const CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(300);

/// One tenant's roll-ups, shared: cached entries are handed out without copying.
pub type Rollups = Arc<[Rollup]>;

/// What a cached entry weighs in the node's memo: one per roll-up and per child part.
fn weight(rows: &[Rollup]) -> usize {
    rows.iter().map(|r| 1 + r.children.len()).sum()
}

/// Roll-ups of several tenants (all in scope) for one period and a set of indicators, from the
/// cache where present: first this node's memo of decoded entries, then the shared cache. The
/// cost in SQL statements does not depend on the number of tenants.
pub async fn rollups(
    state: &AppState,
    scope: &Scope,
    tenant_ids: &[TenantId],
    period: Period,
    indicator_ids: &[IndicatorId],
) -> Result<HashMap<TenantId, Rollups>, AppError> {
    let mut indicators_sorted = indicator_ids.to_vec();
    indicators_sorted.sort_unstable();
    indicators_sorted.dedup();
    let root = scope.root();
    // A request that has written since it was authenticated holds a version from before its own
    // commit: what it reads now is computed, and not cached under that older version.
    if scope.principal().has_written() {
        let computed = compute(&state.db, scope, tenant_ids, period, &indicators_sorted).await?;
        return Ok(computed.into_iter().map(|(t, rows)| (t, Rollups::from(rows))).collect());
    }
    let version = scope.principal().data_version();
    let ind_key = indicators_sorted.iter().map(ToString::to_string).collect::<Vec<_>>().join(",");
    // The key names the caller's home tenant: an entry exists only if a caller with this home
    // computed it within its scope (the tenant and the indicators visible from there), so a hit
    // needs no check of its own and a sibling never finds what it could not compute.
    let home = scope.home();
    let key = |t: TenantId| format!("rollup:{root}:{version}:{home}:{t}:{period}:{ind_key}");

    let mut out = HashMap::new();
    let mut missing = Vec::new();
    for t in tenant_ids {
        let k = key(*t);
        // The key names the version, so an entry found on this node is as current as one in
        // the shared cache.
        if let Some(hit) = state.rollup_memo.get(&k) {
            out.insert(*t, hit);
            continue;
        }
        match state.cache.get(&k).await.ok().flatten().and_then(|s| serde_json::from_str::<Vec<Rollup>>(&s).ok()) {
            Some(hit) => {
                let hit = Rollups::from(hit);
                state.rollup_memo.insert(k, hit.clone(), weight(&hit));
                out.insert(*t, hit);
            }
            None => missing.push(*t),
        }
    }
    if !missing.is_empty() {
        let computed = compute(&state.db, scope, &missing, period, &indicators_sorted).await?;
        for (t, rows) in computed {
            let k = key(t);
            if let Ok(json) = serde_json::to_string(&rows)
                && let Err(e) = state.cache.set(&k, &json, CACHE_TTL).await
            {
                tracing::warn!(error = ?e, "roll-up not cached");
            }
            let rows = Rollups::from(rows);
            state.rollup_memo.insert(k, rows.clone(), weight(&rows));
            out.insert(t, rows);
        }
    }
    Ok(out)
}

#[derive(FromQueryResult)]
struct ValueRow {
    ancestor: TenantId,
    value: i64,
}

#[derive(FromQueryResult)]
struct LatestRow {
    ancestor: TenantId,
    value: i64,
    reported_at: DateTime<Utc>,
}

/// Computes roll-ups from the database (no cache).
pub async fn compute<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    tenant_ids: &[TenantId],
    period: Period,
    indicator_ids: &[IndicatorId],
) -> Result<HashMap<TenantId, Vec<Rollup>>, AppError> {
    let ids: Vec<TenantId> = tenant_ids.to_vec();
    let found: Vec<Tenant> = scope
        .select::<tenant::Entity>()
        .filter(tenant::Column::Id.is_in(ids.clone()))
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
    let children: Vec<tenant::Model> =
        scope.select::<tenant::Entity>().filter(tenant::Column::ParentId.is_in(ids.clone())).all(db).await?;
    let mut everyone = ids.clone();
    everyone.extend(children.iter().map(|c| c.id));
    let p = period.to_string();

    let aggs: HashMap<(TenantId, IndicatorId), (Agg, DateTime<Utc>)> = scope
        .select::<report_aggregate::Entity>()
        .filter(report_aggregate::Column::TenantId.is_in(everyone.clone()))
        .filter(report_aggregate::Column::IndicatorId.is_in(indicator_ids.to_vec()))
        .filter(report_aggregate::Column::Period.eq(p.clone()))
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
    let targets: HashMap<(TenantId, IndicatorId), (i64, TargetSource)> = scope
        .select::<target::Entity>()
        .filter(target::Column::TenantId.is_in(ids.clone()))
        .filter(target::Column::IndicatorId.is_in(indicator_ids.to_vec()))
        .filter(target::Column::Period.eq(p.clone()))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|t| TargetSource::effective(t.target_value, t.quota).map(|v| ((t.tenant_id, t.indicator_id), v)))
        .collect();
    let accepted: Vec<TenantId> = scope
        .select::<submission::Entity>()
        .filter(submission::Column::TenantId.is_in(children.iter().map(|c| c.id).collect::<Vec<_>>()))
        .filter(submission::Column::Period.eq(p.clone()))
        .filter(submission::Column::Status.eq(SubmissionStatus::Accepted.as_str()))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.tenant_id)
        .collect();

    // MIN, MAX and LATEST: per subtree (everyone) and per tenant's own direct reports.
    let mut computed: HashMap<(TenantId, IndicatorId), i64> = HashMap::new();
    let mut direct: HashMap<(TenantId, IndicatorId), i64> = HashMap::new();
    let covered: Vec<String> = period.covered().iter().map(ToString::to_string).collect();
    for ind in
        indicators.iter().filter(|i| matches!(i.aggregation, Aggregation::Min | Aggregation::Max | Aggregation::Latest))
    {
        let (sub, own) = extreme(db, scope, ind, &everyone, &ids, &covered).await?;
        computed.extend(sub.into_iter().map(|(t, v)| ((t, ind.id), v)));
        direct.extend(own.into_iter().map(|(t, v)| ((t, ind.id), v)));
    }

    let mut out = HashMap::new();
    for t in &found {
        let kids: Vec<&tenant::Model> = children.iter().filter(|c| c.parent_id == Some(t.id)).collect();
        let mut rows = Vec::with_capacity(indicators.len());
        for ind in &indicators {
            // A row whose figures were all withdrawn holds no figure: no actual, as before any.
            let agg = |tid: TenantId| aggs.get(&(tid, ind.id)).map(|(a, _)| *a).filter(|a| a.figures > 0);
            let value_of = |tid: TenantId| -> Option<i64> {
                match ind.aggregation {
                    Aggregation::Sum => agg(tid).map(|a| a.total),
                    Aggregation::Avg => agg(tid).and_then(|a| avg(a.total, a.figures)),
                    _ => computed.get(&(tid, ind.id)).copied(),
                }
            };
            let own = agg(t.id).unwrap_or_default();
            let not_accepted: Vec<TenantId> = kids.iter().map(|k| k.id).filter(|k| !accepted.contains(k)).collect();
            let accepted_actual = match ind.aggregation {
                Aggregation::Sum | Aggregation::Avg => {
                    let mut a = own;
                    for k in &not_accepted {
                        let ka = agg(*k).unwrap_or_default();
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
            };
            rows.push(Rollup {
                tenant_id: t.id,
                indicator_id: ind.id,
                indicator_code: ind.code.clone(),
                indicator_name: ind.name.clone(),
                measure_unit: ind.measure_unit.clone(),
                period: p.clone(),
                aggregation: ind.aggregation.as_str().to_owned(),
                target: targets.get(&(t.id, ind.id)).map(|(v, _)| *v),
                target_source: targets.get(&(t.id, ind.id)).map(|(_, s)| s.as_str().to_owned()),
                actual: value_of(t.id),
                accepted_actual,
                total: matches!(ind.aggregation, Aggregation::Sum | Aggregation::Avg)
                    .then_some(own.total)
                    .filter(|_| own.figures > 0),
                subjects: own.subjects,
                children: kids
                    .iter()
                    .map(|k| ChildPart {
                        tenant_id: k.id,
                        code: k.code.clone(),
                        name: k.name.clone(),
                        level: k.level.clone(),
                        actual: value_of(k.id),
                        accepted: accepted.contains(&k.id),
                    })
                    .collect(),
                last_changed: aggs.get(&(t.id, ind.id)).map(|(_, at)| *at),
            });
        }
        out.insert(t.id, rows);
    }
    Ok(out)
}

/// MIN, MAX or LATEST of current reports over each tenant's subtree (`subtree_of`) and over
/// each tenant's own reports (`own_of`), for the covered periods. Two statements.
async fn extreme<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    ind: &Indicator,
    subtree_of: &[TenantId],
    own_of: &[TenantId],
    covered: &[String],
) -> Result<(BTreeMap<TenantId, i64>, BTreeMap<TenantId, i64>), AppError> {
    let base = scope
        .select::<report::Entity>()
        .filter(report::Column::IndicatorId.eq(ind.id))
        .filter(report::Column::Period.is_in(covered.to_vec()))
        .filter(report::Column::IsCurrent.eq(true))
        .filter(report::Column::Withdrawn.eq(false));
    let value = Expr::col((report::Entity, report::Column::Value));
    let ancestor = Expr::col((tenant_closure::Entity, tenant_closure::Column::AncestorId));
    let backend = db.get_database_backend();

    let mut sub = base.clone().into_query();
    sub.clear_selects()
        .expr_as(ancestor.clone(), Alias::new("ancestor"))
        .inner_join(
            tenant_closure::Entity,
            Expr::col((tenant_closure::Entity, tenant_closure::Column::DescendantId))
                .equals((report::Entity, report::Column::TenantId)),
        )
        .and_where(ancestor.clone().is_in(subtree_of.to_vec()));
    let mut own = base.into_query();
    own.clear_selects()
        .expr_as(Expr::col((report::Entity, report::Column::TenantId)), Alias::new("ancestor"))
        .and_where(Expr::col((report::Entity, report::Column::TenantId)).is_in(own_of.to_vec()));

    let mut results = Vec::with_capacity(2);
    for (mut q, group) in [(sub, ancestor.clone()), (own, Expr::col((report::Entity, report::Column::TenantId)))] {
        let map: BTreeMap<TenantId, i64> = match ind.aggregation {
            Aggregation::Latest => {
                q.expr_as(value.clone(), Alias::new("value"))
                    .expr_as(Expr::col((report::Entity, report::Column::ReportedAt)), Alias::new("reported_at"));
                let rows = LatestRow::find_by_statement(backend.build(&q)).all(db).await?;
                let mut best: BTreeMap<TenantId, (DateTime<Utc>, i64)> = BTreeMap::new();
                for r in rows {
                    let e = best.entry(r.ancestor).or_insert((r.reported_at, r.value));
                    if r.reported_at > e.0 {
                        *e = (r.reported_at, r.value);
                    }
                }
                best.into_iter().map(|(k, (_, v))| (k, v)).collect()
            }
            agg => {
                let f = if agg == Aggregation::Min { Func::min(value.clone()) } else { Func::max(value.clone()) };
                q.expr_as(f, Alias::new("value")).add_group_by([group]);
                ValueRow::find_by_statement(backend.build(&q))
                    .all(db)
                    .await?
                    .into_iter()
                    .map(|r| (r.ancestor, r.value))
                    .collect()
            }
        };
        results.push(map);
    }
    let own = results.pop().unwrap_or_default();
    let sub = results.pop().unwrap_or_default();
    Ok((sub, own))
}

#[cfg(test)]
mod tests {
    use super::avg;

    #[test]
    fn averages_round_half_away_from_zero() {
        assert_eq!(avg(10, 4), Some(3));
        assert_eq!(avg(10, 3), Some(3));
        assert_eq!(avg(11, 2), Some(6));
        assert_eq!(avg(5, 0), None);
    }
}
