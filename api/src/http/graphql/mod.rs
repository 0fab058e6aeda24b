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
//! Every error body is a GraphQL response with `extensions.code`.

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse, web};
use async_graphql::parser::types::OperationType;
use futures_util::StreamExt as _;

use crate::auth;
use crate::error::{AppError, ErrorCode};
use crate::graphql::context::RequestInfo;
use crate::graphql::errors::{code_of, internal_server_error, server_error};
use crate::graphql::{AppSchema, complete, limits, scan};
use crate::state::AppState;

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
    let request: async_graphql::Request = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(_) => {
            return neg.fail(
                &state,
                StatusCode::BAD_REQUEST,
                ErrorCode::GraphqlParseFailed,
                "body is not a GraphQL request: expected JSON {\"query\": …, \"variables\": …, \"operationName\": …}",
            );
        }
    };
    run(&req, request, neg, &state, &schema).await
}

pub async fn get(req: HttpRequest, state: web::Data<AppState>, schema: web::Data<AppSchema>) -> HttpResponse {
    let neg = Negotiated::of(&req);
    match async_graphql::http::parse_query_string(req.query_string()) {
        Ok(request) => run(&req, request, neg, &state, &schema).await,
        Err(_) => neg.fail(
            &state,
            StatusCode::BAD_REQUEST,
            ErrorCode::GraphqlParseFailed,
            "expected ?query=…[&variables=<JSON>][&operationName=…]",
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

async fn run(
    req: &HttpRequest,
    mut request: async_graphql::Request,
    neg: Negotiated,
    state: &AppState,
    schema: &AppSchema,
) -> HttpResponse {
    if request.query.trim().is_empty() {
        return neg.fail(state, StatusCode::BAD_REQUEST, ErrorCode::GraphqlParseFailed, "the request has no query");
    }
    let started = std::time::Instant::now();
    let principal = match bearer(req) {
        Ok(None) => None,
        Ok(Some(token)) => match auth::authenticate(&state.db, &state.keys, token).await {
            Ok(p) => Some(p),
            Err(err) => return unauthenticated(neg, state, &err),
        },
        Err(err) => return unauthenticated(neg, state, &err),
    };

    let span = tracing::Span::current();
    if let Some(p) = &principal {
        span.record("user", p.user_id().0);
        span.record("tenant", p.tenant_id().0);
    }
    if carries_nul(&request) {
        // PostgreSQL cannot store U+0000 in text, and no name, note or search needs it.
        return neg.fail(
            state,
            neg.request_error_status(),
            ErrorCode::BadUserInput,
            "文本不能含空字符 U+0000 / text must not contain the NUL character (U+0000)",
        );
    }
    let gql = &state.settings.graphql;
    // The parser recurses once per level of nesting: a document nested too deep is refused
    // before it can reach it.
    if let Err(e) = scan::scan(&request.query, gql.max_nesting, gql.max_tokens) {
        return neg.fail(state, neg.request_error_status(), ErrorCode::GraphqlParseFailed, e.to_string());
    }
    let doc = match async_graphql::parser::parse_query(&request.query) {
        Ok(doc) => doc,
        Err(e) => {
            return neg.fail(state, neg.request_error_status(), ErrorCode::GraphqlParseFailed, e.to_string());
        }
    };
    if let Err(e) = limits::check(&doc, limits::Limits::from(gql)) {
        return neg.fail(state, neg.request_error_status(), ErrorCode::GraphqlValidationFailed, e.to_string());
    }
    if req.method() == Method::GET
        && limits::operation_type(&doc, request.operation_name.as_deref()) != Some(OperationType::Query)
    {
        let mut resp = neg.fail(
            state,
            StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::BadUserInput,
            "only queries may be sent with GET; send mutations with POST",
        );
        resp.headers_mut().insert(header::ALLOW, HeaderValue::from_static("POST"));
        return resp;
    }
    // Kept to put the answer in selection order afterwards (see graphql::complete).
    let shape = (doc.clone(), complete::Conditions::of(&request.variables), request.operation_name.clone());
    let operation = operation_name(&doc, request.operation_name.as_deref()).map(str::to_owned);
    if let Some(name) = &operation {
        span.record("operation", name.as_str());
    }
    request.set_parsed_query(doc);
    if let Some(p) = &principal {
        // Per request: a loader caches what it loaded, and holds this caller's scope.
        request = request.data(crate::graphql::loaders::for_request(state.clone(), p.scope()));
    }
    let request = request.data(RequestInfo { principal, client: client_address(req, state) });
    let mut response = schema.execute(request).await;
    if let Some(completion) = crate::graphql::completion() {
        let (doc, conditions, operation_name) = shape;
        let ran = response.data != async_graphql::Value::Null || response.errors.iter().any(|e| !e.path.is_empty());
        if ran && let Some(plan) = complete::Plan::of(&doc, operation_name.as_deref(), &conditions) {
            completion.apply(&plan, &mut response);
        }
    }

    state.metrics.observe_operation(operation.as_deref(), started.elapsed());
    let not_run = response.data == async_graphql::Value::Null
        && response
            .errors
            .iter()
            .any(|e| matches!(code_of(e).as_deref(), Some("GRAPHQL_VALIDATION_FAILED") | Some("GRAPHQL_PARSE_FAILED")));
    let status = if not_run { neg.request_error_status() } else { StatusCode::OK };
    neg.answer(state, status, &response, req.method() == Method::GET)
}

/// A strong validator of an answer: its SHA-256, quoted (base64url).
fn etag(body: &[u8]) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    format!("\"{}\"", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(body)))
}

/// The name of the operation a request runs: the one asked for, or the only one's.
fn operation_name<'d>(
    doc: &'d async_graphql::parser::types::ExecutableDocument,
    asked: Option<&'d str>,
) -> Option<&'d str> {
    use async_graphql::parser::types::DocumentOperations;
    match (&doc.operations, asked) {
        (_, Some(name)) => Some(name),
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => ops.keys().next().map(|n| n.as_str()),
        _ => None,
    }
}

/// Whether a string of the request holds U+0000: in the document (raw or escaped) or in a
/// variable. The variables' nesting is bounded by the JSON parser, the walk by their size.
fn carries_nul(request: &async_graphql::Request) -> bool {
    fn in_value(v: &async_graphql::Value) -> bool {
        match v {
            async_graphql::Value::String(s) => s.contains('\0'),
            async_graphql::Value::List(items) => items.iter().any(in_value),
            async_graphql::Value::Object(map) => map.iter().any(|(k, v)| k.contains('\0') || in_value(v)),
            _ => false,
        }
    }
    let q = &request.query;
    q.contains('\0')
        || q.contains("\\u0000")
        || q.match_indices("\\u{").any(|(i, _)| {
            // `\u{0}` … `\u{00000000}`: only the few bytes after it are looked at.
            let digits: Vec<u8> = q.as_bytes()[i + 3..].iter().take(9).copied().take_while(|b| *b != b'}').collect();
            !digits.is_empty() && digits.len() < 9 && digits.iter().all(|b| *b == b'0')
        })
        || request.variables.iter().any(|(_, v)| in_value(v))
}

/// The answer when the bearer token could not be accepted: 401 when it is not valid, 503 (with
/// `Retry-After`) when the database that would tell cannot be reached — the client must not
/// throw its user out for that.
fn unauthenticated(neg: Negotiated, state: &AppState, err: &AppError) -> HttpResponse {
    match err {
        AppError::Unavailable(detail) => {
            tracing::warn!(detail = %detail, "authentication: backend unavailable");
            let mut resp =
                neg.fail(state, StatusCode::SERVICE_UNAVAILABLE, ErrorCode::ServiceUnavailable, err.message());
            resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(crate::error::RETRY_AFTER_SECS));
            return resp;
        }
        AppError::Internal(detail) => {
            let response =
                async_graphql::Response::from_errors(vec![internal_server_error(detail, "authentication failed")]);
            return neg.reply(state, StatusCode::INTERNAL_SERVER_ERROR, &response);
        }
        _ => {}
    }
    let mut resp = neg.fail(state, StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated, err.message());
    resp.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer error=\"invalid_token\""));
    resp
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
