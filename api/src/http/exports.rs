//! File exports, authorised like the API: `Authorization: Bearer <accessToken>` and the caller's
//! scope. Errors are JSON in the GraphQL error shape with `extensions.code` (401 UNAUTHENTICATED,
//! 404 NOT_FOUND, 409 CONFLICT, …).
//!
//! - GET `/exports/assessment-rounds/{id}/notice.xlsx` and `…/notice.csv`: the published ranking
//!   (通报) of an assessment round, the same rows as the `assessmentResults` query. The CSV is
//!   UTF-8 with a byte-order mark (for Excel on Chinese Windows) and CRLF line ends; the .xlsx is
//!   a minimal Office Open XML workbook (one sheet, stored zip entries).

use std::io::Write as _;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::auth;
use crate::error::{AppError, ErrorCode};
use crate::graphql::errors::{internal_server_error, server_error};
use crate::service::assessments;
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
    Ok(auth::authenticate(&state.db, &state.keys, token).await?.scope())
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
        let id: i64 = raw_id.parse().map_err(|_| AppError::NotFound { entity: "assessment round" })?;
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
