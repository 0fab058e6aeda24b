//! Targets and the task decomposition table (任务分解表): each level sets its own target for an
//! (indicator, period) and hands quotas to its direct children; a child's own target may not be
//! below the quota it was handed.

use chrono::Utc;
use rust_decimal::Decimal;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, IntoActiveModel, QueryFilter, Set};
use serde::Serialize;

use super::audit::{self, Actor};
use super::indicators::{self, Indicator};
use super::tenants::{self, Tenant};
use super::write::{Touch, Write};
use crate::auth::Scope;
use crate::domain::ids::TenantId;
use crate::domain::indicator::TargetSource;
use crate::domain::period::Period;
use crate::domain::quantity::Quantity;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::state::AppState;
use entity::target;

#[derive(Clone, Debug, Serialize)]
pub struct TargetRow {
    pub tenant_id: TenantId,
    pub indicator_id: i64,
    pub period: String,
    pub target: Option<Decimal>,
    pub quota: Option<Decimal>,
}

impl From<&target::Model> for TargetRow {
    fn from(m: &target::Model) -> Self {
        TargetRow {
            tenant_id: TenantId(m.tenant_id),
            indicator_id: m.indicator_id,
            period: m.period.clone(),
            target: m.target_value.map(|v| Quantity(v).to_decimal()),
            quota: m.quota.map(|v| Quantity(v).to_decimal()),
        }
    }
}

async fn row<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    tenant: TenantId,
    indicator: i64,
    period: Period,
) -> Result<Option<target::Model>, AppError> {
    Ok(scope
        .select::<target::Entity>()
        .filter(target::Column::TenantId.eq(tenant.0))
        .filter(target::Column::IndicatorId.eq(indicator))
        .filter(target::Column::Period.eq(period.to_string()))
        .one(db)
        .await?)
}

/// Writes one target row (insert or update) and its audit entry.
async fn write(
    db: &Write,
    scope: &Scope,
    existing: Option<target::Model>,
    (tenant, indicator, period): (TenantId, i64, Period),
    target_value: Option<Option<i64>>,
    quota: Option<Option<i64>>,
    action: &str,
) -> Result<target::Model, AppError> {
    let before = existing.as_ref().map(TargetRow::from);
    let now = Utc::now();
    let saved = match existing {
        Some(m) => {
            let version = m.version;
            let mut a = m.into_active_model();
            if let Some(t) = target_value {
                a.target_value = Set(t);
            }
            if let Some(q) = quota {
                a.quota = Set(q);
            }
            a.version = Set(crate::domain::version::next(version)?);
            a.updated_at = Set(now);
            a.update(db).await?
        }
        None => {
            target::ActiveModel {
                tenant_id: Set(tenant.0),
                indicator_id: Set(indicator),
                period: Set(period.to_string()),
                target_value: Set(target_value.flatten()),
                quota: Set(quota.flatten()),
                version: Set(1),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?
        }
    };
    audit::record(
        db,
        Actor::from(scope),
        audit::Entry {
            tenant,
            action,
            entity_type: "target",
            entity_id: saved.id.to_string(),
            before: before.as_ref(),
            after: Some(&TargetRow::from(&saved)),
        },
    )
    .await?;
    Ok(saved)
}

fn show(q: Quantity, ind: &Indicator) -> String {
    format!("{} {}", q.to_decimal(), ind.measure_unit)
}

/// The caller's own tenant sets its target (ADMIN). It may not be below the quota handed down.
pub async fn set_target(
    state: &AppState,
    scope: &Scope,
    indicator_id: i64,
    period: &str,
    value: Decimal,
) -> Result<TargetRow, AppError> {
    scope.require(Role::Admin)?;
    let period = Period::parse(period)?;
    let txn = Write::begin(state, scope, Touch::Targets).await?;
    let ind = indicators::usable(&txn, scope, indicator_id).await?;
    let value = Quantity::goal("value", ind.value_type.check("value", value)?)?;
    let home = scope.home();
    let existing = row(&txn, scope, home, ind.id, period).await?;
    if let Some(quota) = existing.as_ref().and_then(|m| m.quota).map(Quantity)
        && value < quota
    {
        return Err(AppError::bad_input(
            "value",
            format!(
                "the target {} is below the quota {} handed down for {period}",
                show(value, &ind),
                show(quota, &ind)
            ),
        ));
    }
    let saved = write(&txn, scope, existing, (home, ind.id, period), Some(Some(value.0)), None, "target.set").await?;
    txn.commit().await?;
    Ok(TargetRow::from(&saved))
}

/// Hands quotas of an (indicator, period) to direct children of the caller's tenant (ADMIN), all
/// or none. A quota above a child's own target is refused, naming both figures.
pub async fn allocate(
    state: &AppState,
    scope: &Scope,
    indicator_id: i64,
    period: &str,
    allocations: Vec<(TenantId, Decimal)>,
) -> Result<Vec<TargetRow>, AppError> {
    scope.require(Role::Admin)?;
    let period = Period::parse(period)?;
    if allocations.is_empty() {
        return Err(AppError::bad_input("allocations", "name at least one child and its quota"));
    }
    let txn = Write::begin(state, scope, Touch::Targets).await?;
    let ind = indicators::usable(&txn, scope, indicator_id).await?;
    let mut out = Vec::with_capacity(allocations.len());
    let mut wrong = Vec::new();
    let mut seen = Vec::new();
    for (i, (child, quota)) in allocations.into_iter().enumerate() {
        let at = |e: AppError| e.at(&format!("allocations[{i}]"));
        if seen.contains(&child) {
            wrong
                .push(at(AppError::bad_input("tenantId", format!("{child} 重复出现 / tenant {child} is named twice"))));
            continue;
        }
        seen.push(child);
        let line = async {
            let t = tenants::get(&txn, scope, child).await?;
            if t.parent_id != Some(scope.home()) {
                return Err(AppError::bad_input(
                    "tenantId",
                    format!("{} 不是本级的直接下级 / {} is not a direct child of your tenant", t.name, t.name),
                ));
            }
            let quota = Quantity::goal("quota", ind.value_type.check("quota", quota)?)?;
            let existing = row(&txn, scope, child, ind.id, period).await?;
            if let Some(own) = existing.as_ref().and_then(|m| m.target_value).map(Quantity)
                && own < quota
            {
                return Err(AppError::bad_input(
                    "quota",
                    format!(
                        "{} 的本级目标 {} 低于配额 {}，需先调高目标 / {}'s own target {} is below the quota {} — it must raise it first",
                        t.name,
                        show(own, &ind),
                        show(quota, &ind),
                        t.name,
                        show(own, &ind),
                        show(quota, &ind)
                    ),
                ));
            }
            Ok((existing, quota))
        }
        .await;
        match line {
            Ok((existing, quota)) if wrong.is_empty() => {
                let saved =
                    write(&txn, scope, existing, (child, ind.id, period), None, Some(Some(quota.0)), "target.allocate")
                        .await?;
                out.push(TargetRow::from(&saved));
            }
            Ok(_) => {}
            Err(e) if e.is_about_input() => wrong.push(at(e)),
            Err(e) => return Err(e),
        }
    }
    if !wrong.is_empty() {
        return Err(AppError::lines(wrong));
    }
    txn.commit().await?;
    Ok(out)
}

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
pub async fn decomposition<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    tenant: TenantId,
    indicator_id: i64,
    period: &str,
) -> Result<Decomposition, AppError> {
    let period = Period::parse(period)?;
    let t = tenants::get(db, scope, tenant).await?;
    let ind = indicators::get(db, scope, indicator_id).await?;
    let children = tenants::all_children(db, scope, t.id).await?;
    let mut ids: Vec<i64> = children.iter().map(|c| c.id.0).collect();
    ids.push(t.id.0);
    let rows = scope
        .select::<target::Entity>()
        .filter(target::Column::TenantId.is_in(ids))
        .filter(target::Column::IndicatorId.eq(ind.id))
        .filter(target::Column::Period.eq(period.to_string()))
        .all(db)
        .await?;
    let find = |id: TenantId| rows.iter().find(|r| r.tenant_id == id.0);
    let dec = |v: Option<i64>| v.map(|v| Quantity(v).to_decimal());
    let own = find(t.id);
    // Each quota is bounded; their sum is taken wide so that no number of children overflows it.
    let handed: i128 = children.iter().filter_map(|c| find(c.id).and_then(|r| r.quota)).map(i128::from).sum();
    let wide = |v: i128| Decimal::from_i128_with_scale(v, crate::domain::quantity::SCALE).normalize();
    let own_target = own.and_then(|r| r.target_value);
    // Actuals come from the roll-up aggregates (computed fresh: the table is an ADMIN's tool).
    let rolled = super::rollups::compute(db, scope, &[t.id], period, &[ind.id]).await?;
    let rolled = rolled.get(&t.id).and_then(|rows| rows.first());
    let actual_of = |id: TenantId| -> Option<i64> {
        let r = rolled?;
        if id == t.id { r.actual } else { r.children.iter().find(|c| c.tenant_id == id.0).and_then(|c| c.actual) }
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
