//! MIN, MAX and LATEST of current reports, over subtrees (through the closure table) and over
//! each tenant's own reports (the closure's depth 0): one statement for all of them, none when
//! there are none.

use sea_orm::sea_query::UnionType;

use super::inputs::Ind;
use super::*;
use crate::store::lists::one_of;

/// MIN, MAX and LATEST: per subtree (`computed`) and per tenant's own direct reports (`direct`).
#[derive(Default)]
pub(super) struct Extremes {
    pub(super) computed: HashMap<(TenantId, IndicatorId), i64>,
    pub(super) direct: HashMap<(TenantId, IndicatorId), i64>,
}

/// A subtree's (or, at depth 0, a tenant's own) lowest and highest value of an indicator, or
/// (with `reported_at`) one current figure of a LATEST indicator.
#[derive(FromQueryResult)]
struct ExtremeRow {
    ancestor: TenantId,
    indicator: IndicatorId,
    depth: i32,
    low: i64,
    high: i64,
    reported_at: Option<DateTime<Utc>>,
}

/// Current reports of `indicators` in the `covered` periods, by each subtree of `of`: the
/// select without its columns.
fn reports(
    backend: DbBackend,
    scope: &Scope,
    indicators: &[&Ind],
    of: &[TenantId],
    covered: &[String],
) -> SelectStatement {
    let ids: Vec<i64> = indicators.iter().map(|i| i.id.0).collect();
    let mut q = scope
        .select::<report::Entity>()
        .filter(one_of(backend, Expr::col((report::Entity, report::Column::IndicatorId)), ids))
        .filter(one_of(backend, Expr::col((report::Entity, report::Column::Period)), covered.to_vec()))
        .filter(report::Column::IsCurrent.eq(true))
        .filter(report::Column::Withdrawn.eq(false))
        .into_query();
    let ancestor = Expr::col((tenant_closure::Entity, tenant_closure::Column::AncestorId));
    q.clear_selects()
        .inner_join(
            tenant_closure::Entity,
            Expr::col((tenant_closure::Entity, tenant_closure::Column::DescendantId))
                .equals((report::Entity, report::Column::TenantId)),
        )
        .and_where(one_of(backend, ancestor.clone(), of.iter().map(|t| t.0).collect()))
        .expr_as(ancestor, Alias::new("ancestor"))
        .expr_as(Expr::col((report::Entity, report::Column::IndicatorId)), Alias::new("indicator"))
        .expr_as(Expr::col((tenant_closure::Entity, tenant_closure::Column::Depth)), Alias::new("depth"));
    q
}

/// Keeps the lower (`low`) or the higher of `v` and what `map` holds for `key`.
fn keep(map: &mut HashMap<(TenantId, IndicatorId), i64>, key: (TenantId, IndicatorId), v: i64, low: bool) {
    map.entry(key).and_modify(|e| *e = if low { Ord::min(*e, v) } else { Ord::max(*e, v) }).or_insert(v);
}

type Best = HashMap<(TenantId, IndicatorId), (DateTime<Utc>, i64)>;

/// Keeps the later of `seen` (reported at, value) and what `map` holds for `key` (the first
/// seen of equal times).
fn newer(map: &mut Best, key: (TenantId, IndicatorId), seen: (DateTime<Utc>, i64)) {
    let e = map.entry(key).or_insert(seen);
    if seen.0 > e.0 {
        *e = seen;
    }
}

/// MIN, MAX and LATEST of those `indicators` so aggregated, over each subtree of `of` and each
/// tenant's own reports, in the periods of `period`: one statement (MIN and MAX grouped in the
/// database, then the figures of LATEST ones), none without such indicators.
pub(super) async fn extremes<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    indicators: &[Ind],
    of: &[TenantId],
    period: Period,
) -> Result<Extremes, AppError> {
    let mut out = Extremes::default();
    let range: Vec<&Ind> =
        indicators.iter().filter(|i| matches!(i.aggregation, Aggregation::Min | Aggregation::Max)).collect();
    let latest: Vec<&Ind> = indicators.iter().filter(|i| i.aggregation == Aggregation::Latest).collect();
    let covered: Vec<String> = period.covered().iter().map(ToString::to_string).collect();
    let backend = db.get_database_backend();
    let value = || Expr::col((report::Entity, report::Column::Value));
    let mut parts = Vec::with_capacity(2);
    if !range.is_empty() {
        let mut q = reports(backend, scope, &range, of, &covered);
        q.expr_as(Func::min(value()), Alias::new("low"))
            .expr_as(Func::max(value()), Alias::new("high"))
            .expr_as(Expr::val(Option::<DateTime<Utc>>::None), Alias::new("reported_at"))
            .add_group_by([
                Expr::col((tenant_closure::Entity, tenant_closure::Column::AncestorId)),
                Expr::col((report::Entity, report::Column::IndicatorId)),
                Expr::col((tenant_closure::Entity, tenant_closure::Column::Depth)),
            ]);
        parts.push(q);
    }
    if !latest.is_empty() {
        let mut q = reports(backend, scope, &latest, of, &covered);
        q.expr_as(value(), Alias::new("low"))
            .expr_as(value(), Alias::new("high"))
            .expr_as(Expr::col((report::Entity, report::Column::ReportedAt)), Alias::new("reported_at"));
        parts.push(q);
    }
    let mut parts = parts.into_iter();
    let Some(mut q) = parts.next().filter(|_| !of.is_empty()) else { return Ok(out) };
    for more in parts {
        q.union(UnionType::All, more);
    }
    let low: BTreeSet<IndicatorId> = range.iter().filter(|i| i.aggregation == Aggregation::Min).map(|i| i.id).collect();
    let (mut sub, mut own): (Best, Best) = Default::default();
    for r in ExtremeRow::find_by_statement(backend.build(&q)).all(db).await? {
        let key = (r.ancestor, r.indicator);
        if let Some(at) = r.reported_at {
            newer(&mut sub, key, (at, r.low));
            if r.depth == 0 {
                newer(&mut own, key, (at, r.low));
            }
            continue;
        }
        let is_low = low.contains(&r.indicator);
        let v = if is_low { r.low } else { r.high };
        keep(&mut out.computed, key, v, is_low);
        if r.depth == 0 {
            out.direct.insert(key, v);
        }
    }
    out.computed.extend(sub.into_iter().map(|(k, (_, v))| (k, v)));
    out.direct.extend(own.into_iter().map(|(k, (_, v))| (k, v)));
    Ok(out)
}
