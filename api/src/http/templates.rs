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
//!
//! GET `/exports/figures-template.xlsx?period=<period>` (REPORTER): the caller's own figures of
//! a period (填报数据) to fill in the same way: its own row, then one row per unit (code
//! `U<id>`), one column per indicator, the figures standing filled in.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, ProtectionOptions, Workbook, Worksheet, XlsxError};

use super::exports::{error, scope_of};
use super::sheets::{china_time, number};
use crate::domain::ids::IndicatorId;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::service::imports::decomposition;
use crate::service::imports::figures as imports_figures;
use crate::service::imports::plan::{FIRST_ROW as OWN_ROW, FIRST_VALUE_COL, HEADER_ROW};
use crate::service::imports::{MARK, META_SHEET};
use crate::service::targets;
use crate::service::tenants::Tenant;
use crate::state::AppState;

#[derive(serde::Deserialize)]
struct Params {
    period: Option<String>,
}

/// GET `/exports/decomposition-template.xlsx?period=<period>` (ADMIN).
pub async fn decomposition(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let result = async {
        let scope = scope_of(&req, &state).await?;
        scope.require(Role::Admin)?;
        let period = period_of(&req)?;
        let (t, tables) = targets::table(&state.db, &scope, scope.home(), &period).await?;
        let columns: Vec<(IndicatorId, String)> = tables.iter().map(|d| (d.indicator.id, label(&d.indicator))).collect();
        let mut rows = vec![(t.code.clone(), format!("{}（本级目标）", t.name), tables.iter().map(|d| d.own_target).collect())];
        if let Some(first) = tables.first() {
            for (j, c) in first.children.iter().enumerate() {
                let quotas = tables.iter().map(|d| d.children.get(j).and_then(|x| x.quota)).collect();
                rows.push((c.tenant.code.clone(), c.tenant.name.clone(), quotas));
            }
        }
        let how = "第 3 行为本级目标，其下为各直属下级的配额；按 A 列区划代码匹配 / row 3 holds the own targets, the rows below the quotas of the direct children, matched by the division code in column A";
        let t_ref = Template { sheet: decomposition::SHEET, kind: decomposition::KIND, version: decomposition::VERSION, what: "任务分解表导入模板", how };
        let body = workbook(&t_ref, &t, &period, &columns, &rows, chrono::Utc::now())?;
        let ascii = format!("decomposition-template-{}-{period}.xlsx", t.code);
        Ok::<_, AppError>(attachment(&ascii, &format!("任务分解表导入模板-{}-{period}.xlsx", t.name), body))
    }
    .await;
    result.unwrap_or_else(|e| error(&e))
}

/// GET `/exports/figures-template.xlsx?period=<period>` (REPORTER).
pub async fn figures(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let result = async {
        let scope = scope_of(&req, &state).await?;
        scope.require(Role::Reporter)?;
        let period = period_of(&req)?;
        let sheet = imports_figures::standing(&state, &scope, &period).await?;
        let t = crate::service::tenants::get(&state.db, &scope, scope.home()).await?;
        let columns: Vec<(IndicatorId, String)> = sheet.indicators.iter().map(|i| (i.id, label(i))).collect();
        let rows: Vec<Row> = sheet
            .rows
            .iter()
            .map(|(k, code, name)| {
                (code.clone(), name.clone(), sheet.indicators.iter().map(|i| sheet.standing.get(&(*k, i.id)).copied()).collect())
            })
            .collect();
        let how = "第 3 行为本级数值，其下为各单位（U 编号）的数值；按 A 列代码匹配 / row 3 holds the tenant's own figures, the rows below its units' (code U<id>), matched by column A";
        let t_ref = Template { sheet: imports_figures::SHEET, kind: imports_figures::KIND, version: imports_figures::VERSION, what: "填报数据导入模板", how };
        let body = workbook(&t_ref, &t, &period, &columns, &rows, chrono::Utc::now())?;
        let ascii = format!("figures-template-{}-{period}.xlsx", t.code);
        Ok::<_, AppError>(attachment(&ascii, &format!("填报数据导入模板-{}-{period}.xlsx", t.name), body))
    }
    .await;
    result.unwrap_or_else(|e| error(&e))
}

fn period_of(req: &HttpRequest) -> Result<String, AppError> {
    let params = web::Query::<Params>::from_query(req.query_string())
        .map_err(|_| AppError::bad_input("query", "查询参数有误 / expected ?period=<period>"))?
        .into_inner();
    let period = params.period.ok_or(AppError::bad_input("period", "缺少期间 / name the period: ?period=2020"))?;
    crate::domain::period::Period::parse(&period)?;
    Ok(period)
}

fn label(i: &crate::service::indicators::Indicator) -> String {
    format!("{}（{}）", i.name, i.measure_unit)
}

fn attachment(ascii: &str, name: &str, body: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .insert_header((header::CONTENT_DISPOSITION, super::exports::disposition("attachment", ascii, name)))
        .body(body)
}

/// What kind of template a workbook is: its main sheet, the kind and version the hidden sheet
/// names, what its title calls it and how to fill it in.
pub struct Template {
    pub sheet: &'static str,
    pub kind: &'static str,
    pub version: &'static str,
    pub what: &'static str,
    pub how: &'static str,
}

/// A row of a template: its code, its name and the figures standing, one per column.
pub type Row = (String, String, Vec<Option<rust_decimal::Decimal>>);

/// The template workbook (see the module doc).
pub fn workbook(
    kind: &Template,
    t: &Tenant,
    period: &str,
    columns: &[(IndicatorId, String)],
    rows: &[Row],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<u8>, AppError> {
    let exported = china_time(now)?;
    let mut wb = Workbook::new();
    let build = |wb: &mut Workbook| -> Result<(), XlsxError> {
        main_sheet(wb.add_worksheet(), kind, t, period, columns, rows, &exported)?;
        meta_sheet(wb.add_worksheet(), kind, t, period, columns)?;
        Ok(())
    };
    build(&mut wb).map_err(AppError::internal)?;
    wb.save_to_buffer().map_err(AppError::internal)
}

fn main_sheet(
    ws: &mut Worksheet,
    kind: &Template,
    t: &Tenant,
    period: &str,
    columns: &[(IndicatorId, String)],
    rows: &[Row],
    exported: &str,
) -> Result<(), XlsxError> {
    ws.set_name(kind.sheet)?;
    let title = Format::new().set_bold().set_font_size(13).set_text_wrap();
    let head = Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Center).set_background_color("#F2F2F2");
    let open = Format::new().set_unlocked().set_border(FormatBorder::Thin).set_background_color("#FFFFFF");
    let last = (FIRST_VALUE_COL + columns.len()).saturating_sub(1) as u16;
    let text = format!(
        "{} · {} · {period} · 导出于 {exported}（北京时间）。只填白色格子，空白表示不改，0 表示零；{}。/ Fill in the white cells only; a blank cell changes nothing.",
        kind.what, t.name, kind.how
    );
    ws.merge_range(0, 0, 0, last.max(1), &text, &title)?;
    ws.set_row_height(0, 60)?;
    let header_row = HEADER_ROW as u32;
    ws.write_string_with_format(header_row, 0, "代码 / Code", &head)?;
    ws.write_string_with_format(header_row, 1, "名称 / Name", &head)?;
    for (i, (_, label)) in columns.iter().enumerate() {
        let col = (FIRST_VALUE_COL + i) as u16;
        ws.write_string_with_format(header_row, col, label, &head)?;
        ws.set_column_width(col, 16.0)?;
    }
    ws.set_row_height(header_row, 36)?;
    ws.set_column_width(0, 14.0)?;
    ws.set_column_width(1, 22.0)?;
    for (j, (code, name, values)) in rows.iter().enumerate() {
        let r = (OWN_ROW + j) as u32;
        ws.write_string(r, 0, code)?;
        ws.write_string(r, 1, name)?;
        for (i, v) in values.iter().enumerate() {
            blank_or(ws, r, (FIRST_VALUE_COL + i) as u16, *v, &open)?;
        }
    }
    ws.set_freeze_panes(OWN_ROW as u32, FIRST_VALUE_COL as u16)?;
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
fn meta_sheet(
    ws: &mut Worksheet,
    kind: &Template,
    t: &Tenant,
    period: &str,
    columns: &[(IndicatorId, String)],
) -> Result<(), XlsxError> {
    ws.set_name(META_SHEET)?;
    ws.write_string(0, 0, MARK)?;
    ws.write_string(0, 1, kind.kind)?;
    ws.write_string(0, 2, kind.version)?;
    ws.write_string(1, 0, "tenant")?;
    ws.write_string(1, 1, t.id.to_string())?;
    ws.write_string(1, 2, &t.code)?;
    ws.write_string(2, 0, "period")?;
    ws.write_string(2, 1, period)?;
    ws.write_string(3, 0, "indicators")?;
    for (i, (id, _)) in columns.iter().enumerate() {
        ws.write_string(3, (FIRST_VALUE_COL + i) as u16, id.to_string())?;
    }
    ws.set_hidden(true);
    ws.protect();
    Ok(())
}
