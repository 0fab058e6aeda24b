//! The decomposition table (任务分解表) from Excel: a level's own targets (its own row) and the
//! quotas of its direct children (a row each), one column per indicator, rows matched by
//! division code (never by name). The dry run answers, cell by cell (`D7`), what would be
//! created, changed, left as it is, or refused and why; applying saves the whole table through
//! `targets::save_decomposition` (the rules and the write path of the API), all or none, and the
//! import's audit row names the file, which stays kept.

use std::collections::HashMap;

use super::load;
use super::plan::{self, Action, Grid, Plan, meta_of, refuse_by_rules};
use crate::auth::Scope;
use crate::domain::ids::*;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::service::targets::{self, Column};
use crate::state::AppState;

/// The main sheet of the template.
pub const SHEET: &str = "任务分解表";
/// What the hidden sheet calls this kind of template, and its version.
pub const KIND: &str = "decomposition";
pub const VERSION: &str = "1";

/// Reads an uploaded workbook, plans the import, and applies it when `apply` and nothing is
/// refused (ADMIN of the template's tenant). Applying with a refused cell is an error naming
/// every refused cell (`extensions.lines`, field = the cell), with nothing written.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn import(state: &AppState, scope: &Scope, file_id: FileId, apply: bool) -> Result<Plan, AppError> {
    scope.require(Role::Admin)?;
    let (meta_sheet, main, home) = load(state, scope, file_id, SHEET).await?;
    let meta = meta_of(meta_sheet.as_ref(), KIND, VERSION, scope, &home)?;
    let (tenant, tables) = targets::table(&state.db, scope, scope.home(), &meta.period).await?;
    let mut rows: HashMap<String, (TenantId, String)> =
        HashMap::from([(tenant.code.clone(), (tenant.id, tenant.name.clone()))]);
    if let Some(first) = tables.first() {
        rows.extend(first.children.iter().map(|c| (c.tenant.code.clone(), (c.tenant.id, c.tenant.name.clone()))));
    }
    let indicators =
        tables.iter().map(|d| (d.indicator.id, (d.indicator.name.clone(), d.indicator.measure_unit.clone()))).collect();
    let before = |t: TenantId, ind: IndicatorId| {
        let d = tables.iter().find(|d| d.indicator.id == ind)?;
        if t == tenant.id { d.own_target } else { d.children.iter().find(|c| c.tenant.id == t)?.quota }
    };
    let unknown = |code: &str| {
        format!(
            "区划代码“{code}”不是{}或其直属下级 / the division code {code:?} is neither {} nor one of its direct children",
            tenant.name, tenant.code
        )
    };
    let grid = Grid { rows: &rows, indicators: &indicators, before: &before, unknown: &unknown };
    let (mut cells, placed) = plan::plan(&main, &meta, &grid);
    // The table to save, one column per indicator of the template, and the field each figure is
    // sent under, so that the rules' refusals land on their cells.
    let mut columns: Vec<Column> =
        tables.iter().map(|d| Column { indicator_id: d.indicator.id, target: None, allocations: Vec::new() }).collect();
    let mut sources = HashMap::new();
    for p in &placed {
        let Some(i) = columns.iter().position(|c| c.indicator_id == p.indicator) else { continue };
        let field = if p.key == tenant.id {
            columns[i].target = Some(p.value);
            format!("indicators[{i}].target")
        } else {
            columns[i].allocations.push((p.key, p.value));
            format!("indicators[{i}].allocations[{}]", columns[i].allocations.len() - 1)
        };
        sources.insert(field, p.cell);
    }
    // The rules run on every figure read, so that a dry run shows every refusal at once; a save
    // runs only when no cell is refused.
    if !placed.is_empty() {
        let clean = cells.iter().all(|c| c.action != Action::Refused);
        let period = &meta.period;
        let checked = match apply && clean {
            true => targets::save_decomposition_from(state, scope, period, columns, file_id).await.map(|_| ()),
            false => targets::check_decomposition(state, scope, period, columns).await,
        };
        if let Err(e) = checked {
            refuse_by_rules(&mut cells, &sources, e)?;
        }
    }
    let mut out = Plan { kind: KIND, tenant, period: meta.period, file: file_id, applied: false, cells };
    let refused = out.refusals();
    if apply && !refused.is_empty() {
        return Err(AppError::lines(refused));
    }
    out.applied = apply && out.cells.iter().any(|c| matches!(c.action, Action::Create | Action::Change));
    Ok(out)
}
