//! Drafting a batch: opening it with its quotas, adding approved applications and taking them
//! out again, each at the version the caller saw.

use super::*;

pub struct NewBatch {
    pub name: String,
    pub kind: DesignationKind,
    pub quotas: Vec<(Category, i32)>,
}

/// Opens a batch at the caller's own level (ADMIN).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn create(state: &AppState, scope: &Scope, input: NewBatch) -> Result<Batch, AppError> {
    scope.require(Role::Admin)?;
    let name = text::bounded("name", &input.name, 100)?;
    let mut seen = Vec::new();
    for (c, max) in &input.quotas {
        if *max < 1 {
            return Err(AppError::bad_input("quotas", format!("the quota for {} must be at least 1", c.as_str())));
        }
        if seen.contains(c) {
            return Err(AppError::bad_input("quotas", format!("{} has two quotas", c.as_str())));
        }
        seen.push(*c);
    }
    let txn = Write::begin(state, scope, Touch::Designations).await?;
    let home = tenants::get(&txn, scope, scope.home()).await?;
    let m = batch::ActiveModel {
        tenant_id: Set(home.id),
        level: Set(home.level.as_str().to_owned()),
        kind: Set(input.kind.as_str().to_owned()),
        name: Set(name),
        status: Set(DRAFT.to_owned()),
        published_on: Set(None),
        review_by: Set(None),
        version: Set(1),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for (c, max) in &input.quotas {
        batch_quota::Entity::insert(batch_quota::ActiveModel {
            batch_id: Set(m.id),
            category: Set(c.as_str().to_owned()),
            max_count: Set(*max),
        })
        .exec(&txn)
        .await?;
    }
    let created = load(&txn, m).await?;
    audit::record::<(), _>(
        &txn,
        Actor::from(scope),
        audit::Entry {
            tenant: created.tenant_id,
            action: "batch.create",
            entity_type: "batch",
            entity_id: created.id.to_string(),
            before: None,
            after: Some(&created),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// Adds approved applications to a draft batch (ADMIN of the designating tenant), all or none.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn add(
    state: &AppState,
    scope: &Scope,
    batch_id: BatchId,
    version: i32,
    application_ids: &[ApplicationId],
) -> Result<Batch, AppError> {
    if application_ids.is_empty() {
        return Err(AppError::bad_input("applicationIds", "name at least one application"));
    }
    let txn = Write::begin(state, scope, Touch::Designations).await?;
    let b = own_draft(&txn, scope, batch_id, version).await?;
    for id in application_ids {
        let app: Application = applications::get(&txn, scope, *id).await?;
        if app.status != Status::Approved || app.batch_id.is_some() {
            return Err(AppError::conflict(
                "applicationIds",
                format!("application {id} is not an approved application outside any batch"),
            ));
        }
        if app.designating_tenant_id != b.tenant_id || app.kind != b.kind {
            return Err(AppError::bad_input(
                "applicationIds",
                format!("application {id} is for another title or level than this batch"),
            ));
        }
        let changes = application::ActiveModel { batch_id: Set(Some(b.id)), ..Default::default() };
        applications::transition(&txn, scope, &app, app.version, changes, "ADD_TO_BATCH", None).await?;
    }
    check_quotas(&txn, scope, &b).await?;
    bump(&txn, scope, &b, <batch::ActiveModel as Default>::default()).await?;
    let after = get(&txn, scope, b.id).await?;
    audit::record(
        &txn,
        Actor::from(scope),
        audit::Entry {
            tenant: b.tenant_id,
            action: "batch.add",
            entity_type: "batch",
            entity_id: b.id.to_string(),
            before: Some(&b),
            after: Some(&serde_json::json!({ "added": application_ids })),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Takes an application out of a draft batch (ADMIN of the designating tenant).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn remove(
    state: &AppState,
    scope: &Scope,
    batch_id: BatchId,
    version: i32,
    application_id: ApplicationId,
) -> Result<Batch, AppError> {
    let txn = Write::begin(state, scope, Touch::Designations).await?;
    let b = own_draft(&txn, scope, batch_id, version).await?;
    let app = applications::get(&txn, scope, application_id).await?;
    if app.batch_id != Some(b.id) {
        return Err(AppError::bad_input("applicationId", "the application is not in this batch"));
    }
    let changes = application::ActiveModel { batch_id: Set(None), ..Default::default() };
    applications::transition(&txn, scope, &app, app.version, changes, "REMOVE_FROM_BATCH", None).await?;
    bump(&txn, scope, &b, <batch::ActiveModel as Default>::default()).await?;
    let after = get(&txn, scope, b.id).await?;
    txn.commit().await?;
    Ok(after)
}

/// CONFLICT when the batch holds more applications of a category than its quota allows.
async fn check_quotas<C: ConnectionTrait>(db: &C, scope: &Scope, b: &Batch) -> Result<(), AppError> {
    if b.quotas.is_empty() {
        return Ok(());
    }
    let mut counts: HashMap<String, i32> = HashMap::new();
    for m in members(db, scope, b.id).await? {
        *counts.entry(m.category).or_default() += 1;
    }
    for (category, max) in &b.quotas {
        let n = counts.get(category.as_str()).copied().unwrap_or(0);
        if n > *max {
            return Err(AppError::conflict(
                "applicationIds",
                format!(
                    "the batch's quota for {} ({}) is {max}; this would make it {n}",
                    category.as_str(),
                    category.label()
                ),
            ));
        }
    }
    Ok(())
}
