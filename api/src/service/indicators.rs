//! Indicators (指标): defined by an ADMIN for its tenant and visible to the whole subtree below
//! it (a county may add its own). Retired, never deleted.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, QueryFilter, Set};
use serde::Serialize;

use super::audit::{self, Actor};
use super::page::{self, Page, PageRequest};
use super::write::{Touch, Write};
use crate::auth::Scope;
use crate::domain::ids::*;
use crate::domain::indicator::{Aggregation, EditSpec, IndicatorCategory, IndicatorSpec, ValueType};
pub use crate::domain::indicator::{IndicatorEdit, NewIndicator};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::state::AppState;
use entity::{indicator, report, target};

#[derive(Clone, Debug, Serialize)]
pub struct Indicator {
    pub id: IndicatorId,
    pub tenant_id: TenantId,
    pub code: String,
    pub name: String,
    pub measure_unit: String,
    pub value_type: ValueType,
    pub aggregation: Aggregation,
    pub category: IndicatorCategory,
    pub description: String,
    pub retired_at: Option<DateTime<Utc>>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
}

impl TryFrom<indicator::Model> for Indicator {
    type Error = AppError;
    fn try_from(m: indicator::Model) -> Result<Self, AppError> {
        let bad = || AppError::internal(format!("indicator {} is corrupt", m.id));
        Ok(Indicator {
            id: m.id,
            tenant_id: m.tenant_id,
            value_type: ValueType::parse(&m.value_type).ok_or_else(bad)?,
            aggregation: Aggregation::parse(&m.aggregation).ok_or_else(bad)?,
            category: IndicatorCategory::parse(&m.category).ok_or_else(bad)?,
            code: m.code,
            name: m.name,
            measure_unit: m.measure_unit,
            description: m.description,
            retired_at: m.retired_at,
            version: m.version,
            created_at: m.created_at,
        })
    }
}

/// An indicator the caller may use (its own tenant's, its subtree's, or its ancestors'), or
/// NOT_FOUND.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn get<C: ConnectionTrait>(db: &C, scope: &Scope, id: IndicatorId) -> Result<Indicator, AppError> {
    scope.get_shared::<indicator::Entity>(db, id).await?.try_into()
}

/// The indicators of `ids` the caller may see, in no order; ids it may not see are left out.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn get_many<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    ids: Vec<IndicatorId>,
) -> Result<Vec<Indicator>, AppError> {
    scope
        .select_shared::<indicator::Entity>()
        .filter(indicator::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(Indicator::try_from)
        .collect()
}

/// An indicator that may take new targets and reports: visible and not retired.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn usable<C: ConnectionTrait>(db: &C, scope: &Scope, id: IndicatorId) -> Result<Indicator, AppError> {
    let i = get(db, scope, id).await?;
    if i.retired_at.is_some() {
        return Err(AppError::conflict("indicatorId", format!("indicator {} ({}) is retired", i.code, i.name)));
    }
    Ok(i)
}

#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub category: Option<IndicatorCategory>,
    pub include_retired: bool,
}

/// Indicators the caller may use, oldest first.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn list<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    f: Filter,
    req: PageRequest,
) -> Result<Page<Indicator>, AppError> {
    let mut q = scope.select_shared::<indicator::Entity>();
    if let Some(c) = f.category {
        q = q.filter(indicator::Column::Category.eq(c.as_str()));
    }
    if !f.include_retired {
        q = q.filter(indicator::Column::RetiredAt.is_null());
    }
    let p = page::fetch(db, q, indicator::Column::Id, req).await?;
    p.try_map(Indicator::try_from)
}

/// Every indicator the caller may use (not retired), oldest first, read a page at a time: the
/// columns of the decomposition table, of the import templates and of the roll-up export.
pub async fn all_usable<C: ConnectionTrait>(db: &C, scope: &Scope) -> Result<Vec<Indicator>, AppError> {
    let mut all = Vec::new();
    let mut after = None;
    loop {
        let page = list(db, scope, Filter::default(), PageRequest { first: 100, after, count: false }).await?;
        after = page.items.last().map(|i| i.id.0);
        let more = page.has_next_page;
        all.extend(page.items);
        if !more || after.is_none() {
            return Ok(all);
        }
    }
}

/// Defines an indicator for the caller's own tenant and its subtree (ADMIN).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn create(state: &AppState, scope: &Scope, input: NewIndicator) -> Result<Indicator, AppError> {
    scope.require(Role::Admin)?;
    let spec = IndicatorSpec::try_from(input)?;
    let code = spec.code.clone();
    let txn = Write::begin(state, scope, Touch::Indicators).await?;
    let created: Indicator = indicator::ActiveModel {
        tenant_id: Set(scope.home()),
        code: Set(spec.code),
        name: Set(spec.name),
        measure_unit: Set(spec.measure_unit),
        value_type: Set(spec.value_type.as_str().to_owned()),
        aggregation: Set(spec.aggregation.as_str().to_owned()),
        category: Set(spec.category.as_str().to_owned()),
        description: Set(spec.description),
        retired_at: Set(None),
        version: Set(1),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| AppError::on_unique(e, "code", &format!("your tenant already has an indicator {code}")))?
    .try_into()?;
    audit::record::<(), _>(
        &txn,
        Actor::from(scope),
        audit::Entry {
            tenant: created.tenant_id,
            action: "indicator.create",
            entity_type: "indicator",
            entity_id: created.id.to_string(),
            before: None,
            after: Some(&created),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// Retires an indicator of the caller's own tenant (ADMIN): it keeps its history and takes no
/// new targets or reports.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn retire(state: &AppState, scope: &Scope, id: IndicatorId, version: i32) -> Result<Indicator, AppError> {
    scope.require(Role::Admin)?;
    let txn = Write::begin(state, scope, Touch::Indicators).await?;
    let before = get(&txn, scope, id).await?;
    scope.require_home(before.tenant_id, "retiring an indicator")?;
    if before.retired_at.is_some() {
        return Ok(before);
    }
    let changes = indicator::ActiveModel {
        retired_at: Set(Some(Utc::now())),
        version: Set(crate::domain::version::next(version)?),
        ..Default::default()
    };
    let (idc, vc) = ((indicator::Column::Id, id), (indicator::Column::Version, version));
    scope.update_versioned::<indicator::Entity, _>(&txn, idc, vc, changes, "indicator").await?;
    let after = get(&txn, scope, id).await?;
    audit::record(
        &txn,
        Actor::from(scope),
        audit::Entry {
            tenant: after.tenant_id,
            action: "indicator.retire",
            entity_type: "indicator",
            entity_id: id.to_string(),
            before: Some(&before),
            after: Some(&after),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Edits an indicator of the caller's own tenant (ADMIN): its name and description at any time,
/// its unit of measure only while no figure or target uses it (a figure reported in 万元 must
/// not turn into 亿元). `version` is the one read (CONFLICT when stale).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn update(
    state: &AppState,
    scope: &Scope,
    id: IndicatorId,
    version: i32,
    edit: IndicatorEdit,
) -> Result<Indicator, AppError> {
    scope.require(Role::Admin)?;
    let spec = EditSpec::try_from(edit)?;
    let txn = Write::begin(state, scope, Touch::Indicators).await?;
    let before = get(&txn, scope, id).await?;
    scope.require_home(before.tenant_id, "editing an indicator")?;
    if let Some(unit) = spec.measure_unit.as_deref().filter(|u| *u != before.measure_unit) {
        let (figures, targets) = uses(&txn, scope, id).await?;
        if figures + targets > 0 {
            return Err(AppError::conflict(
                "measureUnit",
                format!(
                    "已有 {figures} 条数据和 {targets} 个目标以「{}」计，不能改为「{unit}」 / {figures} figures and \
                     {targets} targets are in {}: the unit cannot become {unit}",
                    before.measure_unit, before.measure_unit
                ),
            ));
        }
    }
    let changes = indicator::ActiveModel {
        name: spec.name.map_or(sea_orm::NotSet, Set),
        measure_unit: spec.measure_unit.map_or(sea_orm::NotSet, Set),
        description: spec.description.map_or(sea_orm::NotSet, Set),
        version: Set(crate::domain::version::next(version)?),
        ..Default::default()
    };
    let (idc, vc) = ((indicator::Column::Id, id), (indicator::Column::Version, version));
    scope.update_versioned::<indicator::Entity, _>(&txn, idc, vc, changes, "indicator").await?;
    let after = get(&txn, scope, id).await?;
    txn.audit(audit::Entry {
        tenant: after.tenant_id,
        action: "indicator.update",
        entity_type: "indicator",
        entity_id: id.to_string(),
        before: Some(&before),
        after: Some(&after),
    })?;
    txn.commit().await?;
    Ok(after)
}

/// How many current figures and set targets or quotas of the subtree use an indicator.
async fn uses<C: ConnectionTrait>(db: &C, scope: &Scope, id: IndicatorId) -> Result<(u64, u64), AppError> {
    use sea_orm::PaginatorTrait as _;
    use sea_orm::sea_query::ExprTrait as _;
    let figures = scope
        .select::<report::Entity>()
        .filter(report::Column::IndicatorId.eq(id))
        .filter(report::Column::IsCurrent.eq(true))
        .filter(report::Column::Withdrawn.eq(false))
        .count(db)
        .await?;
    let targets = scope
        .select::<target::Entity>()
        .filter(target::Column::IndicatorId.eq(id))
        .filter(target::Column::TargetValue.is_not_null().or(target::Column::Quota.is_not_null()))
        .count(db)
        .await?;
    Ok((figures, targets))
}
