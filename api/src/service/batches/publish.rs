//! Publishing a batch: every application in it becomes a designation and the batch is frozen;
//! and the public notice (通报) of a published batch.

use super::*;

/// Publishes a draft batch on a date (ADMIN of the designating tenant): every application in it
/// becomes a designation, and the batch is frozen.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn publish(
    state: &AppState,
    scope: &Scope,
    batch_id: BatchId,
    version: i32,
    published_on: NaiveDate,
    review_by: Option<NaiveDate>,
) -> Result<Batch, AppError> {
    let today = crate::domain::period::china_today();
    dates::within("publishedOn", published_on, today, Ahead::Year)?;
    if let Some(r) = review_by {
        dates::within("reviewBy", r, today, Ahead::Review)?;
    }
    if review_by.is_some_and(|r| r <= published_on) {
        return Err(AppError::bad_input("reviewBy", "the review date must come after the publication date"));
    }
    let txn = Write::begin(state, scope, Touch::Designations).await?;
    let b = own_draft(&txn, scope, batch_id, version).await?;
    let apps = members(&txn, scope, b.id).await?;
    if apps.is_empty() {
        return Err(AppError::conflict("batchId", "an empty batch cannot be published"));
    }
    for m in apps {
        let app: Application = m.try_into()?;
        let d = designation::ActiveModel {
            unit_id: Set(app.unit_id),
            unit_tenant_id: Set(app.unit_tenant_id),
            designating_tenant_id: Set(app.designating_tenant_id),
            category: Set(app.category.as_str().to_owned()),
            kind: Set(app.kind.as_str().to_owned()),
            level: Set(app.level.as_str().to_owned()),
            batch_id: Set(b.id),
            application_id: Set(app.id),
            designated_on: Set(published_on),
            review_by: Set(review_by),
            revoked_at: Set(None),
            revoke_reason: Set(None),
            version: Set(1),
            ..Default::default()
        };
        d.insert(&txn).await?;
        let changes =
            application::ActiveModel { status: Set(Status::Designated.as_str().to_owned()), ..Default::default() };
        applications::transition(&txn, scope, &app, app.version, changes, "DESIGNATE", None).await?;
    }
    let changes = batch::ActiveModel {
        status: Set(PUBLISHED.to_owned()),
        published_on: Set(Some(published_on)),
        review_by: Set(review_by),
        ..Default::default()
    };
    bump(&txn, scope, &b, changes).await?;
    let after = get(&txn, scope, b.id).await?;
    audit::record(
        &txn,
        Actor::from(scope),
        audit::Entry {
            tenant: b.tenant_id,
            action: "batch.publish",
            entity_type: "batch",
            entity_id: b.id.to_string(),
            before: Some(&b),
            after: Some(&after),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// One line of a public notice.
#[derive(Clone, Debug)]
pub struct NoticeEntry {
    pub unit_name: String,
    /// The unit's tenant and those above it, below the designating tenant, e.g. 鹿寨县寨沙镇.
    pub place: String,
    pub category: Category,
}

/// A published batch as a list fit for a public notice (通报), grouped by category in the order
/// of the ten categories, then by place. Three statements whatever the batch size.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn notice<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    batch_id: BatchId,
) -> Result<(Batch, Vec<NoticeEntry>), AppError> {
    let b = get(db, scope, batch_id).await?;
    if !b.published {
        return Err(AppError::conflict("batchId", "the batch is not published yet"));
    }
    let designations = scope
        .select::<designation::Entity>()
        .filter(designation::Column::BatchId.eq(b.id))
        .filter(designation::Column::RevokedAt.is_null())
        .all(db)
        .await?;
    let unit_ids: Vec<UnitId> = designations.iter().map(|d| d.unit_id).collect();
    let units: HashMap<UnitId, entity::unit::Model> = scope
        .select::<entity::unit::Entity>()
        .filter(entity::unit::Column::Id.is_in(unit_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let places = tenants::subtree_names(db, scope, b.tenant_id).await?;
    let mut entries = Vec::with_capacity(designations.len());
    for d in designations {
        let unit = units.get(&d.unit_id).ok_or_else(|| AppError::internal("designation without unit"))?;
        entries.push(NoticeEntry {
            unit_name: unit.name.clone(),
            place: places.path_below(b.tenant_id, d.unit_tenant_id),
            category: Category::parse(&d.category).ok_or_else(|| AppError::internal("bad category"))?,
        });
    }
    entries.sort_by(|a, b| {
        a.category.cmp(&b.category).then_with(|| a.place.cmp(&b.place)).then_with(|| a.unit_name.cmp(&b.unit_name))
    });
    Ok((b, entries))
}
