//! What an import does, cell by cell, whatever it imports: the template's hidden sheet read
//! back, the filled-in cells of the main sheet planned against the figures standing (rows by
//! their code, columns by the indicator the hidden sheet names), and refusals of the rules
//! placed back on the cells they came from.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::{MARK, Sheet};
use crate::auth::Scope;
use crate::domain::ids::*;
use crate::domain::sheet::{Cell, cell_name, figure};
use crate::error::AppError;
use crate::service::tenants::Tenant;

/// The header row of a template (the title above it).
pub const HEADER_ROW: usize = 1;
/// The row of a template that holds the first figures (after the title and the header).
pub const FIRST_ROW: usize = HEADER_ROW + 1;
/// Columns: the code, the name, then one per indicator.
pub const FIRST_VALUE_COL: usize = 2;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Create,
    Change,
    Unchanged,
    Refused,
}

/// What an import does with one filled-in cell.
#[derive(Clone, Debug)]
pub struct CellPlan {
    pub cell: String,
    /// The code of its row (a division code, or a unit's `U<id>`), and what it names.
    pub code: String,
    pub name: Option<String>,
    pub indicator: Option<(IndicatorId, String)>,
    pub action: Action,
    pub before: Option<Decimal>,
    pub after: Option<Decimal>,
    /// Why a cell is refused.
    pub message: Option<String>,
}

/// An import's answer.
pub struct Plan {
    /// `decomposition` or `figures`.
    pub kind: &'static str,
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

    /// Every refused cell as an error named by the cell (for an apply that cannot be applied).
    pub fn refusals(&self) -> Vec<AppError> {
        self.cells
            .iter()
            .filter(|c| c.action == Action::Refused)
            .map(|c| AppError::bad_input(c.cell.clone(), c.message.clone().unwrap_or_default()))
            .collect()
    }
}

/// What the hidden sheet says a template is for: the period and the indicator of each column.
pub struct Meta {
    pub period: String,
    pub columns: Vec<(usize, IndicatorId)>,
}

/// Reads the hidden sheet of a template of `kind` (version `version`) and checks it is the
/// caller's own.
pub fn meta_of(
    meta: Option<&Sheet>,
    kind: &str,
    version: &str,
    scope: &Scope,
    home: &Tenant,
) -> Result<Meta, AppError> {
    let not_template = || {
        AppError::bad_input(
            "fileId",
            format!(
                "这不是石榴的导入模板（{kind}），请先下载模板再填写 / this is not a Shiliu {kind} template: download the template and fill it in"
            ),
        )
    };
    let m = meta.ok_or_else(not_template)?;
    if m.text(0, 0) != MARK || m.text(0, 1) != kind {
        return Err(not_template());
    }
    if m.text(0, 2) != version {
        return Err(AppError::bad_input(
            "fileId",
            "模板版本已过时，请重新下载模板 / the template is of an older version: download it again",
        ));
    }
    if m.text(1, 1) != scope.home().to_string() {
        let (code, name) = (m.text(1, 2), &home.name);
        return Err(AppError::bad_input(
            "fileId",
            format!(
                "该模板属于区划 {code}，不是{name}（{}），请下载本级模板 / the template is for {code}, not for {}: download your own",
                home.code, home.code
            ),
        ));
    }
    let width = m.rows.get(3).map_or(0, Vec::len);
    let columns = (FIRST_VALUE_COL..width)
        .filter_map(|c| m.text(3, c).parse::<i64>().ok().map(|id| (c, IndicatorId(id))))
        .collect();
    Ok(Meta { period: m.text(2, 1), columns })
}

/// A figure a cell puts somewhere: the row's key, the indicator, the value, and the cell's place
/// in the plan.
pub struct Placed<K> {
    pub key: K,
    pub indicator: IndicatorId,
    pub value: Decimal,
    pub cell: usize,
}

/// What planning needs to know: the rows a code may name (key and name), the indicators of the
/// columns (name and unit of measure), the figure standing at (row, indicator), and what to say
/// of a code that names no row.
pub struct Grid<'a, K> {
    pub rows: &'a HashMap<String, (K, String)>,
    pub indicators: &'a HashMap<IndicatorId, (String, String)>,
    pub before: &'a (dyn Fn(K, IndicatorId) -> Option<Decimal> + Sync),
    pub unknown: &'a (dyn Fn(&str) -> String + Sync),
}

/// Plans every filled-in cell of the main sheet: refused with why, or the figure it puts where.
pub fn plan<K: Copy>(main: &Sheet, meta: &Meta, grid: &Grid<'_, K>) -> (Vec<CellPlan>, Vec<Placed<K>>) {
    let mut cells = Vec::new();
    let mut placed = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for r in FIRST_ROW..main.rows.len() {
        let code = main.text(r, 0);
        if code.is_empty() && (FIRST_VALUE_COL..main.rows[r].len()).all(|c| main.cell(r, c) == &Cell::Empty) {
            continue;
        }
        let row = grid.rows.get(&code);
        let duplicate = seen.contains(&code);
        seen.push(code.clone());
        for &(c, ind) in &meta.columns {
            let raw = main.cell(r, c);
            let mut cell = CellPlan {
                cell: cell_name(r as u32, c as u32),
                code: code.clone(),
                name: row.map(|(_, n)| n.clone()),
                indicator: grid.indicators.get(&ind).map(|(n, _)| (ind, n.clone())),
                action: Action::Refused,
                before: None,
                after: None,
                message: None,
            };
            let value = match (grid.indicators.get(&ind), raw) {
                (_, Cell::Empty) => continue,
                (None, _) => Err("该指标已停用或不可用 / the indicator is retired or not usable".to_owned()),
                (Some((_, unit)), raw) => figure(raw, unit),
            };
            let refusal = match (value, row) {
                (Ok(None), _) => continue,
                (Err(why), _) => Some(why),
                (Ok(Some(_)), None) => Some((grid.unknown)(&code)),
                (Ok(Some(_)), Some(_)) if duplicate => {
                    Some(format!("代码 {code} 出现了两次 / the code {code} is on two rows"))
                }
                (Ok(Some(v)), Some((key, _))) => {
                    let before = (grid.before)(*key, ind);
                    cell.action = match before {
                        None => Action::Create,
                        Some(b) if b == v => Action::Unchanged,
                        Some(_) => Action::Change,
                    };
                    (cell.before, cell.after) = (before, Some(v));
                    placed.push(Placed { key: *key, indicator: ind, value: v, cell: cells.len() });
                    None
                }
            };
            cell.message = refusal;
            cells.push(cell);
        }
    }
    (cells, placed)
}

/// Marks the cells the rules refused, by the fields of the rules' lines (`sources`: the field
/// prefix a saved figure was sent under, and its cell); an error that is not about the input,
/// or names no cell, stays an error.
pub fn refuse_by_rules(cells: &mut [CellPlan], sources: &HashMap<String, usize>, e: AppError) -> Result<(), AppError> {
    let lines = match e {
        AppError::Lines(lines) => lines,
        e if e.is_about_input() => vec![e],
        e => return Err(e),
    };
    for line in lines {
        let field = line.field().unwrap_or_default().to_owned();
        let at = sources.iter().find(|(k, _)| {
            field == k.as_str() || field.strip_prefix(k.as_str()).is_some_and(|rest| rest.starts_with('.'))
        });
        match at.map(|(_, i)| *i) {
            Some(i) => {
                cells[i].action = Action::Refused;
                cells[i].message = Some(line.message());
            }
            None => return Err(line),
        }
    }
    Ok(())
}
