//! A period's figures (填报数据) from Excel: a township's or county's own figures (its own row)
//! and its units' (a row each, coded `U<id>`), one column per indicator, for the period the
//! template names. The dry run writes the figures and rolls back, so it refuses exactly what
//! applying would (bounds, whole numbers, periods, locks after a submission); applying writes
//! every changed figure in one transaction through the reporting write path, all or none, the
//! audit row naming the file. A cell equal to the figure standing writes nothing.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::load;
use super::plan::{self, Action, Grid, Plan, meta_of, refuse_by_rules};
use crate::auth::Scope;
use crate::domain::ids::*;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::service::page::PageRequest;
use crate::service::reports::{self, NewReport, Subject};
use crate::service::{indicators, units};
use crate::state::AppState;

/// The main sheet of the template.
pub const SHEET: &str = "填报数据";
/// What the hidden sheet calls this kind of template, and its version.
pub const KIND: &str = "figures";
pub const VERSION: &str = "1";

/// The code of a unit's row.
pub fn unit_code(id: UnitId) -> String {
    format!("U{id}")
}

/// What a template of the caller's tenant for a period holds: the rows (own tenant, then its
/// units, each with its code and name), the indicators, and the figures standing.
pub struct Standing {
    pub rows: Vec<(Subject, String, String)>,
    pub indicators: Vec<indicators::Indicator>,
    pub standing: HashMap<(Subject, IndicatorId), Decimal>,
}

/// The rows, indicators and current figures of the caller's tenant for `period`.
pub async fn standing(state: &AppState, scope: &Scope, period: &str) -> Result<Standing, AppError> {
    crate::domain::period::Period::parse(period)?;
    let home = crate::service::tenants::get(&state.db, scope, scope.home()).await?;
    let mut rows = vec![(Subject::Tenant(home.id), home.code.clone(), home.name.clone())];
    let mut standing = HashMap::new();
    let mut after = None;
    loop {
        let f = units::Filter { tenant: Some(home.id), ..Default::default() };
        let page = units::list(&state.db, scope, f, PageRequest { first: 100, after, count: false }).await?;
        after = page.items.last().map(|u| u.id.0);
        rows.extend(page.items.iter().map(|u| (Subject::Unit(u.id), unit_code(u.id), u.name.clone())));
        if !page.has_next_page || after.is_none() {
            break;
        }
    }
    let indicators = indicators::all_usable(&state.db, scope).await?;
    after = None;
    loop {
        let f = reports::Filter { tenant: Some(home.id), period: Some(period.to_owned()), ..Default::default() };
        let page = reports::list(&state.db, scope, f, PageRequest { first: 100, after, count: false }).await?;
        after = page.items.last().map(|r| r.id.0);
        for r in &page.items {
            let subject = r.unit_id.map_or(Subject::Tenant(r.tenant_id), Subject::Unit);
            standing.insert((subject, r.indicator_id), r.value);
        }
        if !page.has_next_page || after.is_none() {
            break;
        }
    }
    Ok(Standing { rows, indicators, standing })
}

/// Reads an uploaded figures template, plans it, and applies it when `apply` and nothing is
/// refused (REPORTER of the template's tenant); see the module doc.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn import(state: &AppState, scope: &Scope, file_id: FileId, apply: bool) -> Result<Plan, AppError> {
    scope.require(Role::Reporter)?;
    let (meta_sheet, main, home) = load(state, scope, file_id, SHEET).await?;
    let meta = meta_of(meta_sheet.as_ref(), KIND, VERSION, scope, &home)?;
    let s = standing(state, scope, &meta.period).await?;
    let rows: HashMap<String, (Subject, String)> =
        s.rows.iter().map(|(k, c, n)| (c.clone(), (*k, n.clone()))).collect();
    let indicators = s.indicators.iter().map(|i| (i.id, (i.name.clone(), i.measure_unit.clone()))).collect();
    let before = |k: Subject, ind: IndicatorId| s.standing.get(&(k, ind)).copied();
    let unknown = |code: &str| {
        format!(
            "代码“{code}”不是{}或其单位 / the code {code:?} is neither {} nor one of its units",
            home.name, home.code
        )
    };
    let grid = Grid { rows: &rows, indicators: &indicators, before: &before, unknown: &unknown };
    let (mut cells, placed) = plan::plan(&main, &meta, &grid);
    let mut items = Vec::new();
    let mut sources = HashMap::new();
    for p in placed.iter().filter(|p| cells[p.cell].action != Action::Unchanged) {
        sources.insert(format!("reports[{}]", items.len()), p.cell);
        items.push(NewReport {
            subject: p.key,
            indicator_id: p.indicator,
            period: meta.period.clone(),
            value: p.value,
            note: String::new(),
            evidence: Vec::new(),
        });
    }
    if items.len() == 1 {
        // One line is answered as itself, without `reports[0]`.
        if let Some(cell) = sources.remove("reports[0]") {
            sources.insert(String::new(), cell);
        }
    }
    if !items.is_empty() {
        let clean = cells.iter().all(|c| c.action != Action::Refused);
        let written = reports::import_lines(state, scope, items, (apply && clean).then_some(file_id)).await;
        if let Err(e) = written {
            refuse_single_or_lines(&mut cells, &sources, e)?;
        }
    }
    let mut out = Plan { kind: KIND, tenant: home, period: meta.period, file: file_id, applied: false, cells };
    let refused = out.refusals();
    if apply && !refused.is_empty() {
        return Err(AppError::lines(refused));
    }
    out.applied = apply && out.cells.iter().any(|c| matches!(c.action, Action::Create | Action::Change));
    Ok(out)
}

/// [`refuse_by_rules`], where a request of one line names fields without `reports[0]`.
fn refuse_single_or_lines(
    cells: &mut [plan::CellPlan],
    sources: &HashMap<String, usize>,
    e: crate::error::AppError,
) -> Result<(), AppError> {
    match sources.get("") {
        Some(&only) if e.is_about_input() => {
            cells[only].action = Action::Refused;
            cells[only].message = Some(e.message());
            Ok(())
        }
        _ => refuse_by_rules(cells, sources, e),
    }
}
