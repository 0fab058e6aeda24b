//! Import templates (导入模板): workbooks to fill in and upload again (`service::imports`).
//!
//! GET `/exports/decomposition-template.xlsx?period=<period>` (ADMIN): the caller's own
//! decomposition table (任务分解表) to fill in: a title row saying what to do, a header naming
//! each indicator and its unit, the level's own row (own targets) and one row per direct child
//! (quotas), matched on import by the division code in column A. Figures standing now are filled
//! in; the header and the code and name columns are locked, the figure cells unlocked (the sheet
//! is protected without a password, so a spreadsheet program keeps people to the figures). A
//! hidden sheet names the template's kind and version, the tenant, the period and each column's
//! indicator.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, ProtectionOptions, Workbook, Worksheet, XlsxError};

use super::exports::{error, scope_of};
use super::sheets::{china_time, number};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::service::imports::decomposition::{FIRST_VALUE_COL, HEADER_ROW, KIND, OWN_ROW, SHEET, VERSION};
use crate::service::imports::{MARK, META_SHEET};
use crate::service::targets::{self, Decomposition};
use crate::service::tenants::Tenant;
use crate::state::AppState;

#[derive(serde::Deserialize)]
struct Params {
    period: Option<String>,
}

/// GET `/exports/decomposition-template.xlsx?period=<period>`.
pub async fn decomposition(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let result = async {
        let scope = scope_of(&req, &state).await?;
        scope.require(Role::Admin)?;
        let params = web::Query::<Params>::from_query(req.query_string())
            .map_err(|_| AppError::bad_input("query", "查询参数有误 / expected ?period=<period>"))?
            .into_inner();
        let period = params.period.ok_or(AppError::bad_input("period", "缺少期间 / name the period: ?period=2020"))?;
        let (t, tables) = targets::table(&state.db, &scope, scope.home(), &period).await?;
        let body = workbook(&t, &period, &tables, chrono::Utc::now())?;
        let ascii = format!("decomposition-template-{}-{period}.xlsx", t.code);
        let name = format!("任务分解表导入模板-{}-{period}.xlsx", t.name);
        Ok::<_, AppError>(
            HttpResponse::Ok()
                .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                .insert_header((header::CONTENT_DISPOSITION, super::exports::disposition("attachment", &ascii, &name)))
                .body(body),
        )
    }
    .await;
    result.unwrap_or_else(|e| error(&e))
}

/// The template workbook (see the module doc).
pub fn workbook(
    t: &Tenant,
    period: &str,
    tables: &[Decomposition],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<u8>, AppError> {
    let exported = china_time(now)?;
    let mut wb = Workbook::new();
    let build = |wb: &mut Workbook| -> Result<(), XlsxError> {
        main_sheet(wb.add_worksheet(), t, period, tables, &exported)?;
        meta_sheet(wb.add_worksheet(), t, period, tables)?;
        Ok(())
    };
    build(&mut wb).map_err(AppError::internal)?;
    wb.save_to_buffer().map_err(AppError::internal)
}

fn main_sheet(
    ws: &mut Worksheet,
    t: &Tenant,
    period: &str,
    tables: &[Decomposition],
    exported: &str,
) -> Result<(), XlsxError> {
    ws.set_name(SHEET)?;
    let title = Format::new().set_bold().set_font_size(13).set_text_wrap();
    let head = Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Center).set_background_color("#F2F2F2");
    let open = Format::new().set_unlocked().set_border(FormatBorder::Thin).set_background_color("#FFFFFF");
    let last = (FIRST_VALUE_COL + tables.len()).saturating_sub(1) as u16;
    let text = format!(
        "任务分解表导入模板 · {} · {period} · 导出于 {exported}（北京时间）。只填白色格子：第 3 行为本级目标，其下为各直属下级的配额；按 A 列区划代码匹配，空白表示不改，0 表示零。/ Fill in the white cells only: row 3 holds the own targets, the rows below the quotas of the direct children, matched by the division code in column A; a blank cell changes nothing.",
        t.name
    );
    ws.merge_range(0, 0, 0, last.max(1), &text, &title)?;
    ws.set_row_height(0, 60)?;
    let header_row = HEADER_ROW as u32;
    ws.write_string_with_format(header_row, 0, "区划代码 / Code", &head)?;
    ws.write_string_with_format(header_row, 1, "名称 / Name", &head)?;
    for (i, d) in tables.iter().enumerate() {
        let col = (FIRST_VALUE_COL + i) as u16;
        let label = format!("{}（{}）", d.indicator.name, d.indicator.measure_unit);
        ws.write_string_with_format(header_row, col, &label, &head)?;
        ws.set_column_width(col, 16.0)?;
    }
    ws.set_row_height(header_row, 36)?;
    ws.set_column_width(0, 14.0)?;
    ws.set_column_width(1, 22.0)?;
    let own = OWN_ROW as u32;
    ws.write_string(own, 0, &t.code)?;
    ws.write_string(own, 1, format!("{}（本级目标）", t.name))?;
    let children = tables.first().map_or(&[][..], |d| &d.children[..]);
    for (j, c) in children.iter().enumerate() {
        let r = own + 1 + j as u32;
        ws.write_string(r, 0, &c.tenant.code)?;
        ws.write_string(r, 1, &c.tenant.name)?;
    }
    for (i, d) in tables.iter().enumerate() {
        let col = (FIRST_VALUE_COL + i) as u16;
        blank_or(ws, own, col, d.own_target, &open)?;
        for (j, c) in d.children.iter().enumerate() {
            blank_or(ws, own + 1 + j as u32, col, c.quota, &open)?;
        }
    }
    ws.set_freeze_panes(own, FIRST_VALUE_COL as u16)?;
    let options = ProtectionOptions { format_columns: true, format_rows: true, ..ProtectionOptions::default() };
    ws.protect_with_options(&options);
    Ok(())
}

/// A figure cell, unlocked for filling in: the figure standing now, or blank.
fn blank_or(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    v: Option<rust_decimal::Decimal>,
    open: &Format,
) -> Result<(), XlsxError> {
    match v {
        Some(_) => number(ws, r, c, v, Some(open)),
        None => ws.write_blank(r, c, open).map(|_| ()),
    }
}

/// The hidden sheet naming what the template is for (read back by the import).
fn meta_sheet(ws: &mut Worksheet, t: &Tenant, period: &str, tables: &[Decomposition]) -> Result<(), XlsxError> {
    ws.set_name(META_SHEET)?;
    ws.write_string(0, 0, MARK)?;
    ws.write_string(0, 1, KIND)?;
    ws.write_string(0, 2, VERSION)?;
    ws.write_string(1, 0, "tenant")?;
    ws.write_string(1, 1, t.id.to_string())?;
    ws.write_string(1, 2, &t.code)?;
    ws.write_string(2, 0, "period")?;
    ws.write_string(2, 1, period)?;
    ws.write_string(3, 0, "indicators")?;
    for (i, d) in tables.iter().enumerate() {
        ws.write_string(3, (FIRST_VALUE_COL + i) as u16, d.indicator.id.to_string())?;
    }
    ws.set_hidden(true);
    ws.protect();
    Ok(())
}
