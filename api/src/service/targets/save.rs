//! The decomposition table saved whole: every column checked by the rules of one column, then
//! written in one transaction, all or none.

use super::*;

/// One indicator's column of a decomposition table being saved.
pub struct Column {
    pub indicator_id: IndicatorId,
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
#[tracing::instrument(level = "debug", skip_all)]
pub async fn save_decomposition(
    state: &AppState,
    scope: &Scope,
    period: &str,
    columns: Vec<Column>,
) -> Result<Vec<TargetRow>, AppError> {
    run(state, scope, period, columns, Mode::Apply(None)).await
}

/// [`save_decomposition`] of a table imported from an uploaded workbook: the import's audit row
/// names the file (kept, so the workbook can be read again).
pub async fn save_decomposition_from(
    state: &AppState,
    scope: &Scope,
    period: &str,
    columns: Vec<Column>,
    file: FileId,
) -> Result<Vec<TargetRow>, AppError> {
    run(state, scope, period, columns, Mode::Apply(Some(file))).await
}

/// Whether a table is saved (from an imported file, or not), or only checked.
enum Mode {
    Apply(Option<FileId>),
    Check,
}

/// Checks a decomposition table as [`save_decomposition`] would save it, and writes nothing:
/// the same refusals, named the same way (an import's dry run).
pub async fn check_decomposition(
    state: &AppState,
    scope: &Scope,
    period: &str,
    columns: Vec<Column>,
) -> Result<(), AppError> {
    run(state, scope, period, columns, Mode::Check).await.map(|_| ())
}

async fn run(
    state: &AppState,
    scope: &Scope,
    period: &str,
    columns: Vec<Column>,
    mode: Mode,
) -> Result<Vec<TargetRow>, AppError> {
    scope.require(Role::Admin)?;
    let period = Period::parse(period)?;
    if columns.iter().all(|c| c.target.is_none() && c.allocations.is_empty()) {
        return Err(AppError::bad_input("indicators", "至少填写一个目标或配额 / name at least one target or quota"));
    }
    let txn = Write::begin(state, scope, Touch::Targets).await?;
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
        if let Some(c) = check_column(&txn, scope, period, col, &prefix, &mut wrong).await? {
            checked.push(c);
        }
    }
    if !wrong.is_empty() {
        return Err(AppError::lines(wrong));
    }
    let Mode::Apply(source) = mode else {
        // Checked only: the transaction is dropped unwritten (rolled back).
        return Ok(Vec::new());
    };
    let (out, changed) = write_columns(&txn, scope, period, checked).await?;
    if changed && let Some(file) = source {
        txn.audit(audit::Entry {
            tenant: scope.home(),
            action: "decomposition.import",
            entity_type: "file",
            entity_id: file.to_string(),
            before: None::<&()>,
            after: Some(&serde_json::json!({ "period": period.to_string() })),
        })?;
    }
    if changed {
        txn.commit().await?;
    }
    // Nothing changed: the transaction is dropped unwritten (rolled back).
    Ok(out)
}

/// Checks one column: the indicator (usable by the caller), its own target and its quotas.
/// Wrong lines about the input go to `wrong`, named under `prefix`; None when the indicator
/// itself is wrong.
async fn check_column(
    txn: &Write,
    scope: &Scope,
    period: Period,
    col: Column,
    prefix: &str,
    wrong: &mut Vec<AppError>,
) -> Result<Option<CheckedColumn>, AppError> {
    let ind = match indicators::usable(txn, scope, col.indicator_id).await {
        Ok(ind) => ind,
        Err(e) if e.is_about_input() => {
            wrong.push(e.at(prefix));
            return Ok(None);
        }
        Err(e) => return Err(e),
    };
    let mut unchanged = Vec::new();
    let mut target = None;
    if let Some(value) = col.target {
        let existing = row(txn, scope, scope.home(), ind.id, period).await?;
        match check_target(&ind, period, existing.as_ref(), value) {
            Ok(v) => match existing {
                Some(m) if m.target_value == Some(v.0) => unchanged.push(TargetRow::from(&m)),
                existing => target = Some((existing, v)),
            },
            Err(e) if e.is_about_input() => wrong.push(e.at(prefix)),
            Err(e) => return Err(e),
        }
    }
    let lines =
        check_quotas(txn, scope, &ind, period, col.allocations, &format!("{prefix}.allocations"), wrong).await?;
    let (same, quotas): (Vec<_>, Vec<_>) =
        lines.into_iter().partition(|l| l.existing.as_ref().is_some_and(|m| m.quota == Some(l.quota.0)));
    unchanged.extend(same.iter().filter_map(|l| l.existing.as_ref()).map(TargetRow::from));
    Ok(Some(CheckedColumn { ind, target, quotas, unchanged }))
}

/// The own target as a quantity: of the indicator's value type, within the bounds of a goal,
/// and not below the quota handed down.
fn check_target(
    ind: &Indicator,
    period: Period,
    existing: Option<&target::Model>,
    value: Decimal,
) -> Result<Quantity, AppError> {
    ind.value_type.check("target", value).and_then(|v| Quantity::goal("target", v)).and_then(|v| {
        match below_quota(existing, v) {
            Some(quota) => Err(AppError::bad_input(
                "target",
                format!(
                    "本级目标 {} 低于上级下达的配额 {}（{period}） / the target {} is below the quota {} handed down for {period}",
                    show(v, ind),
                    show(quota, ind),
                    show(v, ind),
                    show(quota, ind)
                ),
            )),
            None => Ok(v),
        }
    })
}

/// Writes the checked columns: each changed own target, then its changed quotas. Answers the
/// rows of every line named, column by column, and whether anything was written.
async fn write_columns(
    txn: &Write,
    scope: &Scope,
    period: Period,
    checked: Vec<CheckedColumn>,
) -> Result<(Vec<TargetRow>, bool), AppError> {
    let home = scope.home();
    let mut out = Vec::new();
    let mut changed = false;
    for col in checked {
        out.extend(col.unchanged);
        if let Some((existing, value)) = col.target {
            changed = true;
            let saved =
                write(txn, scope, existing, (home, col.ind.id, period), Some(Some(value.0)), None, "target.set")
                    .await?;
            out.push(TargetRow::from(&saved));
        }
        changed |= !col.quotas.is_empty();
        out.extend(write_quotas(txn, scope, &col.ind, period, col.quotas).await?);
    }
    Ok((out, changed))
}
