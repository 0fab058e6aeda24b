//! Taking back a target or a quota set by mistake, each refused while something below builds on
//! it: an own target while quotas of it are handed down, a child's quota while the child has
//! handed quotas of its own further down. A row left with neither is deleted.

use sea_orm::{ColumnTrait, ConnectionTrait, PaginatorTrait as _, QueryFilter};

use super::*;

/// How many quotas `tenant` has handed its children for (indicator, period).
async fn handed_down<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    tenant: TenantId,
    indicator: IndicatorId,
    period: Period,
) -> Result<u64, AppError> {
    let children: Vec<TenantId> = tenants::all_children(db, scope, tenant).await?.into_iter().map(|t| t.id).collect();
    if children.is_empty() {
        return Ok(0);
    }
    Ok(scope
        .select::<target::Entity>()
        .filter(target::Column::TenantId.is_in(children))
        .filter(target::Column::IndicatorId.eq(indicator))
        .filter(target::Column::Period.eq(period.to_string()))
        .filter(target::Column::Quota.is_not_null())
        .count(db)
        .await?)
}

/// Writes the row without the cleared value, or deletes it when nothing is left; audited.
async fn clear(
    db: &Write,
    scope: &Scope,
    existing: target::Model,
    (clear_target, clear_quota): (bool, bool),
    action: &str,
) -> Result<TargetRow, AppError> {
    let before = TargetRow::from(&existing);
    let after = TargetRow {
        target: if clear_target { None } else { before.target },
        quota: if clear_quota { None } else { before.quota },
        ..before.clone()
    };
    if after.target.is_none() && after.quota.is_none() {
        scope.delete::<target::Entity>().filter(target::Column::Id.eq(existing.id)).exec(db).await?;
    } else {
        let version = existing.version;
        let mut a = existing.into_active_model();
        if clear_target {
            a.target_value = Set(None);
        }
        if clear_quota {
            a.quota = Set(None);
        }
        a.version = Set(crate::domain::version::next(version)?);
        a.updated_at = Set(Utc::now());
        a.update(db).await?;
    }
    db.audit(audit::Entry {
        tenant: before.tenant_id,
        action,
        entity_type: "target",
        entity_id: format!("{}/{}/{}", before.tenant_id, before.indicator_id, before.period),
        before: Some(&before),
        after: Some(&after),
    })?;
    Ok(after)
}

/// Removes the caller's own tenant's target of an (indicator, period) (ADMIN); refused while
/// quotas of it are handed to children (remove those first).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn remove_target(
    state: &AppState,
    scope: &Scope,
    indicator_id: IndicatorId,
    period: &str,
) -> Result<TargetRow, AppError> {
    scope.require(Role::Admin)?;
    let period = Period::parse(period)?;
    let txn = Write::begin(state, scope, Touch::Targets).await?;
    let ind = indicators::get(&txn, scope, indicator_id).await?;
    let home = scope.home();
    let existing = row(&txn, scope, home, ind.id, period)
        .await?
        .filter(|m| m.target_value.is_some())
        .ok_or(AppError::NotFound { entity: "target" })?;
    let below = handed_down(&txn, scope, home, ind.id, period).await?;
    if below > 0 {
        return Err(AppError::conflict(
            "indicatorId",
            format!(
                "{period} 的{}已向 {below} 个下级下达配额，请先撤销配额 / quotas of {period} are handed to {below} \
                 children: remove them first",
                ind.name
            ),
        ));
    }
    let out = clear(&txn, scope, existing, (true, false), "target.remove").await?;
    txn.commit().await?;
    Ok(out)
}

/// Takes back the quota handed to a direct child for an (indicator, period) (ADMIN); refused
/// while the child has handed quotas of it further down.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn remove_quota(
    state: &AppState,
    scope: &Scope,
    indicator_id: IndicatorId,
    period: &str,
    child: TenantId,
) -> Result<TargetRow, AppError> {
    scope.require(Role::Admin)?;
    let period = Period::parse(period)?;
    let txn = Write::begin(state, scope, Touch::Targets).await?;
    let ind = indicators::get(&txn, scope, indicator_id).await?;
    let t = tenants::get(&txn, scope, child).await?;
    if t.parent_id != Some(scope.home()) {
        return Err(AppError::bad_input(
            "tenantId",
            format!("{} 不是本级的直接下级 / {} is not a direct child of your tenant", t.name, t.name),
        ));
    }
    let existing = row(&txn, scope, child, ind.id, period)
        .await?
        .filter(|m| m.quota.is_some())
        .ok_or(AppError::NotFound { entity: "quota" })?;
    let below = handed_down(&txn, scope, child, ind.id, period).await?;
    if below > 0 {
        return Err(AppError::conflict(
            "tenantId",
            format!(
                "{} 已把 {period} 的{}分解给 {below} 个下级，需其先撤销 / {} has handed quotas of it to {below} \
                 children: they must be removed first",
                t.name, ind.name, t.name
            ),
        ));
    }
    let out = clear(&txn, scope, existing, (false, true), "target.remove_quota").await?;
    txn.commit().await?;
    Ok(out)
}
