//! Findings (问题) of an inspection.

use super::*;

#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub id: FindingId,
    pub inspection_id: InspectionId,
    pub tenant_id: TenantId,
    pub description: String,
    pub created_at: DateTime<Utc>,
}

impl From<finding::Model> for Finding {
    fn from(m: finding::Model) -> Self {
        Finding {
            id: m.id,
            inspection_id: m.inspection_id,
            tenant_id: m.tenant_id,
            description: m.description,
            created_at: m.created_at,
        }
    }
}

/// A finding in scope, or NOT_FOUND.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn get_finding<C: ConnectionTrait>(db: &C, scope: &Scope, id: FindingId) -> Result<Finding, AppError> {
    Ok(scope.get::<finding::Entity>(db, id).await?.into())
}

/// The findings of an inspection in scope, in the order recorded.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn findings<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    inspection_id: InspectionId,
) -> Result<Vec<Finding>, AppError> {
    Ok(scope
        .select::<finding::Entity>()
        .filter(finding::Column::InspectionId.eq(inspection_id))
        .order_by_asc(finding::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(Finding::from)
        .collect())
}

/// Records a finding of an inspection (REVIEWER of the inspecting tenant).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn add_finding(
    state: &AppState,
    scope: &Scope,
    inspection_id: InspectionId,
    description: &str,
) -> Result<Finding, AppError> {
    scope.require(Role::Reviewer)?;
    let description = text::bounded("description", description, LONG_MAX)?;
    let txn = Write::begin(state, scope, Touch::Supervision).await?;
    let insp = get_inspection(&txn, scope, inspection_id).await?;
    scope.require_home(insp.tenant_id, "recording a finding")?;
    let created: Finding = finding::ActiveModel {
        inspection_id: Set(insp.id),
        tenant_id: Set(insp.tenant_id),
        description: Set(description),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?
    .into();
    audit::record(
        &txn,
        Actor::from(scope),
        audit::Entry {
            tenant: insp.tenant_id,
            action: "finding.create",
            entity_type: "finding",
            entity_id: created.id.to_string(),
            before: None::<&Finding>,
            after: Some(&created),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}
