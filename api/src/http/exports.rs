//! File exports, authorised like the API: `Authorization: Bearer <accessToken>` and the caller's
//! scope. Errors are JSON in the GraphQL error shape with `extensions.code` (401 UNAUTHENTICATED,
//! 404 NOT_FOUND, 409 CONFLICT, …).
//!
//! - GET `/exports/assessment-rounds/{id}/notice.xlsx` and `…/notice.csv`: the published ranking
//!   (通报) of an assessment round, the same rows as the `assessmentResults` query, named
//!   `<round>-通报.xlsx`. The CSV is UTF-8 with a byte-order mark (for Excel on Chinese Windows)
//!   and CRLF line ends, its text cells that a spreadsheet would run as a formula neutralised;
//!   the .xlsx has a title row (the round, the assessing tenant, when exported in China time),
//!   a frozen header, column widths, and numbers as numbers (see `sheets`).
//! - GET `/exports/decomposition.xlsx?tenant=<id>&period=<period>`: the task decomposition table
//!   (任务分解表) of a tenant in scope (default: the caller's own) for a period, one sheet per
//!   indicator with the same figures as the `decomposition` query: a title row (what, tenant,
//!   indicator, period, when exported in China time), a frozen header naming each figure's unit,
//!   the tenant's own line, then one line per child. Written with `rust_xlsxwriter`.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::auth;
use crate::domain::ids::*;
use crate::error::{AppError, ErrorCode};
use crate::graphql::kit::errors::{internal_server_error, server_error};
use crate::service::{assessments, targets};
use crate::state::AppState;

use super::sheets::{csv, decomposition_xlsx, notice_xlsx};

pub(super) fn error(err: &AppError) -> HttpResponse {
    error_as(status_of(err), err)
}

fn status_of(err: &AppError) -> StatusCode {
    match err.code() {
        ErrorCode::Unauthenticated => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden | ErrorCode::PasswordChangeRequired => StatusCode::FORBIDDEN,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Conflict => StatusCode::CONFLICT,
        ErrorCode::BadUserInput => StatusCode::BAD_REQUEST,
        ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::ServiceUnavailable => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The error as JSON in the GraphQL error shape, with this status.
pub(super) fn error_as(status: StatusCode, err: &AppError) -> HttpResponse {
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

pub(super) async fn scope_of(req: &HttpRequest, state: &AppState) -> Result<auth::Scope, AppError> {
    let token = super::graphql::bearer(req)?
        .ok_or(AppError::Unauthenticated("sign in first: send Authorization: Bearer <accessToken>"))?;
    auth::authenticate(&state.db, &state.keys, &state.sign_ins, token).await?.scope()
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
        let ascii = format!("assessment-round-{id}-notice");
        let name = format!("{}-通报", res.round.name);
        match file.as_str() {
            "notice.csv" => Ok(HttpResponse::Ok()
                .content_type("text/csv; charset=utf-8")
                .insert_header((
                    header::CONTENT_DISPOSITION,
                    content_disposition(&format!("{ascii}.csv"), &format!("{name}.csv")),
                ))
                .body(csv(&table))),
            "notice.xlsx" => {
                let tenant = crate::service::tenants::get(&state.db, &scope, res.round.tenant_id).await?;
                Ok(HttpResponse::Ok()
                    .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                    .insert_header((
                        header::CONTENT_DISPOSITION,
                        content_disposition(&format!("{ascii}.xlsx"), &format!("{name}.xlsx")),
                    ))
                    .body(notice_xlsx(&res.round.name, &tenant.name, &table, chrono::Utc::now())?))
            }
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
    disposition("attachment", ascii, name)
}

/// `inline` or `attachment`, with both names (see `content_disposition`).
pub(super) fn disposition(how: &str, ascii: &str, name: &str) -> String {
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
    format!("{how}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}
