//! Roll-up aggregates: the changes a request makes to the (tenant, indicator, period) rows of
//! every ancestor, bounded, and applied with ordered upserts.

use super::*;

/// Changes to aggregate rows keyed by (tenant, indicator, period).
pub(super) type Deltas = BTreeMap<(TenantId, IndicatorId, String), Delta>;

/// One aggregate row's change: its total, its number of figures and of distinct subjects.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Delta {
    pub(super) total: i64,
    pub(super) figures: i64,
    pub(super) subjects: i64,
}

impl Delta {
    pub(super) fn is_zero(self) -> bool {
        self == Delta::default()
    }
}

/// Adds one figure's changes to those of the owner and every ancestor. A sum past what an
/// aggregate may hold is refused with the key it would break.
pub(super) fn gather(
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

pub(super) fn over_bound(key: &(TenantId, IndicatorId, String)) -> AppError {
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
pub(super) async fn name_over_bound(
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
pub(super) const UPSERT_CHUNK: usize = 1000;

/// Applies the gathered changes with ordered upserts (`total = total + excluded.total`). The map
/// is sorted by (tenant, indicator, period), so every writer locks shared rows in the same order.
/// The database's bounds refuse a row past its bound (`..._bound` in the error).
pub(super) async fn apply_deltas<C: ConnectionTrait>(db: &C, deltas: &Deltas) -> Result<(), AppError> {
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
