//! Targets and the task decomposition table (任务分解表): each level sets its own target for an
//! (indicator, period) and hands quotas to its direct children; a child's own target may not be
//! below the quota it was handed.
//!
//! - here: one target, one column of quotas (the rules both share);
//! - `save`: the whole table saved at once, all or none;
//! - `read`: the table as a level reads it;
//! - `remove`: a target or a quota taken back, while nothing below builds on it.

mod read;
mod remove;
mod save;

pub use self::read::{ChildShare, Decomposition, decomposition, table};
pub use self::remove::{remove_quota, remove_target};
pub use self::save::{Column, check_decomposition, save_decomposition, save_decomposition_from};

use chrono::Utc;
use rust_decimal::Decimal;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, IntoActiveModel, QueryFilter, Set};
use serde::Serialize;

use super::audit::{self, Actor};
use super::indicators::{self, Indicator};
use super::tenants::{self, Tenant};
use super::write::{Touch, Write};
use crate::auth::Scope;
use crate::domain::ids::*;
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
    pub indicator_id: IndicatorId,
    pub period: String,
    pub target: Option<Decimal>,
    pub quota: Option<Decimal>,
}

impl From<&target::Model> for TargetRow {
    fn from(m: &target::Model) -> Self {
        TargetRow {
            tenant_id: m.tenant_id,
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
    indicator: IndicatorId,
    period: Period,
) -> Result<Option<target::Model>, AppError> {
    Ok(scope
        .select::<target::Entity>()
        .filter(target::Column::TenantId.eq(tenant))
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
    (tenant, indicator, period): (TenantId, IndicatorId, Period),
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
                tenant_id: Set(tenant),
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

/// The quota a tenant was handed (`existing` is its row) when its own target `value` would be
/// below it: such a target is refused.
fn below_quota(existing: Option<&target::Model>, value: Quantity) -> Option<Quantity> {
    existing.and_then(|m| m.quota).map(Quantity).filter(|quota| value < *quota)
}

/// The caller's own tenant sets its target (ADMIN). It may not be below the quota handed down.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn set_target(
    state: &AppState,
    scope: &Scope,
    indicator_id: IndicatorId,
    period: &str,
    value: Decimal,
) -> Result<TargetRow, AppError> {
    scope.require(Role::Admin)?;
    let period = Period::parse(period)?;
    let txn = Write::begin(state, scope, Touch::Targets).await?;
    let ind = indicators::usable(&txn, scope, indicator_id).await?;
    let home = scope.home();
    let existing = row(&txn, scope, home, ind.id, period).await?;
    let value = Quantity::goal("value", ind.value_type.check("value", value)?)?;
    if let Some(quota) = below_quota(existing.as_ref(), value) {
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

/// A quota line that passed the checks: the child, its row as it stands and the new quota.
struct QuotaLine {
    child: TenantId,
    existing: Option<target::Model>,
    quota: Quantity,
}

/// Checks the quota lines of one (indicator, period) by the allocation rules: each child named
/// once, a direct child of the caller's tenant, the quota within the indicator's bounds and not
/// above the child's own target. Every wrong line goes to `wrong`, named `{prefix}[i]`; an error
/// that is not about the input ends the check.
async fn check_quotas(
    db: &Write,
    scope: &Scope,
    ind: &Indicator,
    period: Period,
    allocations: Vec<(TenantId, Decimal)>,
    prefix: &str,
    wrong: &mut Vec<AppError>,
) -> Result<Vec<QuotaLine>, AppError> {
    let mut lines = Vec::with_capacity(allocations.len());
    let mut seen = Vec::new();
    for (i, (child, quota)) in allocations.into_iter().enumerate() {
        let at = |e: AppError| e.at(&format!("{prefix}[{i}]"));
        if seen.contains(&child) {
            wrong
                .push(at(AppError::bad_input("tenantId", format!("{child} 重复出现 / tenant {child} is named twice"))));
            continue;
        }
        seen.push(child);
        let line = async {
            let t = tenants::get(db, scope, child).await?;
            if t.parent_id != Some(scope.home()) {
                return Err(AppError::bad_input(
                    "tenantId",
                    format!("{} 不是本级的直接下级 / {} is not a direct child of your tenant", t.name, t.name),
                ));
            }
            let quota = Quantity::goal("quota", ind.value_type.check("quota", quota)?)?;
            let existing = row(db, scope, child, ind.id, period).await?;
            if let Some(own) = existing.as_ref().and_then(|m| m.target_value).map(Quantity)
                && own < quota
            {
                return Err(AppError::bad_input(
                    "quota",
                    format!(
                        "{} 的本级目标 {} 低于配额 {}，需先调高目标 / {}'s own target {} is below the quota {} — it must raise it first",
                        t.name,
                        show(own, ind),
                        show(quota, ind),
                        t.name,
                        show(own, ind),
                        show(quota, ind)
                    ),
                ));
            }
            Ok(QuotaLine { child, existing, quota })
        }
        .await;
        match line {
            Ok(line) => lines.push(line),
            Err(e) if e.is_about_input() => wrong.push(at(e)),
            Err(e) => return Err(e),
        }
    }
    Ok(lines)
}

/// Writes checked quota lines with their audit entries.
async fn write_quotas(
    db: &Write,
    scope: &Scope,
    ind: &Indicator,
    period: Period,
    lines: Vec<QuotaLine>,
) -> Result<Vec<TargetRow>, AppError> {
    let mut out = Vec::with_capacity(lines.len());
    for QuotaLine { child, existing, quota } in lines {
        let saved =
            write(db, scope, existing, (child, ind.id, period), None, Some(Some(quota.0)), "target.allocate").await?;
        out.push(TargetRow::from(&saved));
    }
    Ok(out)
}

/// Hands quotas of an (indicator, period) to direct children of the caller's tenant (ADMIN), all
/// or none. A quota above a child's own target is refused, naming both figures.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn allocate(
    state: &AppState,
    scope: &Scope,
    indicator_id: IndicatorId,
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
    let mut wrong = Vec::new();
    let lines = check_quotas(&txn, scope, &ind, period, allocations, "allocations", &mut wrong).await?;
    if !wrong.is_empty() {
        return Err(AppError::lines(wrong));
    }
    let out = write_quotas(&txn, scope, &ind, period, lines).await?;
    txn.commit().await?;
    Ok(out)
}
