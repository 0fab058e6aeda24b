//! File exports, authorised like the API: `Authorization: Bearer <accessToken>` and the caller's
//! scope. Errors are JSON in the GraphQL error shape with `extensions.code` (401 UNAUTHENTICATED,
//! 404 NOT_FOUND, 409 CONFLICT, …).
//!
//! - GET `/exports/assessment-rounds/{id}/notice.xlsx` and `…/notice.csv`: the published ranking
//!   (通报) of an assessment round, the same rows as the `assessmentResults` query. The CSV is
//!   UTF-8 with a byte-order mark (for Excel on Chinese Windows) and CRLF line ends; the .xlsx is
//!   a minimal Office Open XML workbook (one sheet, stored zip entries).
//! - GET `/exports/decomposition.xlsx?tenant=<id>&period=<period>`: the task decomposition table
//!   (任务分解表) of a tenant in scope (default: the caller's own) for a period, one sheet per
//!   indicator with the same figures as the `decomposition` query: a title row (what, tenant,
//!   indicator, period, when exported in China time), a frozen header naming each figure's unit,
//!   the tenant's own line, then one line per child. Written with `rust_xlsxwriter`.

use std::io::Write as _;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use crate::auth;
use crate::domain::ids::*;
use crate::error::{AppError, ErrorCode};
use crate::graphql::kit::errors::{internal_server_error, server_error};
use crate::service::{assessments, targets};
use crate::state::AppState;

fn error(err: &AppError) -> HttpResponse {
    let status = match err.code() {
        ErrorCode::Unauthenticated => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Conflict => StatusCode::CONFLICT,
        ErrorCode::BadUserInput => StatusCode::BAD_REQUEST,
        ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let error = match err {
        AppError::Internal(detail) => internal_server_error(detail, "export failed"),
        _ => server_error(err.code(), err.message()),
    };
    let body = async_graphql::Response::from_errors(vec![error]);
    let mut resp = match serde_json::to_vec(&body) {
        Ok(b) => HttpResponse::build(status).content_type("application/json; charset=utf-8").body(b),
        Err(_) => HttpResponse::build(status).finish(),
    };
    if status == StatusCode::UNAUTHORIZED {
        resp.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    resp
}

async fn scope_of(req: &HttpRequest, state: &AppState) -> Result<auth::Scope, AppError> {
    let token = super::graphql::bearer(req)?
        .ok_or(AppError::Unauthenticated("sign in first: send Authorization: Bearer <accessToken>"))?;
    Ok(auth::authenticate(&state.db, &state.keys, &state.sign_ins, token).await?.scope())
}

/// GET `/exports/assessment-rounds/{id}/notice.{ext}` with ext `xlsx` or `csv`.
pub async fn assessment_notice(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> HttpResponse {
    let (raw_id, file) = path.into_inner();
    let result = async {
        let scope = scope_of(&req, &state).await?;
        let id: RoundId =
            raw_id.parse::<i64>().map(RoundId).map_err(|_| AppError::NotFound { entity: "assessment round" })?;
        let res = assessments::results(&state.db, &scope, id).await?;
        let table = assessments::notice_table(&res);
        let name = format!("assessment-round-{id}-notice");
        match file.as_str() {
            "notice.csv" => Ok(HttpResponse::Ok()
                .content_type("text/csv; charset=utf-8")
                .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}.csv\"")))
                .body(csv(&table))),
            "notice.xlsx" => Ok(HttpResponse::Ok()
                .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}.xlsx\"")))
                .body(xlsx(&table, &numeric_columns(&table))?)),
            _ => Err(AppError::NotFound { entity: "export" }),
        }
    }
    .await;
    result.unwrap_or_else(|e| error(&e))
}

#[derive(serde::Deserialize)]
struct TableParams {
    tenant: Option<String>,
    period: Option<String>,
}

/// GET `/exports/decomposition.xlsx?tenant=<id>&period=<period>`.
pub async fn decomposition(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let result = async {
        let scope = scope_of(&req, &state).await?;
        let params = web::Query::<TableParams>::from_query(req.query_string())
            .map_err(|_| AppError::bad_input("query", "查询参数有误 / expected ?tenant=<id>&period=<period>"))?
            .into_inner();
        let period = params.period.ok_or(AppError::bad_input("period", "缺少期间 / name the period: ?period=2019"))?;
        let tenant = match params.tenant {
            Some(t) => TenantId(t.parse().map_err(|_| AppError::NotFound { entity: "tenant" })?),
            None => scope.home(),
        };
        let (t, tables) = targets::table(&state.db, &scope, tenant, &period).await?;
        let body = decomposition_xlsx(&t.name, &period, &tables, chrono::Utc::now())?;
        let ascii = format!("decomposition-{}-{period}.xlsx", t.code);
        let name = format!("任务分解表-{}-{period}.xlsx", t.name);
        Ok(HttpResponse::Ok()
            .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            .insert_header((header::CONTENT_DISPOSITION, content_disposition(&ascii, &name)))
            .body(body))
    }
    .await;
    result.unwrap_or_else(|e| error(&e))
}

/// `attachment` with an ASCII fallback name and the real one as `filename*=UTF-8''…` (RFC 6266,
/// RFC 8187 percent-encoding).
fn content_disposition(ascii: &str, name: &str) -> String {
    let fallback: String =
        ascii.chars().map(|c| if c.is_ascii_alphanumeric() || "-_.".contains(c) { c } else { '_' }).collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

/// A sheet name Excel takes: at most 31 characters, none of `[]:*?/\`, unique in the workbook.
fn sheet_name(name: &str, taken: &[String]) -> String {
    let clean: String = name.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(28).collect();
    let clean = if clean.trim().is_empty() { "指标".to_owned() } else { clean };
    let mut candidate = clean.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&candidate)) {
        candidate = format!("{clean}({n})");
        n += 1;
    }
    candidate
}

/// The decomposition table as a workbook: one sheet per indicator (see the module doc).
pub fn decomposition_xlsx(
    tenant: &str,
    period: &str,
    tables: &[targets::Decomposition],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<u8>, AppError> {
    let china = chrono::FixedOffset::east_opt(8 * 3600).ok_or_else(|| AppError::internal("UTC+8 offset"))?;
    let heading =
        SheetHeading { tenant, period, exported: now.with_timezone(&china).format("%Y-%m-%d %H:%M").to_string() };
    let formats = SheetFormats::new();
    let mut wb = Workbook::new();
    let mut taken = Vec::new();
    let build = |wb: &mut Workbook, taken: &mut Vec<String>| -> Result<(), XlsxError> {
        for d in tables {
            decomposition_sheet(wb, taken, d, &heading, &formats)?;
        }
        if tables.is_empty() {
            wb.add_worksheet().write_string(
                0,
                0,
                format!("任务分解表 · {tenant} · {period} · 无指标 / no indicators"),
            )?;
        }
        Ok(())
    };
    build(&mut wb, &mut taken).map_err(AppError::internal)?;
    wb.save_to_buffer().map_err(AppError::internal)
}

/// What every sheet's title names besides the indicator: the tenant, the period and when the
/// table was exported (China time).
struct SheetHeading<'a> {
    tenant: &'a str,
    period: &'a str,
    exported: String,
}

/// The cell formats of a decomposition sheet.
struct SheetFormats {
    title: Format,
    head: Format,
    percent: Format,
    own_line: Format,
}

impl SheetFormats {
    /// The title in bold 14 pt, a bold wrapped centred header, percentages, the own line bold.
    fn new() -> Self {
        SheetFormats {
            title: Format::new().set_bold().set_font_size(14),
            head: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            percent: Format::new().set_num_format("0.00%"),
            own_line: Format::new().set_bold(),
        }
    }
}

/// Writes a figure as a number (with the format, if any), as text when it does not fit an
/// f64, and nothing when there is none.
fn number(ws: &mut Worksheet, r: u32, c: u16, v: Option<Decimal>, f: Option<&Format>) -> Result<(), XlsxError> {
    match (v, v.and_then(|v| v.to_f64())) {
        (_, Some(x)) => match f {
            Some(f) => ws.write_number_with_format(r, c, x, f).map(|_| ()),
            None => ws.write_number(r, c, x).map(|_| ()),
        },
        (Some(v), None) => ws.write_string(r, c, v.to_string()).map(|_| ()),
        (None, None) => Ok(()),
    }
}

/// One indicator's sheet: the title row, the frozen header naming each figure's unit, the
/// tenant's own line, then one line per child. `taken` holds the sheet names already used.
fn decomposition_sheet(
    wb: &mut Workbook,
    taken: &mut Vec<String>,
    d: &targets::Decomposition,
    heading: &SheetHeading<'_>,
    formats: &SheetFormats,
) -> Result<(), XlsxError> {
    let SheetHeading { tenant, period, exported } = heading;
    let unit = &d.indicator.measure_unit;
    let name = sheet_name(&d.indicator.name, taken);
    taken.push(name.clone());
    let ws = wb.add_worksheet();
    ws.set_name(&name)?;
    let header = [
        "单位 / Tenant".to_owned(),
        "代码 / Code".to_owned(),
        format!("本级目标（{unit}）"),
        format!("配额（{unit}）"),
        format!("已下达（{unit}）"),
        format!("缺口（{unit}）"),
        format!("完成值（{unit}）"),
        "完成率（%）".to_owned(),
    ];
    let last = (header.len() - 1) as u16;
    let title = format!(
        "任务分解表 · {tenant} · {}（{unit}）· {period} · 导出于 {exported}（北京时间 UTC+8）",
        d.indicator.name
    );
    ws.merge_range(0, 0, 0, last, &title, &formats.title)?;
    ws.set_row_height(0, 24)?;
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, h, &formats.head)?;
    }
    ws.set_row_height(2, 32)?;
    ws.set_freeze_panes(3, 1)?;
    for (c, w) in [24.0, 14.0, 16.0, 16.0, 16.0, 16.0, 16.0, 12.0].into_iter().enumerate() {
        ws.set_column_width(c as u16, w)?;
    }
    ws.write_string_with_format(3, 0, format!("{}（本级）", d.tenant.name), &formats.own_line)?;
    ws.write_string(3, 1, &d.tenant.code)?;
    number(ws, 3, 2, d.own_target, None)?;
    number(ws, 3, 3, d.quota_received, None)?;
    number(ws, 3, 4, Some(d.handed_down), None)?;
    number(ws, 3, 5, d.gap, None)?;
    number(ws, 3, 6, d.actual, None)?;
    number(ws, 3, 7, d.completion, Some(&formats.percent))?;
    for (i, c) in d.children.iter().enumerate() {
        let r = 4 + i as u32;
        ws.write_string(r, 0, &c.tenant.name)?;
        ws.write_string(r, 1, &c.tenant.code)?;
        number(ws, r, 2, c.own_target, None)?;
        number(ws, r, 3, c.quota, None)?;
        number(ws, r, 6, c.actual, None)?;
        number(ws, r, 7, c.completion, Some(&formats.percent))?;
    }
    Ok(())
}

/// Columns written as numbers: rank, and the scores (everything between the code and the grade).
fn numeric_columns(table: &[Vec<String>]) -> Vec<bool> {
    let n = table.first().map(Vec::len).unwrap_or(0);
    (0..n).map(|i| i == 0 || (i >= 3 && i + 1 < n)).collect()
}

/// CSV: UTF-8 with BOM, CRLF, fields quoted when they hold a comma, quote or line break.
pub fn csv(table: &[Vec<String>]) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    for row in table {
        let cells: Vec<String> =
            row.iter()
                .map(|c| {
                    if c.contains([',', '"', '\n', '\r']) {
                        format!("\"{}\"", c.replace('"', "\"\""))
                    } else {
                        c.clone()
                    }
                })
                .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' && c != '\r' => {}
            c => out.push(c),
        }
    }
    out
}

fn column_name(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8_lossy(&s).into_owned()
}

fn sheet_xml(table: &[Vec<String>], numeric: &[bool]) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>",
    );
    for (r, row) in table.iter().enumerate() {
        x.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, cell) in row.iter().enumerate() {
            let at = format!("{}{}", column_name(c), r + 1);
            let is_number = r > 0 && numeric.get(c).copied().unwrap_or(false) && cell.parse::<f64>().is_ok();
            if is_number {
                x.push_str(&format!("<c r=\"{at}\"><v>{}</v></c>", xml_escape(cell)));
            } else {
                x.push_str(&format!("<c r=\"{at}\" t=\"inlineStr\"><is><t>{}</t></is></c>", xml_escape(cell)));
            }
        }
        x.push_str("</row>");
    }
    x.push_str("</sheetData></worksheet>");
    x
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="通报" sheetId="1" r:id="rId1"/></sheets></workbook>"#;

const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs></styleSheet>"#;

/// A one-sheet .xlsx of `table` (first row: header), with stored (uncompressed) zip entries.
pub fn xlsx(table: &[Vec<String>], numeric: &[bool]) -> Result<Vec<u8>, AppError> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let sheet = sheet_xml(table, numeric);
    let parts: [(&str, &str); 6] = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/styles.xml", STYLES),
        ("xl/worksheets/sheet1.xml", &sheet),
    ];
    for (name, body) in parts {
        zip.start_file(name, opts).map_err(AppError::internal)?;
        zip.write_all(body.as_bytes()).map_err(AppError::internal)?;
    }
    Ok(zip.finish().map_err(AppError::internal)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_and_csv_quoting() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        let t = vec![vec!["a,b".to_owned(), "say \"hi\"".to_owned()]];
        assert_eq!(csv(&t), "\u{feff}\"a,b\",\"say \"\"hi\"\"\"\r\n".as_bytes());
    }
}
