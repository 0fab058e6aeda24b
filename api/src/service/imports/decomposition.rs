//! The decomposition table (任务分解表) from Excel: a level's own targets (its own row) and the
//! quotas of its direct children (a row each), one column per indicator, rows matched by
//! division code (never by name). The dry run answers, cell by cell (`D7`), what would be
//! created, changed, left as it is, or refused and why; applying saves the whole table through
//! `targets::save_decomposition` (the rules and the write path of the API), all or none, and the
//! import's audit row names the file, which stays kept.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::{MARK, MAX_FILE, META_SHEET, Sheet, read_sheets};
use crate::auth::Scope;
use crate::domain::file::Kind;
use crate::domain::ids::*;
use crate::domain::role::Role;
use crate::domain::sheet::{Cell, cell_name, figure};
use crate::error::AppError;
use crate::service::files;
use crate::service::targets::{self, Column, Decomposition};
use crate::service::tenants::Tenant;
use crate::state::AppState;

/// The main sheet of the template.
pub const SHEET: &str = "任务分解表";
/// What the hidden sheet calls this kind of template, and its version.
pub const KIND: &str = "decomposition";
pub const VERSION: &str = "1";
/// Rows of the main sheet: the title, the header, the level's own row, then one per child.
pub const HEADER_ROW: usize = 1;
pub const OWN_ROW: usize = 2;
/// Columns: the division code, the name, then one per indicator.
pub const FIRST_VALUE_COL: usize = 2;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Create,
    Change,
    Unchanged,
    Refused,
}

/// What the import does with one filled-in cell.
#[derive(Clone, Debug)]
pub struct CellPlan {
    pub cell: String,
    /// The division code of the row, and the tenant it names (when it names one).
    pub code: String,
    pub tenant: Option<(TenantId, String)>,
    pub indicator: Option<(IndicatorId, String)>,
    pub action: Action,
    pub before: Option<Decimal>,
    pub after: Option<Decimal>,
    /// Why a cell is refused.
    pub message: Option<String>,
}

/// An import's answer.
pub struct Plan {
    pub tenant: Tenant,
    pub period: String,
    pub file: FileId,
    pub applied: bool,
    pub cells: Vec<CellPlan>,
}

impl Plan {
    pub fn count(&self, action: Action) -> usize {
        self.cells.iter().filter(|c| c.action == action).count()
    }
}

/// What the hidden sheet says a template is for: the period and the indicator of each column.
struct Meta {
    period: String,
    columns: Vec<(usize, IndicatorId)>,
}

fn meta_of(meta: Option<&Sheet>, scope: &Scope, home: &Tenant) -> Result<Meta, AppError> {
    let not_template = || {
        AppError::bad_input(
            "fileId",
            "这不是石榴的任务分解表模板，请先下载模板再填写 / this is not a Shiliu decomposition template: download the template and fill it in",
        )
    };
    let m = meta.ok_or_else(not_template)?;
    if m.text(0, 0) != MARK || m.text(0, 1) != KIND {
        return Err(not_template());
    }
    if m.text(0, 2) != VERSION {
        return Err(AppError::bad_input(
            "fileId",
            "模板版本已过时，请重新下载模板 / the template is of an older version: download it again",
        ));
    }
    if m.text(1, 1) != scope.home().to_string() {
        return Err(AppError::bad_input(
            "fileId",
            format!(
                "该模板属于区划 {}，不是{}（{}），请下载本级模板 / the template is for {}, not for {}: download your own",
                m.text(1, 2),
                home.name,
                home.code,
                m.text(1, 2),
                home.code
            ),
        ));
    }
    let width = m.rows.get(3).map_or(0, Vec::len);
    let columns = (FIRST_VALUE_COL..width)
        .filter_map(|c| m.text(3, c).parse::<i64>().ok().map(|id| (c, IndicatorId(id))))
        .collect();
    Ok(Meta { period: m.text(2, 1), columns })
}

/// Reads an uploaded workbook, plans the import, and applies it when `apply` and nothing is
/// refused (ADMIN of the template's tenant). Applying with a refused cell is an error naming
/// every refused cell (`extensions.lines`, field = the cell), with nothing written.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn import(state: &AppState, scope: &Scope, file_id: FileId, apply: bool) -> Result<Plan, AppError> {
    scope.require(Role::Admin)?;
    let file = files::get(state, scope, file_id).await.map_err(|e| match e {
        AppError::NotFound { entity } => AppError::NotFoundAt { entity, field: "fileId".to_owned() },
        e => e,
    })?;
    if file.content_type != Kind::Xlsx.content_type() || file.size > MAX_FILE {
        return Err(AppError::bad_input(
            "fileId",
            format!(
                "请上传填好的 .xlsx 模板（不超过 {} MB）/ upload the filled-in .xlsx template (at most {MAX_FILE} bytes)",
                MAX_FILE >> 20
            ),
        ));
    }
    let key = crate::domain::file::content_key(&file.sha256);
    let bytes = state
        .blobs
        .get_bytes(&key)
        .await?
        .ok_or_else(|| AppError::internal("an uploaded file's content is missing"))?;
    let mut sheets = tokio::task::spawn_blocking(move || read_sheets(bytes.to_vec(), &[META_SHEET, SHEET]))
        .await
        .map_err(AppError::internal)??;
    let main = sheets.pop().flatten();
    let meta_sheet = sheets.pop().flatten();
    let home = crate::service::tenants::get(&state.db, scope, scope.home()).await?;
    let meta = meta_of(meta_sheet.as_ref(), scope, &home)?;
    let main = main.ok_or_else(|| {
        AppError::bad_input("fileId", format!("模板缺少“{SHEET}”工作表 / the sheet {SHEET} is missing"))
    })?;
    let (tenant, tables) = targets::table(&state.db, scope, scope.home(), &meta.period).await?;
    let mut planned = plan(&main, &meta, &tenant, &tables);
    // The rules run on every figure read, so that a dry run shows every refusal at once; a save
    // runs only when no cell is refused.
    if planned.columns.iter().any(has_figures) {
        let clean = planned.cells.iter().all(|c| c.action != Action::Refused);
        let period = &meta.period;
        let checked = match apply && clean {
            true => targets::save_decomposition_from(state, scope, period, planned.take_columns(), file_id)
                .await
                .map(|_| ()),
            false => targets::check_decomposition(state, scope, period, planned.take_columns()).await,
        };
        if let Err(e) = checked {
            refuse_by_rules(&mut planned, e)?;
        }
    }
    let refused: Vec<AppError> = planned
        .cells
        .iter()
        .filter(|c| c.action == Action::Refused)
        .map(|c| AppError::bad_input(c.cell.clone(), c.message.clone().unwrap_or_default()))
        .collect();
    if apply && !refused.is_empty() {
        return Err(AppError::lines(refused));
    }
    let applied = apply && planned.cells.iter().any(|c| matches!(c.action, Action::Create | Action::Change));
    Ok(Plan { tenant, period: meta.period, file: file_id, applied, cells: planned.cells })
}

fn has_figures(c: &Column) -> bool {
    c.target.is_some() || !c.allocations.is_empty()
}

/// The cells planned, the columns to save, and which cell each saved figure came from
/// (`indicators[i].target`, `indicators[i].allocations[j]`).
struct Planned {
    cells: Vec<CellPlan>,
    columns: Vec<Column>,
    sources: HashMap<String, usize>,
}

impl Planned {
    fn take_columns(&mut self) -> Vec<Column> {
        std::mem::take(&mut self.columns)
    }
}

/// Marks the cells the rules refused (`save_decomposition`'s lines, by their fields); an error
/// that is not about the input stays an error.
fn refuse_by_rules(planned: &mut Planned, e: AppError) -> Result<(), AppError> {
    let lines = match e {
        AppError::Lines(lines) => lines,
        e if e.is_about_input() => vec![e],
        e => return Err(e),
    };
    for line in lines {
        let field = line.field().unwrap_or_default().to_owned();
        let at = planned.sources.iter().find(|(k, _)| {
            field == k.as_str() || field.strip_prefix(k.as_str()).is_some_and(|rest| rest.starts_with('.'))
        });
        match at.map(|(_, i)| *i) {
            Some(i) => {
                let c = &mut planned.cells[i];
                c.action = Action::Refused;
                c.message = Some(line.message());
            }
            None => return Err(line),
        }
    }
    Ok(())
}

/// Plans every filled-in cell of the main sheet against the table as it stands.
fn plan(main: &Sheet, meta: &Meta, tenant: &Tenant, tables: &[Decomposition]) -> Planned {
    let mut planned = Planned { cells: Vec::new(), columns: Vec::new(), sources: HashMap::new() };
    let by_id: HashMap<IndicatorId, (usize, &Decomposition)> =
        tables.iter().enumerate().map(|(i, d)| (d.indicator.id, (i, d))).collect();
    planned.columns =
        tables.iter().map(|d| Column { indicator_id: d.indicator.id, target: None, allocations: Vec::new() }).collect();
    let mut seen_codes: Vec<String> = Vec::new();
    for r in OWN_ROW..main.rows.len() {
        let code = main.text(r, 0);
        if code.is_empty() && (FIRST_VALUE_COL..main.rows[r].len()).all(|c| main.cell(r, c) == &Cell::Empty) {
            continue;
        }
        let row = Row { r, tenant: row_tenant(&code, tenant, tables), duplicate: seen_codes.contains(&code), code };
        seen_codes.push(row.code.clone());
        for &(c, ind_id) in &meta.columns {
            plan_cell(&mut planned, main, &row, c, ind_id, &by_id, tenant);
        }
    }
    planned
}

/// A row of the main sheet: its index, its division code, the tenant it names, and whether the
/// code was on a row above already.
struct Row {
    r: usize,
    code: String,
    tenant: Option<(TenantId, String)>,
    duplicate: bool,
}

/// Plans one cell: refused with why, or the figure it puts where, against the one standing.
fn plan_cell(
    planned: &mut Planned,
    main: &Sheet,
    row: &Row,
    c: usize,
    ind_id: IndicatorId,
    by_id: &HashMap<IndicatorId, (usize, &Decomposition)>,
    tenant: &Tenant,
) {
    let raw = main.cell(row.r, c);
    let mut cell = CellPlan {
        cell: cell_name(row.r as u32, c as u32),
        code: row.code.clone(),
        tenant: row.tenant.clone(),
        indicator: by_id.get(&ind_id).map(|(_, d)| (ind_id, d.indicator.name.clone())),
        action: Action::Refused,
        before: None,
        after: None,
        message: None,
    };
    let refused = |mut cell: CellPlan, why: String| {
        cell.message = Some(why);
        cell
    };
    let Some(&(i, d)) = by_id.get(&ind_id) else {
        if raw != &Cell::Empty {
            planned
                .cells
                .push(refused(cell, "该指标已停用或不可用 / the indicator is retired or not usable".to_owned()));
        }
        return;
    };
    let value = match figure(raw, &d.indicator.measure_unit) {
        Ok(Some(v)) => v,
        Ok(None) => return,
        Err(why) => return planned.cells.push(refused(cell, why)),
    };
    let code = &row.code;
    let Some((tid, _)) = row.tenant.clone() else {
        let why = format!(
            "区划代码“{code}”不是{}或其直属下级 / the division code {code:?} is neither {} nor one of its direct children",
            tenant.name, tenant.code
        );
        return planned.cells.push(refused(cell, why));
    };
    if row.duplicate {
        let why = format!("区划代码 {code} 出现了两次 / the division code {code} is on two rows");
        return planned.cells.push(refused(cell, why));
    }
    let before = if tid == tenant.id {
        d.own_target
    } else {
        d.children.iter().find(|ch| ch.tenant.id == tid).and_then(|ch| ch.quota)
    };
    cell.action = match before {
        None => Action::Create,
        Some(b) if b == value => Action::Unchanged,
        Some(_) => Action::Change,
    };
    cell.before = before;
    cell.after = Some(value);
    let col = &mut planned.columns[i];
    let source = if tid == tenant.id {
        col.target = Some(value);
        format!("indicators[{i}].target")
    } else {
        col.allocations.push((tid, value));
        format!("indicators[{i}].allocations[{}]", col.allocations.len() - 1)
    };
    planned.sources.insert(source, planned.cells.len());
    planned.cells.push(cell);
}

/// The tenant a row's division code names: the level itself or one of its direct children.
fn row_tenant(code: &str, tenant: &Tenant, tables: &[Decomposition]) -> Option<(TenantId, String)> {
    if code == tenant.code {
        return Some((tenant.id, tenant.name.clone()));
    }
    tables.first()?.children.iter().find(|c| c.tenant.code == code).map(|c| (c.tenant.id, c.tenant.name.clone()))
}
