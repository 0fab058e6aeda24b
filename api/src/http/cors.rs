//! CORS for the origins of `http.cors_origins`, as a middleware on `/graphql`, `/exports/…`,
//! `/files` and `/uploads`.
//!
//! - A preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) from an origin on
//!   the list gets `204` with `Access-Control-Allow-Origin` (the origin itself, never `*`: requests
//!   carry `Authorization`), `-Allow-Methods: GET, POST` (and `PATCH, HEAD` on `/uploads`), `-Allow-Headers` (the request headers
//!   the endpoint reads), `-Max-Age` and `Vary: Origin`.
//! - A preflight from any other origin (every origin while the list is empty) gets `403`
//!   `FORBIDDEN` without any `Access-Control-*` header, so the browser stops there.
//! - Other requests run as usual; from an origin on the list, the answer carries
//!   `Access-Control-Allow-Origin` and `-Expose-Headers` (the ETag, the export's file name,
//!   `Retry-After`). While the list is not empty every answer says `Vary: Origin`.

use actix_web::body::BoxBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse, web};

use crate::error::ErrorCode;
use crate::graphql::kit::errors::server_error;
use crate::state::AppState;

const ALLOW_METHODS: &str = "GET, POST";
/// Chunked uploads also send their pieces (PATCH) and ask where they stand (HEAD).
const ALLOW_UPLOAD_METHODS: &str = "GET, POST, PATCH, HEAD";
/// What `graphql.rs`, `exports.rs` and `files.rs` read from a request, and `accept-language`
/// (safelisted anyway) for messages by language.
const ALLOW_HEADERS: &str = "authorization, content-type, accept, accept-language, if-none-match, upload-offset";
/// What a page may read of an answer beyond the CORS-safelisted headers.
const EXPOSE_HEADERS: &str = "etag, content-disposition, retry-after, www-authenticate, upload-offset";

/// The request's `Origin` when it is on the list.
fn allowed<'r>(list: &[String], origin: Option<&'r str>) -> Option<&'r str> {
    origin.filter(|o| list.iter().any(|allowed| allowed.eq_ignore_ascii_case(o.trim_end_matches('/'))))
}

pub async fn middleware(req: ServiceRequest, next: Next<BoxBody>) -> Result<ServiceResponse<BoxBody>, Error> {
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else { return next.call(req).await };
    let http = &state.settings.http;
    let origin = req.headers().get(header::ORIGIN).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let origin = allowed(&http.cors_origins, origin.as_deref()).and_then(|o| HeaderValue::from_str(o).ok());
    let preflight = req.method() == Method::OPTIONS
        && req.headers().contains_key(header::ORIGIN)
        && req.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);

    if preflight {
        let mut res = match origin {
            Some(origin) => HttpResponse::NoContent()
                .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, origin))
                .insert_header((
                    header::ACCESS_CONTROL_ALLOW_METHODS,
                    if req.path().starts_with("/uploads") { ALLOW_UPLOAD_METHODS } else { ALLOW_METHODS },
                ))
                .insert_header((header::ACCESS_CONTROL_ALLOW_HEADERS, ALLOW_HEADERS))
                .insert_header((header::ACCESS_CONTROL_MAX_AGE, http.cors_max_age_secs.to_string()))
                .finish(),
            None => forbidden(),
        };
        if !http.cors_origins.is_empty() {
            super::encoding::vary(res.headers_mut(), "origin");
        }
        return Ok(req.into_response(res));
    }

    let mut res = next.call(req).await?;
    if !http.cors_origins.is_empty() {
        super::encoding::vary(res.headers_mut(), "origin");
    }
    if let Some(origin) = origin {
        let headers = res.headers_mut();
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static(EXPOSE_HEADERS));
    }
    Ok(res)
}

/// The answer to a preflight from an origin not on the list: a GraphQL error body, no CORS header.
fn forbidden() -> HttpResponse {
    let body = async_graphql::Response::from_errors(vec![server_error(
        ErrorCode::Forbidden,
        "此来源的网页不能调用本接口（未列入 http.cors_origins）/ pages of this origin may not call this API (not in http.cors_origins)",
    )]);
    match serde_json::to_vec(&body) {
        Ok(b) => HttpResponse::build(StatusCode::FORBIDDEN).content_type("application/json; charset=utf-8").body(b),
        Err(_) => HttpResponse::Forbidden().finish(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_listed_origins_are_allowed() {
        let list = vec!["https://portal.example.cn".to_owned(), "http://127.0.0.1:5173".to_owned()];
        assert_eq!(allowed(&list, Some("https://portal.example.cn")), Some("https://portal.example.cn"));
        assert_eq!(allowed(&list, Some("https://PORTAL.example.cn")), Some("https://PORTAL.example.cn"));
        assert_eq!(allowed(&list, Some("http://127.0.0.1:5173")), Some("http://127.0.0.1:5173"));
        assert_eq!(allowed(&list, Some("http://portal.example.cn")), None);
        assert_eq!(allowed(&list, Some("https://portal.example.cn.evil.cn")), None);
        assert_eq!(allowed(&list, Some("null")), None);
        assert_eq!(allowed(&list, None), None);
        assert_eq!(allowed(&[], Some("https://portal.example.cn")), None);
    }
}
