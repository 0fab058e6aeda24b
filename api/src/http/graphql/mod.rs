//! GraphQL over HTTP.
//!
//! - POST `application/json` bodies, up to `server.body_limit_bytes` (413 beyond).
//! - GET runs queries only; a mutation over GET is 405 (`Allow: POST`).
//! - Parse and validation failures are 400 when the client accepts
//!   `application/graphql-response+json`; with `application/json` they stay 200.
//! - An invalid bearer token is 401 with `UNAUTHENTICATED` before anything runs.
//! - A successful GET answer carries a strong `ETag` and `Cache-Control: private, no-cache`;
//!   `If-None-Match`, compression and CORS are the middlewares' (`encoding`, `cors`).
//!
//! - A request may name a trusted document (`documentId`) instead of sending its text; under
//!   `graphql.documents = "trusted"` other texts are refused before they run (`documents`).
//!
//! Every error body is a GraphQL response with `extensions.code`.
//!
//! - here: the endpoints, how the client wants its answer, and the answer itself;
//! - `run`: one request from the bearer token to the answer: authentication, the checks made
//!   before executing, execution and completion.

mod documents;
mod run;

pub(crate) use self::run::carries_nul;

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse, web};
use async_graphql::parser::types::{ExecutableDocument, OperationType};
use futures_util::StreamExt as _;

use crate::auth;
use crate::error::{AppError, ErrorCode};
use crate::graphql::AppSchema;
use crate::graphql::kit::context::RequestInfo;
use crate::graphql::kit::errors::{code_of, internal_server_error, server_error};
use crate::graphql::kit::{complete, limits, scan};
use crate::state::AppState;

use self::run::{backend_failure, run};

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

/// How the client wants its answer.
#[derive(Clone, Copy)]
struct Negotiated {
    graphql_response: bool,
}

impl Negotiated {
    fn of(req: &HttpRequest) -> Self {
        let accept = req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or("");
        Self { graphql_response: accept.contains(GRAPHQL_RESPONSE) }
    }

    fn content_type(self) -> &'static str {
        if self.graphql_response {
            "application/graphql-response+json; charset=utf-8"
        } else {
            "application/json; charset=utf-8"
        }
    }

    fn reply(self, state: &AppState, status: StatusCode, response: &async_graphql::Response) -> HttpResponse {
        self.answer(state, status, response, false)
    }

    /// The answer; with `validated` (a GET query), a successful one carries a strong `ETag` of
    /// its body and `Cache-Control: private, no-cache` (answers are per user: a browser keeps
    /// them and asks again with `If-None-Match`, see `http::encoding`), an error answer
    /// `no-store`. POST answers get neither.
    fn answer(
        self,
        state: &AppState,
        status: StatusCode,
        response: &async_graphql::Response,
        validated: bool,
    ) -> HttpResponse {
        for err in &response.errors {
            state.metrics.observe_error(code_of(err).as_deref().unwrap_or("UNCODED"));
        }
        match serde_json::to_vec(response) {
            Ok(body) => {
                let mut res = HttpResponse::build(status);
                res.content_type(self.content_type());
                if validated && status == StatusCode::OK && response.errors.is_empty() {
                    res.insert_header((header::ETAG, etag(&body)))
                        .insert_header((header::CACHE_CONTROL, "private, no-cache"));
                } else if validated {
                    res.insert_header((header::CACHE_CONTROL, "no-store"));
                }
                res.body(body)
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot serialize GraphQL response");
                HttpResponse::InternalServerError().finish()
            }
        }
    }

    /// A response made only of one request-level error.
    fn fail(self, state: &AppState, status: StatusCode, code: ErrorCode, message: impl Into<String>) -> HttpResponse {
        let response = async_graphql::Response::from_errors(vec![server_error(code, message)]);
        self.reply(state, status, &response)
    }

    /// Status for a document that could not run: 400 under graphql-response+json, else 200.
    fn request_error_status(self) -> StatusCode {
        if self.graphql_response { StatusCode::BAD_REQUEST } else { StatusCode::OK }
    }
}

pub async fn post(
    req: HttpRequest,
    mut payload: web::Payload,
    state: web::Data<AppState>,
    schema: web::Data<AppSchema>,
) -> HttpResponse {
    let neg = Negotiated::of(&req);
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !content_type.starts_with("application/json") && !content_type.starts_with(GRAPHQL_RESPONSE) {
        return neg.fail(
            &state,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::BadUserInput,
            "send the request as Content-Type: application/json",
        );
    }
    let limit = state.settings.server.body_limit_bytes;
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let Ok(chunk) = chunk else {
            return neg.fail(
                &state,
                StatusCode::BAD_REQUEST,
                ErrorCode::BadUserInput,
                "request body could not be read",
            );
        };
        if body.len() + chunk.len() > limit {
            return neg.fail(
                &state,
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::BadUserInput,
                format!("request body is larger than {limit} bytes"),
            );
        }
        body.extend_from_slice(&chunk);
    }
    let body: documents::Body = match serde_json::from_slice(&body) {
        Ok(b) => b,
        Err(_) => {
            return neg.fail(
                &state,
                StatusCode::BAD_REQUEST,
                ErrorCode::GraphqlParseFailed,
                "body is not a GraphQL request: expected JSON {\"query\" or \"documentId\": …, \"variables\": …, \"operationName\": …}",
            );
        }
    };
    run(&req, body.request, body.document_id, neg, &state, &schema).await
}

pub async fn get(req: HttpRequest, state: web::Data<AppState>, schema: web::Data<AppSchema>) -> HttpResponse {
    let neg = Negotiated::of(&req);
    let parsed = async_graphql::http::parse_query_string(req.query_string())
        .ok()
        .zip(web::Query::<documents::GetId>::from_query(req.query_string()).ok());
    match parsed {
        Some((request, id)) => run(&req, request, id.into_inner().document_id, neg, &state, &schema).await,
        None => neg.fail(
            &state,
            StatusCode::BAD_REQUEST,
            ErrorCode::GraphqlParseFailed,
            "expected ?query=…|documentId=sha256:…[&variables=<JSON>][&operationName=…]",
        ),
    }
}

pub async fn method_not_allowed(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let mut resp = Negotiated::of(&req).fail(
        &state,
        StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::BadUserInput,
        "use POST (or GET for queries)",
    );
    resp.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, POST"));
    resp
}

/// A strong validator of an answer: its SHA-256, quoted (base64url).
fn etag(body: &[u8]) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    format!("\"{}\"", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(body)))
}

/// The bearer token, if an Authorization header was sent.
pub(crate) fn bearer(req: &HttpRequest) -> Result<Option<&str>, AppError> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else { return Ok(None) };
    let value = value.to_str().map_err(|_| AppError::Unauthenticated("malformed Authorization header"))?;
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() => {
            Ok(Some(token.trim()))
        }
        _ => Err(AppError::Unauthenticated("expected Authorization: Bearer <accessToken>")),
    }
}

/// The client address used for login rate limits: the peer, or the first X-Forwarded-For hop
/// when the deployment says a trusted proxy sets it.
fn client_address(req: &HttpRequest, state: &AppState) -> String {
    if state.settings.server.trust_forwarded_for
        && let Some(first) =
            req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok()).and_then(|v| v.split(',').next())
    {
        return first.trim().to_owned();
    }
    req.peer_addr().map(|a| a.ip().to_string()).unwrap_or_else(|| "unknown".to_owned())
}
