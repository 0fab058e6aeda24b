//! Lists as workbooks, authorised like the API and with the same rows as their queries, each a
//! sheet with a title row (what, which tenant, which period, when exported in China time), a
//! frozen header, column widths, numbers as numbers with their unit in the header, and a Chinese
//! file name (RFC 6266 `filename*`):
//!
//! - GET `/exports/figures.xlsx?tenant=<id>&period=<period>`: the current figures (填报) of a
//!   tenant's subtree for a period and the periods inside it (`reports` with `includeSubtree`
//!   and `withinPeriod`), with the tenant, unit, indicator and unit of measure of each;
//! - GET `/exports/rectification-tasks.xlsx?tenant=<id>`: the rectification tasks (整改任务)
//!   assigned in a tenant's subtree (`rectificationTasks`), with status, deadline and overdue
//!   days by the China date.
//!
//! The tenant defaults to the caller's own; one outside the scope is 404. At most
//! [`MAX_ROWS`] rows (the title says when a list was cut).

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

use super::exports::{disposition, error, scope_of};
use super::sheets::{china_time, number};
use crate::auth::Scope;
use crate::domain::ids::*;
use crate::error::AppError;
use crate::service::page::PageRequest;
use crate::service::{indicators, reports, supervision, tenants, units};
use crate::state::AppState;

/// The most rows a list export holds.
pub const MAX_ROWS: usize = 20_000;

/// A cell of a list.
pub enum Value {
    Text(String),
    Number(Decimal),
    Empty,
}

/// A list to write: its sheet name, title, header (label, width) and rows.
pub struct Table {
    pub sheet: &'static str,
    pub title: String,
    pub header: Vec<(String, f64)>,
    pub rows: Vec<Vec<Value>>,
}

/// The list as a one-sheet workbook.
pub fn table_xlsx(t: &Table) -> Result<Vec<u8>, AppError> {
    let mut wb = Workbook::new();
    let build = |wb: &mut Workbook| -> Result<(), XlsxError> {
        let ws = wb.add_worksheet();
        ws.set_name(t.sheet)?;
        let title = Format::new().set_bold().set_font_size(14);
        let head = Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Center);
        let last = t.header.len().saturating_sub(1) as u16;
        if last > 0 {
            ws.merge_range(0, 0, 0, last, &t.title, &title)?;
        } else {
            ws.write_string_with_format(0, 0, &t.title, &title)?;
        }
        ws.set_row_height(0, 24)?;
        for (c, (label, width)) in t.header.iter().enumerate() {
            ws.write_string_with_format(2, c as u16, label, &head)?;
            ws.set_column_width(c as u16, *width)?;
        }
        ws.set_row_height(2, 32)?;
        ws.set_freeze_panes(3, 0)?;
        for (r, row) in t.rows.iter().enumerate() {
            let at = 3 + r as u32;
            for (c, v) in row.iter().enumerate() {
                match v {
                    Value::Text(s) => drop(ws.write_string(at, c as u16, s)?),
                    Value::Number(n) => number(ws, at, c as u16, Some(*n), None)?,
                    Value::Empty => {}
                }
            }
        }
        Ok(())
    };
    build(&mut wb).map_err(AppError::internal)?;
    wb.save_to_buffer().map_err(AppError::internal)
}

#[derive(serde::Deserialize)]
struct Params {
    tenant: Option<String>,
    period: Option<String>,
}

fn params(req: &HttpRequest) -> Result<Params, AppError> {
    web::Query::<Params>::from_query(req.query_string())
        .map(web::Query::into_inner)
        .map_err(|_| AppError::bad_input("query", "查询参数有误 / expected ?tenant=<id>&period=<period>"))
}

fn tenant_of(p: &Params, scope: &Scope) -> Result<TenantId, AppError> {
    match &p.tenant {
        Some(t) => t.parse().map(TenantId).map_err(|_| AppError::NotFound { entity: "tenant" }),
        None => Ok(scope.home()),
    }
}

pub(super) fn xlsx(ascii: &str, name: &str, body: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .insert_header((header::CONTENT_DISPOSITION, disposition("attachment", ascii, name)))
        .body(body)
}

/// Pages through a list until it ends or holds [`MAX_ROWS`]; answers whether it was cut.
pub(super) async fn all<T, F, Fut>(mut page: F) -> Result<(Vec<T>, bool), AppError>
where
    F: FnMut(PageRequest) -> Fut,
    Fut: std::future::Future<Output = Result<(crate::service::page::Page<T>, Option<i64>), AppError>>,
{
    let mut out = Vec::new();
    let mut after = None;
    loop {
        let (p, last) = page(PageRequest { first: 100, after, count: false }).await?;
        out.extend(p.items);
        if out.len() >= MAX_ROWS {
            out.truncate(MAX_ROWS);
            return Ok((out, true));
        }
        if !p.has_next_page || last.is_none() {
            return Ok((out, false));
        }
        after = last;
    }
}

pub(super) fn cut_note(cut: bool) -> &'static str {
    if cut { "（仅前 20000 行 / first 20,000 rows）" } else { "" }
}

/// GET `/exports/figures.xlsx?tenant=<id>&period=<period>`.
pub async fn figures(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let result = async {
        let scope = scope_of(&req, &state).await?;
        let p = params(&req)?;
        let tenant = tenant_of(&p, &scope)?;
        let period =
            p.period.clone().ok_or(AppError::bad_input("period", "缺少期间 / name the period: ?period=2020"))?;
        let t = tenants::get(&state.db, &scope, tenant).await?;
        let (rows, cut) = all(|req| {
            let f = reports::Filter {
                tenant: Some(tenant),
                include_subtree: true,
                period: Some(period.clone()),
                within_period: true,
                ..Default::default()
            };
            let (db, scope) = (&state.db, &scope);
            async move {
                let page = reports::list(db, scope, f, req).await?;
                let last = page.items.last().map(|r| r.id.0);
                Ok((page, last))
            }
        })
        .await?;
        let body = figures_table(&state, &scope, &t, &period, rows, cut).await?;
        let ascii = format!("figures-{}-{period}.xlsx", t.code);
        Ok::<_, AppError>(xlsx(&ascii, &format!("填报数据-{}-{period}.xlsx", t.name), table_xlsx(&body)?))
    }
    .await;
    result.unwrap_or_else(|e| error(&e))
}

async fn figures_table(
    state: &AppState,
    scope: &Scope,
    t: &tenants::Tenant,
    period: &str,
    rows: Vec<reports::Report>,
    cut: bool,
) -> Result<Table, AppError> {
    let places = tenants::get_many(&state.db, scope, distinct(rows.iter().map(|r| r.tenant_id))).await?;
    let inds = indicators::get_many(&state.db, scope, distinct(rows.iter().map(|r| r.indicator_id))).await?;
    let unit_ids = distinct(rows.iter().filter_map(|r| r.unit_id));
    let us = units::get_many(&state.db, scope, unit_ids).await?;
    let exported = china_time(chrono::Utc::now())?;
    let lines = rows
        .iter()
        .map(|r| {
            let place = places.iter().find(|p| p.id == r.tenant_id);
            let ind = inds.iter().find(|i| i.id == r.indicator_id);
            vec![
                Value::Text(place.map(|p| p.name.clone()).unwrap_or_default()),
                Value::Text(place.map(|p| p.code.clone()).unwrap_or_default()),
                r.unit_id
                    .and_then(|u| us.iter().find(|x| x.id == u))
                    .map_or(Value::Empty, |u| Value::Text(u.name.clone())),
                Value::Text(ind.map(|i| i.name.clone()).unwrap_or_default()),
                Value::Text(r.period.clone()),
                Value::Number(r.value),
                Value::Text(ind.map(|i| i.measure_unit.clone()).unwrap_or_default()),
                Value::Text(china_time(r.reported_at).unwrap_or_default()),
            ]
        })
        .collect();
    Ok(Table {
        sheet: "填报数据",
        title: format!("填报数据 · {} · {period} · 导出于 {exported}（北京时间）{}", t.name, cut_note(cut)),
        header: [
            ("单位 / Tenant", 20.0),
            ("区划代码 / Code", 14.0),
            ("创建单位 / Unit", 20.0),
            ("指标 / Indicator", 24.0),
            ("期间 / Period", 10.0),
            ("数值 / Value", 12.0),
            ("计量单位 / Unit of measure", 12.0),
            ("填报时间 / Reported", 18.0),
        ]
        .into_iter()
        .map(|(l, w)| (l.to_owned(), w))
        .collect(),
        rows: lines,
    })
}

/// GET `/exports/rectification-tasks.xlsx?tenant=<id>`.
pub async fn rectification_tasks(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let result = async {
        let scope = scope_of(&req, &state).await?;
        let p = params(&req)?;
        let tenant = tenant_of(&p, &scope)?;
        let t = tenants::get(&state.db, &scope, tenant).await?;
        let today = supervision::china_today();
        let (tasks, cut) = all(|req| {
            let f = supervision::TaskFilter { assignee_tenant: Some(tenant), ..Default::default() };
            let (db, scope) = (&state.db, &scope);
            async move {
                let page = supervision::list_tasks(db, scope, f, today, req).await?;
                let last = page.items.last().map(|t| t.id.0);
                Ok((page, last))
            }
        })
        .await?;
        let ids = distinct(tasks.iter().flat_map(|t| [t.assignee_tenant_id, t.inspecting_tenant_id]));
        let places = tenants::get_many(&state.db, &scope, ids).await?;
        let name = |id: TenantId| {
            places.iter().find(|p| p.id == id).map(|p| (p.name.clone(), p.code.clone())).unwrap_or_default()
        };
        let rows = tasks
            .iter()
            .map(|task| {
                let (assignee, code) = name(task.assignee_tenant_id);
                vec![
                    Value::Text(task.id.to_string()),
                    Value::Text(assignee),
                    Value::Text(code),
                    Value::Text(name(task.inspecting_tenant_id).0),
                    Value::Text(task.requirement.clone()),
                    Value::Text(task.deadline.to_string()),
                    Value::Text(task.status.label().to_owned()),
                    Value::Number(Decimal::from(task.days_overdue(today))),
                    task.verified_on.map_or(Value::Empty, |d| Value::Text(d.to_string())),
                ]
            })
            .collect();
        let exported = china_time(chrono::Utc::now())?;
        let table = Table {
            sheet: "整改任务",
            title: format!("整改任务 · {} · 截至 {today} · 导出于 {exported}（北京时间）{}", t.name, cut_note(cut)),
            header: [
                ("编号 / Id", 8.0),
                ("整改单位 / Assignee", 20.0),
                ("区划代码 / Code", 14.0),
                ("督查单位 / Inspecting", 16.0),
                ("整改要求 / Requirement", 36.0),
                ("期限 / Deadline", 12.0),
                ("状态 / Status", 10.0),
                ("逾期天数 / Days overdue", 10.0),
                ("核验日期 / Verified on", 12.0),
            ]
            .into_iter()
            .map(|(l, w)| (l.to_owned(), w))
            .collect(),
            rows,
        };
        let ascii = format!("rectification-tasks-{}.xlsx", t.code);
        Ok::<_, AppError>(xlsx(&ascii, &format!("整改任务-{}.xlsx", t.name), table_xlsx(&table)?))
    }
    .await;
    result.unwrap_or_else(|e| error(&e))
}

/// The ids named, each once (what a batch read of their rows takes).
pub(super) fn distinct<T: Ord>(ids: impl Iterator<Item = T>) -> Vec<T> {
    let mut v: Vec<T> = ids.collect();
    v.sort_unstable();
    v.dedup();
    v
}

pub(super) fn header(cols: &[(&str, f64)]) -> Vec<(String, f64)> {
    cols.iter().map(|(l, w)| ((*l).to_owned(), *w)).collect()
}
