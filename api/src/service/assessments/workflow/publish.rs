//! Publishing a round: once every record is FINAL, the ranking and the notice are read by the
//! assessing level and above.

use super::*;

/// Publishes a round once every record is FINAL (REVIEWER of the round's tenant).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn publish(state: &AppState, scope: &Scope, id: RoundId, version: i32) -> Result<Round, AppError> {
    scope.require(Role::Reviewer)?;
    let txn = Write::begin(state, scope, Touch::Assessments).await?;
    let before = round(&txn, scope, id).await?;
    scope.require_home(before.tenant_id, "publishing a round")?;
    if before.status == RoundStatus::Published {
        return Err(AppError::conflict("id", "the round is already published"));
    }
    let open = scope
        .select::<record::Entity>()
        .filter(record::Column::RoundId.eq(id))
        .filter(record::Column::Status.ne(Status::Final.as_str()))
        .count(&txn)
        .await?;
    if open > 0 {
        return Err(AppError::conflict("id", format!("{open} records are not FINAL yet; publish once all are")));
    }
    let changes = round::ActiveModel {
        status: Set(RoundStatus::Published.as_str().to_owned()),
        published_at: Set(Some(Utc::now())),
        version: Set(crate::domain::version::next(version)?),
        ..Default::default()
    };
    scope
        .update_versioned::<round::Entity, _>(
            &txn,
            (round::Column::Id, id),
            (round::Column::Version, version),
            changes,
            "assessment round",
        )
        .await?;
    let after = round(&txn, scope, id).await?;
    audit::record(
        &txn,
        Actor::from(scope),
        audit::Entry {
            tenant: after.tenant_id,
            action: "assessment_round.publish",
            entity_type: "assessment_round",
            entity_id: id.to_string(),
            before: Some(&before),
            after: Some(&after),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}
