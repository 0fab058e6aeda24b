//! Figures from an imported workbook (`service::imports::figures`): the lines of [`report`]
//! (the same checks, versions, aggregates and write path) without its batch size, up to
//! [`IMPORT_MAX`] in one transaction, all or none, the import's audit row naming the file. A
//! dry run writes them and rolls back, so it refuses exactly what applying would.

use super::*;

/// Most figures one import takes.
pub const IMPORT_MAX: usize = 20_000;

/// Writes (with `apply`, naming the file) or tries (rolled back) the figures of an import;
/// answers how many lines were written. Refused lines come back as `reports[i]…` errors.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn import_lines(
    state: &AppState,
    scope: &Scope,
    items: Vec<NewReport>,
    apply: Option<FileId>,
) -> Result<usize, AppError> {
    scope.require(Role::Reporter)?;
    if items.len() > IMPORT_MAX {
        return Err(AppError::bad_input(
            "fileId",
            format!("一次最多导入 {IMPORT_MAX} 个数值 / at most {IMPORT_MAX} figures in one import"),
        ));
    }
    let txn = Write::begin(state, scope, Touch::Figures).await?;
    unscoped::lock_for_reporting(&txn, scope.home()).await?;
    let saved = write_lines(state, &txn, scope, items).await?;
    let Some(file) = apply else {
        // A dry run: dropped unwritten (rolled back).
        return Ok(saved.len());
    };
    txn.audit(audit::Entry {
        tenant: scope.home(),
        action: "figures.import",
        entity_type: "file",
        entity_id: file.to_string(),
        before: None::<&()>,
        after: Some(&serde_json::json!({ "figures": saved.len() })),
    })?;
    txn.commit().await?;
    Ok(saved.len())
}
