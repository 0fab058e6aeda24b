//! MIN, MAX and LATEST of current reports, over subtrees (through the closure table) and over
//! each tenant's own reports.

use super::*;

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

/// MIN, MAX or LATEST of current reports over each tenant's subtree (`subtree_of`) and over
/// each tenant's own reports (`own_of`), for the covered periods. Two statements.
pub(super) async fn extreme<C: ConnectionTrait>(
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
