//! Inspections (督查): the visit a level made, its leading officials, places and summary.

use super::*;
pub use crate::domain::inspection::{InspectionInput, PlaceInput};
use crate::domain::inspection::{InspectionSpec, PlaceRef, PlaceSpec};

#[derive(Clone, Debug, Serialize)]
pub struct Inspection {
    pub id: InspectionId,
    pub tenant_id: TenantId,
    pub title: String,
    pub inspected_on: NaiveDate,
    pub leaders: Vec<String>,
    pub summary: String,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<inspection::Model> for Inspection {
    type Error = AppError;
    fn try_from(m: inspection::Model) -> Result<Self, AppError> {
        Ok(Inspection {
            id: m.id,
            tenant_id: m.tenant_id,
            title: m.title,
            inspected_on: m.inspected_on,
            leaders: serde_json::from_str(&m.leaders).map_err(AppError::internal)?,
            summary: m.summary,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Place {
    pub id: PlaceId,
    pub tenant_id: TenantId,
    pub unit_id: Option<UnitId>,
    pub note: String,
}

/// Resolves the places against the caller's scope (whose home is the inspecting tenant):
/// (place tenant, unit, note).
async fn resolve_places<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    places: &[PlaceSpec],
) -> Result<Vec<(TenantId, Option<UnitId>, String)>, AppError> {
    let mut out = Vec::with_capacity(places.len());
    for p in places {
        let note = p.note.clone();
        match p.place {
            PlaceRef::Unit(unit_id) => {
                let unit = units::get(db, scope, unit_id).await?;
                out.push((unit.tenant_id, Some(unit.id), note));
            }
            PlaceRef::Tenant(t) => {
                scope.check_tenant(db, t, "tenant").await?;
                if t == scope.home() {
                    return Err(AppError::bad_input(
                        "places.tenantId",
                        "places visited are tenants below the inspecting tenant (or units)",
                    ));
                }
                out.push((t, None, note));
            }
        }
    }
    Ok(out)
}

async fn insert_places<C: ConnectionTrait>(
    db: &C,
    inspection: &Inspection,
    places: Vec<(TenantId, Option<UnitId>, String)>,
) -> Result<(), AppError> {
    for (t, unit, note) in places {
        inspection_place::ActiveModel {
            inspection_id: Set(inspection.id),
            tenant_id: Set(inspection.tenant_id),
            place_tenant_id: Set(t),
            unit_id: Set(unit),
            note: Set(note),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// An inspection in scope, or NOT_FOUND.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn get_inspection<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    id: InspectionId,
) -> Result<Inspection, AppError> {
    scope.get::<inspection::Entity>(db, id).await?.try_into()
}

/// Records an inspection made by the caller's own tenant (REVIEWER). One transaction with its
/// places and the audit row.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn create_inspection(
    state: &AppState,
    scope: &Scope,
    input: InspectionInput,
) -> Result<Inspection, AppError> {
    scope.require(Role::Reviewer)?;
    let spec = InspectionSpec::parse(input, china_today())?;
    let txn = Write::begin(state, scope, Touch::Supervision).await?;
    let places = resolve_places(&txn, scope, &spec.places).await?;
    let now = Utc::now();
    let created: Inspection = inspection::ActiveModel {
        tenant_id: Set(scope.home()),
        title: Set(spec.title.clone()),
        inspected_on: Set(spec.inspected_on),
        leaders: Set(serde_json::to_string(&spec.leaders).map_err(AppError::internal)?),
        summary: Set(spec.summary.clone()),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?
    .try_into()?;
    insert_places(&txn, &created, places).await?;
    audit_inspection(&txn, scope, "inspection.create", None, &created, &spec.places).await?;
    txn.commit().await?;
    Ok(created)
}

/// Edits an inspection (REVIEWER of the inspecting tenant) at the version read; the places are
/// replaced. The date cannot move past the deadline of a task already opened on it.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn update_inspection(
    state: &AppState,
    scope: &Scope,
    id: InspectionId,
    version: i32,
    input: InspectionInput,
) -> Result<Inspection, AppError> {
    scope.require(Role::Reviewer)?;
    let spec = InspectionSpec::parse(input, china_today())?;
    let txn = Write::begin(state, scope, Touch::Supervision).await?;
    let before = get_inspection(&txn, scope, id).await?;
    scope.require_home(before.tenant_id, "editing an inspection")?;
    let earliest = scope
        .select::<rectification_task::Entity>()
        .filter(rectification_task::Column::InspectionId.eq(id))
        .filter(rectification_task::Column::Deadline.lt(spec.inspected_on))
        .one(&txn)
        .await?;
    if let Some(t) = earliest {
        return Err(AppError::bad_input(
            "inspectedOn",
            format!("task {} has deadline {}; a deadline cannot precede the inspection", t.id, t.deadline),
        ));
    }
    let places = resolve_places(&txn, scope, &spec.places).await?;
    let changes = inspection::ActiveModel {
        title: Set(spec.title.clone()),
        inspected_on: Set(spec.inspected_on),
        leaders: Set(serde_json::to_string(&spec.leaders).map_err(AppError::internal)?),
        summary: Set(spec.summary.clone()),
        version: Set(crate::domain::version::next(version)?),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    scope
        .update_versioned::<inspection::Entity, _>(
            &txn,
            (inspection::Column::Id, id),
            (inspection::Column::Version, version),
            changes,
            "inspection",
        )
        .await?;
    // Replace the places (a scoped delete: rows of this inspection owned in scope).
    scope.delete::<inspection_place::Entity>().filter(inspection_place::Column::InspectionId.eq(id)).exec(&txn).await?;
    let after = get_inspection(&txn, scope, id).await?;
    insert_places(&txn, &after, places).await?;
    audit_inspection(&txn, scope, "inspection.update", Some(&before), &after, &spec.places).await?;
    txn.commit().await?;
    Ok(after)
}

async fn audit_inspection(
    db: &Write,
    scope: &Scope,
    action: &str,
    before: Option<&Inspection>,
    after: &Inspection,
    places: &[PlaceSpec],
) -> Result<(), AppError> {
    let places: Vec<serde_json::Value> = places
        .iter()
        .map(|p| {
            let (tenant, unit) = match p.place {
                PlaceRef::Tenant(t) => (Some(t), None),
                PlaceRef::Unit(u) => (None, Some(u)),
            };
            serde_json::json!({ "tenantId": tenant, "unitId": unit, "note": p.note })
        })
        .collect();
    audit::record(
        db,
        Actor::from(scope),
        audit::Entry {
            tenant: after.tenant_id,
            action,
            entity_type: "inspection",
            entity_id: after.id.to_string(),
            before,
            after: Some(&serde_json::json!({ "inspection": after, "places": places })),
        },
    )
    .await
}

/// The places an inspection in scope visited, in the order given.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn places<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    inspection_id: InspectionId,
) -> Result<Vec<Place>, AppError> {
    Ok(scope
        .select::<inspection_place::Entity>()
        .filter(inspection_place::Column::InspectionId.eq(inspection_id))
        .order_by_asc(inspection_place::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|p| Place { id: p.id, tenant_id: p.place_tenant_id, unit_id: p.unit_id, note: p.note })
        .collect())
}

#[derive(Clone, Debug, Default)]
pub struct InspectionFilter {
    /// Inspections made by tenants of this tenant's subtree.
    pub tenant: Option<TenantId>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Inspections made by tenants in scope, filtered, oldest id first.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn list_inspections<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    f: InspectionFilter,
    req: PageRequest,
) -> Result<Page<Inspection>, AppError> {
    let mut q = scope.select::<inspection::Entity>();
    if let Some(t) = f.tenant {
        scope.check_tenant(db, t, "tenant").await?;
        q = q.filter(inspection::Column::TenantId.in_subquery(subtree_of(t)));
    }
    let today = china_today();
    if let Some(from) = f.from {
        dates::within("from", from, today, Ahead::Year)?;
        q = q.filter(inspection::Column::InspectedOn.gte(from));
    }
    if let Some(to) = f.to {
        dates::within("to", to, today, Ahead::Year)?;
        q = q.filter(inspection::Column::InspectedOn.lte(to));
    }
    page::fetch(db, q, inspection::Column::Id, req).await?.try_map(Inspection::try_from)
}
