//! Withdrawing a figure: a new version with value 0 that no longer counts.

use super::*;

/// Withdraws a current figure (REPORTER of its tenant, while its period is not locked): a new
/// version with value 0 marked withdrawn, kept in the history; the figure leaves the
/// aggregates. `version` is the version the caller saw (CONFLICT if it has moved on).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn withdraw(
    state: &AppState,
    scope: &Scope,
    report_id: ReportId,
    version: i32,
    reason: String,
) -> Result<Report, AppError> {
    scope.require(Role::Reporter)?;
    let reason = text::optional("reason", &reason, text::REASON_MAX)?;
    let txn = Write::begin(state, scope, Touch::Figures).await?;
    unscoped::lock_for_reporting(&txn, scope.home()).await?;
    let found = scope
        .select::<report::Entity>()
        .filter(report::Column::Id.eq(report_id))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound { entity: "report" })?;
    scope.require_home(found.tenant_id, "withdrawing a figure")?;
    let period = Period::parse(&found.period).map_err(|_| AppError::internal("a stored period is corrupt"))?;
    let mut current = current_figures(
        &txn,
        scope,
        BTreeSet::from([found.subject.as_str()]),
        BTreeSet::from([found.indicator_id]),
        BTreeSet::from([found.year]),
    )
    .await?;
    let figures = current.entry((found.subject.clone(), found.indicator_id, found.year)).or_default();
    let live = live_figure(figures, period, report_id, version)?;
    let Prior::Stored(before) = &live.prior else { return Err(AppError::internal("a stored figure is not stored")) };
    let owner = found.tenant_id;
    if let Some(lock) = unscoped::report_lock(&txn, owner, &period).await? {
        return Err(AppError::conflict("period", lock.message(&period)));
    }
    let changes = counting(period, live.value, -1, figures);
    let up = unscoped::ancestors_or_self_ids(&txn, owner).await?;
    let mut deltas = Deltas::new();
    gather(&mut deltas, &up, found.indicator_id, &changes).map_err(|k| over_bound(&k))?;
    let withdrawn = insert_withdrawal(&txn, scope, &found, before.id, live.version + 1, reason).await?;
    audit::record(
        &txn,
        Actor::from(scope),
        audit::Entry {
            tenant: owner,
            action: "report.withdraw",
            entity_type: "report",
            entity_id: withdrawn.id.to_string(),
            before: Some(&**before),
            after: Some(&withdrawn),
        },
    )
    .await?;
    apply_deltas(&txn, &deltas).await?;
    txn.commit().await?;
    Ok(withdrawn)
}

/// Takes the figure of `period` out of `figures` if it is the live version `report_id` at
/// `version`; CONFLICT when it was corrected or withdrawn since, or is at another version.
fn live_figure(
    figures: &mut Vec<Figure>,
    period: Period,
    report_id: ReportId,
    version: i32,
) -> Result<Figure, AppError> {
    let corrected =
        || AppError::conflict("id", "该数值已被更正，请刷新后再试 / this figure has been corrected since; reload it");
    let Some(k) = figures.iter().position(|f| f.period == period) else { return Err(corrected()) };
    let live = figures.swap_remove(k);
    let Prior::Stored(stored) = &live.prior else { return Err(AppError::internal("a stored figure is not stored")) };
    if live.withdrawn {
        return Err(AppError::conflict("id", "该数值已撤回 / this figure is withdrawn already"));
    }
    if stored.id != report_id {
        return Err(corrected());
    }
    if live.version != version {
        return Err(AppError::conflict(
            "version",
            format!(
                "该数值已是第 {} 版，请刷新后再试 / the figure is at version {}, not {version}: reload it",
                live.version, live.version
            ),
        ));
    }
    Ok(live)
}

/// Retires the live version `retired` and inserts its withdrawal as version `version`: value
/// 0, no evidence, the reason as its note.
async fn insert_withdrawal(
    txn: &Write,
    scope: &Scope,
    found: &report::Model,
    retired: ReportId,
    version: i32,
    reason: String,
) -> Result<Report, AppError> {
    scope
        .update::<report::Entity>()
        .col_expr(report::Column::IsCurrent, Expr::value(false))
        .filter(report::Column::Id.eq(retired))
        .exec(txn)
        .await?;
    let model = report::ActiveModel {
        tenant_id: Set(found.tenant_id),
        unit_id: Set(found.unit_id),
        subject: Set(found.subject.clone()),
        indicator_id: Set(found.indicator_id),
        period: Set(found.period.clone()),
        year: Set(found.year),
        granularity: Set(found.granularity.clone()),
        value: Set(0),
        note: Set(reason),
        evidence: Set("[]".to_owned()),
        version: Set(version),
        is_current: Set(true),
        withdrawn: Set(true),
        reported_by: Set(scope.user_id()),
        reported_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await
    .map_err(|e| AppError::on_unique(e, "id", "the figure changed at the same moment; reload it"))?;
    Report::try_from(model)
}
