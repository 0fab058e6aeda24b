//! Listing reports in scope, current or with their history.

use super::*;

#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub tenant: Option<TenantId>,
    /// With `tenant`: its whole subtree.
    pub include_subtree: bool,
    pub unit_id: Option<UnitId>,
    pub indicator_id: Option<IndicatorId>,
    pub period: Option<String>,
    /// With `period`: also every shorter period inside it (a year's quarters and months).
    pub within_period: bool,
    /// Superseded versions too (history).
    pub include_history: bool,
}

/// Reports in scope, oldest first.
#[tracing::instrument(level = "debug", skip_all)]
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
        let p = Period::parse(&p)?;
        q = if f.within_period {
            q.filter(report::Column::Period.is_in(p.covered().into_iter().map(|c| c.to_string())))
        } else {
            q.filter(report::Column::Period.eq(p.to_string()))
        };
    }
    if !f.include_history {
        q = q.filter(report::Column::IsCurrent.eq(true)).filter(report::Column::Withdrawn.eq(false));
    }
    let p = page::fetch(db, q, report::Column::Id, req).await?;
    p.try_map(Report::try_from)
}
