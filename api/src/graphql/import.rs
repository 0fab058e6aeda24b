//! Excel imports on the wire (see `service::imports`; templates are HTTP: `http::templates`).

use async_graphql::{Context, Enum, ID, Object, Result, SimpleObject};
use rust_decimal::Decimal;

use super::kit::connection::parse_id;
use super::kit::context::ContextExt as _;
use super::tenant::TenantRef;
use crate::service::imports::plan::{Action, CellPlan, Plan};
use crate::service::imports::{decomposition, figures};

/// What an import does with a filled-in cell.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum ImportAction {
    /// 新增: no figure there yet.
    Create,
    /// 修改: replaces the figure standing.
    Change,
    /// 不变: the same figure as standing.
    Unchanged,
    /// 拒绝: why is in `message`; nothing is applied while a cell is refused.
    Refused,
}

impl From<Action> for ImportAction {
    fn from(a: Action) -> Self {
        match a {
            Action::Create => ImportAction::Create,
            Action::Change => ImportAction::Change,
            Action::Unchanged => ImportAction::Unchanged,
            Action::Refused => ImportAction::Refused,
        }
    }
}

/// One filled-in cell of an imported workbook.
#[derive(SimpleObject)]
pub struct ImportCell {
    /// Where it is, as a spreadsheet names it (`D7`).
    pub cell: String,
    /// The code of its row (a division code, or `U<id>` for a unit), and the name of the tenant
    /// or unit it names (null when it names none).
    pub code: String,
    pub name: Option<String>,
    pub indicator_id: Option<ID>,
    pub indicator_name: Option<String>,
    pub action: ImportAction,
    /// The figure standing now, and the one the cell holds.
    pub before: Option<Decimal>,
    pub after: Option<Decimal>,
    /// Why the cell is refused (Chinese, then English).
    pub message: Option<String>,
}

impl From<CellPlan> for ImportCell {
    fn from(c: CellPlan) -> Self {
        ImportCell {
            cell: c.cell,
            code: c.code,
            name: c.name,
            indicator_id: c.indicator.as_ref().map(|(id, _)| ID(id.to_string())),
            indicator_name: c.indicator.map(|(_, n)| n),
            action: c.action.into(),
            before: c.before,
            after: c.after,
            message: c.message,
        }
    }
}

/// The answer of an import: what the workbook would do (a dry run) or did (applied).
pub struct SheetImport(Plan);

#[Object]
impl SheetImport {
    /// `decomposition` or `figures`.
    async fn kind(&self) -> &str {
        self.0.kind
    }
    /// Whether figures were written (false for a dry run, and when nothing changes).
    async fn applied(&self) -> bool {
        self.0.applied
    }
    async fn tenant(&self) -> TenantRef {
        TenantRef::from(self.0.tenant.clone())
    }
    async fn period(&self) -> &str {
        &self.0.period
    }
    /// The uploaded workbook (kept; named by the import's audit row).
    async fn file_id(&self) -> ID {
        ID(self.0.file.to_string())
    }
    async fn created(&self) -> usize {
        self.0.count(Action::Create)
    }
    async fn changed(&self) -> usize {
        self.0.count(Action::Change)
    }
    async fn unchanged(&self) -> usize {
        self.0.count(Action::Unchanged)
    }
    async fn refused(&self) -> usize {
        self.0.count(Action::Refused)
    }
    /// Every filled-in cell, row by row (blank cells change nothing and are left out).
    async fn cells(&self) -> Vec<ImportCell> {
        self.0.cells.iter().cloned().map(ImportCell::from).collect()
    }
}

#[derive(Default)]
pub struct ImportMutation;

#[Object]
impl ImportMutation {
    /// Imports a filled-in decomposition template (任务分解表, from GET
    /// `/exports/decomposition-template.xlsx?period=…`, uploaded with POST `/files`) for the
    /// caller's own tenant (ADMIN): own targets from the level's row, quotas from its direct
    /// children's rows, matched by division code. Without `apply` it is a dry run: every
    /// filled-in cell with what it would create, change or leave, or why it is refused (the
    /// same rules as `saveDecomposition`), and nothing written. With `apply` the whole table is
    /// saved at once, or, while any cell is refused, nothing and BAD_USER_INPUT naming every
    /// refused cell (`extensions.lines`, `field` = the cell). Audited with the file.
    async fn import_decomposition(
        &self,
        ctx: &Context<'_>,
        file_id: ID,
        #[graphql(default = false)] apply: bool,
    ) -> Result<SheetImport> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let plan = decomposition::import(state, &scope, parse_id("fileId", &file_id)?, apply).await?;
        Ok(SheetImport(plan))
    }

    /// Imports a filled-in figures template (填报数据, from GET
    /// `/exports/figures-template.xlsx?period=…`, uploaded with POST `/files`) for the caller's
    /// own tenant (REPORTER): its own figures from its row, its units' from theirs (`U<id>`),
    /// for the template's period. Without `apply` a dry run: every filled-in cell with what it
    /// would create, change or leave, or why it is refused — the figures are written and rolled
    /// back, so the refusals are exactly those of `reportBatch` (bounds, whole numbers, periods,
    /// a period locked by a submission). With `apply` every changed figure is written at once
    /// (up to 20,000), or, while any cell is refused, nothing and BAD_USER_INPUT naming every
    /// refused cell. Audited with the file.
    async fn import_figures(
        &self,
        ctx: &Context<'_>,
        file_id: ID,
        #[graphql(default = false)] apply: bool,
    ) -> Result<SheetImport> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let plan = figures::import(state, &scope, parse_id("fileId", &file_id)?, apply).await?;
        Ok(SheetImport(plan))
    }
}
