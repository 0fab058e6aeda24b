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

/// The quota a tenant was handed (`existing` is its row) when its own target `value` would be
/// below it: such a target is refused.
fn below_quota(existing: Option<&target::Model>, value: Quantity) -> Option<Quantity> {
    existing.and_then(|m| m.quota).map(Quantity).filter(|quota| value < *quota)
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
    let mut wrong = Vec::new();
    let lines = check_quotas(&txn, scope, &ind, period, allocations, "allocations", &mut wrong).await?;
    if !wrong.is_empty() {
        return Err(AppError::lines(wrong));
    }
    let out = write_quotas(&txn, scope, &ind, period, lines).await?;
    txn.commit().await?;
    Ok(out)
}

/// One indicator's column of a decomposition table being saved.
pub struct Column {
    pub indicator_id: i64,
    /// The caller's own target; `None` leaves it as it is.
    pub target: Option<Decimal>,
    /// Quotas for direct children; children not named keep theirs.
    pub allocations: Vec<(TenantId, Decimal)>,
}

/// A column that passed the checks.
struct CheckedColumn {
    ind: Indicator,
    /// The own target's row as it stands and the new figure, when it changes.
    target: Option<(Option<target::Model>, Quantity)>,
    quotas: Vec<QuotaLine>,
    /// Rows named but left as they were (the same figure saved again).
    unchanged: Vec<TargetRow>,
}

/// Saves a decomposition table of the caller's own tenant (ADMIN): for each indicator its own
/// target and the quotas of its children, checked by the rules of [`set_target`] and
/// [`allocate`], in one transaction, all or none. Every wrong line of every column is reported
/// at once, named `indicators[i].allocations[j]` (`indicators[i].target` for the own target).
/// Figures saved again unchanged are not rewritten, so saving the same table twice writes once.
/// Returns the rows of every line named, column by column.
pub async fn save_decomposition(
    state: &AppState,
    scope: &Scope,
    period: &str,
    columns: Vec<Column>,
) -> Result<Vec<TargetRow>, AppError> {
    scope.require(Role::Admin)?;
    let period = Period::parse(period)?;
    if columns.iter().all(|c| c.target.is_none() && c.allocations.is_empty()) {
        return Err(AppError::bad_input("indicators", "至少填写一个目标或配额 / name at least one target or quota"));
    }
    let txn = Write::begin(state, scope, Touch::Targets).await?;
    let home = scope.home();
    let mut wrong = Vec::new();
    let mut checked = Vec::with_capacity(columns.len());
    let mut seen = Vec::new();
    for (i, col) in columns.into_iter().enumerate() {
        let prefix = format!("indicators[{i}]");
        if seen.contains(&col.indicator_id) {
            wrong.push(
                AppError::bad_input("indicatorId", "同一指标出现两次 / the indicator is named twice").at(&prefix),
            );
            continue;
        }
        seen.push(col.indicator_id);
        let ind = match indicators::usable(&txn, scope, col.indicator_id).await {
            Ok(ind) => ind,
            Err(e) if e.is_about_input() => {
                wrong.push(e.at(&prefix));
                continue;
            }
            Err(e) => return Err(e),
        };
        let mut unchanged = Vec::new();
        let mut target = None;
        if let Some(value) = col.target {
            let existing = row(&txn, scope, home, ind.id, period).await?;
            let checked = ind.value_type.check("target", value).and_then(|v| Quantity::goal("target", v)).and_then(|v| {
                match below_quota(existing.as_ref(), v) {
                    Some(quota) => Err(AppError::bad_input(
                        "target",
                        format!(
                            "本级目标 {} 低于上级下达的配额 {}（{period}） / the target {} is below the quota {} handed down for {period}",
                            show(v, &ind),
                            show(quota, &ind),
                            show(v, &ind),
                            show(quota, &ind)
                        ),
                    )),
                    None => Ok(v),
                }
            });
            match checked {
                Ok(v) => match existing {
                    Some(m) if m.target_value == Some(v.0) => unchanged.push(TargetRow::from(&m)),
                    existing => target = Some((existing, v)),
                },
                Err(e) if e.is_about_input() => wrong.push(e.at(&prefix)),
                Err(e) => return Err(e),
            }
        }
        let lines =
            check_quotas(&txn, scope, &ind, period, col.allocations, &format!("{prefix}.allocations"), &mut wrong)
                .await?;
        let (same, quotas): (Vec<_>, Vec<_>) =
            lines.into_iter().partition(|l| l.existing.as_ref().is_some_and(|m| m.quota == Some(l.quota.0)));
        unchanged.extend(same.iter().filter_map(|l| l.existing.as_ref()).map(TargetRow::from));
        checked.push(CheckedColumn { ind, target, quotas, unchanged });
    }
    if !wrong.is_empty() {
        return Err(AppError::lines(wrong));
    }
    let mut out = Vec::new();
    let mut changed = false;
    for col in checked {
        out.extend(col.unchanged);
        if let Some((existing, value)) = col.target {
            changed = true;
            let saved =
                write(&txn, scope, existing, (home, col.ind.id, period), Some(Some(value.0)), None, "target.set")
                    .await?;
            out.push(TargetRow::from(&saved));
        }
        changed |= !col.quotas.is_empty();
        out.extend(write_quotas(&txn, scope, &col.ind, period, col.quotas).await?);
    }
    if changed {
        txn.commit().await?;
    }
    // Nothing changed: the transaction is dropped unwritten (rolled back).
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

/// The whole decomposition table of a tenant in scope for a period: the tenant, and one
/// [`Decomposition`] per indicator the caller may use (not retired), in the order of the
/// `indicators` query.
pub async fn table<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    tenant: TenantId,
    period: &str,
) -> Result<(Tenant, Vec<Decomposition>), AppError> {
    Period::parse(period)?;
    let t = tenants::get(db, scope, tenant).await?;
    let mut all = Vec::new();
    let mut after = None;
    loop {
        let req = super::page::PageRequest { first: 100, after, count: false };
        let page = indicators::list(db, scope, indicators::Filter::default(), req).await?;
        after = page.items.last().map(|i| i.id);
        let more = page.has_next_page;
        all.extend(page.items);
        if !more || after.is_none() {
            break;
        }
    }
    let mut out = Vec::with_capacity(all.len());
    for ind in all {
        out.push(decomposition(db, scope, tenant, ind.id, period).await?);
    }
    Ok((t, out))
}
