//! The decomposition table as a level reads it: its own figures and each child's share.

use super::*;

/// One line of the decomposition table.
pub struct ChildShare {
    pub tenant: Tenant,
    /// The child's effective target (own, else quota) and where it comes from.
    pub target: Option<(Decimal, TargetSource)>,
    pub quota: Option<Decimal>,
    pub own_target: Option<Decimal>,
    /// Reported over the child's subtree.
    pub actual: Option<Decimal>,
    /// Actual against the child's own target, or against its quota when it set none.
    pub completion: Option<Decimal>,
}

pub struct Decomposition {
    pub tenant: Tenant,
    pub indicator: Indicator,
    pub period: Period,
    pub own_target: Option<Decimal>,
    pub quota_received: Option<Decimal>,
    /// The effective target (own, else the quota received) and where it comes from.
    pub target: Option<(Decimal, TargetSource)>,
    /// Reported over the tenant's whole subtree.
    pub actual: Option<Decimal>,
    pub completion: Option<Decimal>,
    pub handed_down: Decimal,
    /// Own target minus the quotas handed down (negative: more handed down than committed).
    pub gap: Option<Decimal>,
    pub children: Vec<ChildShare>,
}

/// The decomposition of an (indicator, period) at a tenant in scope: its own target, what it was
/// handed, what it handed down, what was reported, and each child's quota, own target, actual
/// and completion. A fixed number of statements whatever the number of children.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn decomposition<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    tenant: TenantId,
    indicator_id: IndicatorId,
    period: &str,
) -> Result<Decomposition, AppError> {
    let period = Period::parse(period)?;
    let t = tenants::get(db, scope, tenant).await?;
    let ind = indicators::get(db, scope, indicator_id).await?;
    let children = tenants::all_children(db, scope, t.id).await?;
    let mut ids: Vec<TenantId> = children.iter().map(|c| c.id).collect();
    ids.push(t.id);
    let rows = scope
        .select::<target::Entity>()
        .filter(target::Column::TenantId.is_in(ids))
        .filter(target::Column::IndicatorId.eq(ind.id))
        .filter(target::Column::Period.eq(period.to_string()))
        .all(db)
        .await?;
    let find = |id: TenantId| rows.iter().find(|r| r.tenant_id == id);
    let dec = |v: Option<i64>| v.map(|v| Quantity(v).to_decimal());
    let own = find(t.id);
    // Each quota is bounded; their sum is taken wide so that no number of children overflows it.
    let handed: i128 = children.iter().filter_map(|c| find(c.id).and_then(|r| r.quota)).map(i128::from).sum();
    let wide = |v: i128| Decimal::from_i128_with_scale(v, crate::domain::quantity::SCALE).normalize();
    let own_target = own.and_then(|r| r.target_value);
    // Actuals come from the roll-up aggregates (computed fresh: the table is an ADMIN's tool).
    let parts = crate::service::rollups::Detail { children: true, accepted: false };
    let rolled = crate::service::rollups::compute(db, scope, &[t.id], period, &[ind.id], parts).await?;
    let rolled = rolled.get(&t.id).and_then(|rows| rows.first());
    let actual_of = |id: TenantId| -> Option<i64> {
        let r = rolled?;
        if id == t.id { r.actual } else { r.children.iter().find(|c| c.tenant_id == id).and_then(|c| c.actual) }
    };
    let completion = |actual: Option<i64>, goal: Option<(i64, TargetSource)>| match (actual, goal) {
        (Some(a), Some((g, _))) if g != 0 => Some((Decimal::from(a) / Decimal::from(g)).round_dp(4)),
        _ => None,
    };
    let effective = |r: Option<&target::Model>| r.and_then(|r| TargetSource::effective(r.target_value, r.quota));
    let shown = |e: Option<(i64, TargetSource)>| e.map(|(v, s)| (Quantity(v).to_decimal(), s));
    Ok(Decomposition {
        actual: dec(actual_of(t.id)),
        completion: completion(actual_of(t.id), effective(own)),
        target: shown(effective(own)),
        own_target: dec(own_target),
        quota_received: dec(own.and_then(|r| r.quota)),
        handed_down: wide(handed),
        gap: own_target.map(|o| wide(i128::from(o) - handed)),
        children: children
            .into_iter()
            .map(|c| {
                let r = find(c.id);
                let goal = effective(r);
                ChildShare {
                    target: shown(goal),
                    quota: dec(r.and_then(|r| r.quota)),
                    own_target: dec(r.and_then(|r| r.target_value)),
                    actual: dec(actual_of(c.id)),
                    completion: completion(actual_of(c.id), goal),
                    tenant: c,
                }
            })
            .collect(),
        tenant: t,
        indicator: ind,
        period,
    })
}

/// The whole decomposition table of a tenant in scope for a period: the tenant, and one
/// [`Decomposition`] per indicator the caller may use (not retired), in the order of the
/// `indicators` query.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn table<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    tenant: TenantId,
    period: &str,
) -> Result<(Tenant, Vec<Decomposition>), AppError> {
    Period::parse(period)?;
    let t = tenants::get(db, scope, tenant).await?;
    let all = indicators::all_usable(db, scope).await?;
    let mut out = Vec::with_capacity(all.len());
    for ind in all {
        out.push(decomposition(db, scope, tenant, ind.id, period).await?);
    }
    Ok((t, out))
}
