//! Running one GraphQL request: the caller from its bearer token, the checks made before the
//! document is executed (NUL characters, nesting, limits, queries only over GET, subscriptions
//! only over the WebSocket), execution with the per-request loaders, completion, and the status
//! of the answer.

use super::*;

/// Runs one GraphQL request: authenticates the caller, checks and parses the document, executes
/// it and answers with the status its errors call for.
pub(super) async fn run(
    req: &HttpRequest,
    mut request: async_graphql::Request,
    document_id: Option<String>,
    neg: Negotiated,
    state: &AppState,
    schema: &AppSchema,
) -> HttpResponse {
    let source = match documents::resolve(&mut request, document_id, neg, state).await {
        Ok(source) => source,
        Err(resp) => return resp,
    };
    if request.query.trim().is_empty() {
        return neg.fail(state, StatusCode::BAD_REQUEST, ErrorCode::GraphqlParseFailed, "the request has no query");
    }
    let started = std::time::Instant::now();
    let principal = match principal_of(req, neg, state).await {
        Ok(p) => p,
        Err(resp) => return resp,
    };
    if let Err(resp) = documents::admit(req, &request, source, principal.as_ref(), neg, state).await {
        return resp;
    }
    let span = tracing::Span::current();
    if let Some(p) = &principal {
        span.record("user", p.user_id().0);
        span.record("tenant", p.tenant_id().0);
    }
    let doc = match checked_document(req, &request, neg, state) {
        Ok(doc) => doc,
        Err(resp) => return *resp,
    };
    let operation = operation_name(&doc, request.operation_name.as_deref()).map(str::to_owned);
    if let Some(name) = &operation {
        span.record("operation", name.as_str());
    }
    let response = execute(req, request, doc, principal, state, schema).await;
    state.metrics.observe_operation(operation.as_deref(), started.elapsed());
    let not_run = response.data == async_graphql::Value::Null
        && response
            .errors
            .iter()
            .any(|e| matches!(code_of(e).as_deref(), Some("GRAPHQL_VALIDATION_FAILED") | Some("GRAPHQL_PARSE_FAILED")));
    // Nothing answered because a backend is down (the caller was known without asking it):
    // 503 with Retry-After, as when authentication itself could not reach it, so that clients
    // and proxies retry rather than show an answer.
    let unavailable = response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| code_of(e).as_deref() == Some("SERVICE_UNAVAILABLE"));
    let status = if not_run {
        neg.request_error_status()
    } else if unavailable {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::OK
    };
    let mut resp = neg.answer(state, status, &response, req.method() == Method::GET);
    if unavailable {
        resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(crate::error::RETRY_AFTER_SECS));
    }
    resp
}

/// The caller, from the bearer token if there is one; a bad or unknown token answers
/// UNAUTHENTICATED.
async fn principal_of(
    req: &HttpRequest,
    neg: Negotiated,
    state: &AppState,
) -> Result<Option<auth::Principal>, HttpResponse> {
    match bearer(req) {
        Ok(None) => Ok(None),
        Ok(Some(token)) => match auth::authenticate(&state.db, &state.keys, &state.sign_ins, token).await {
            Ok(p) => Ok(Some(p)),
            Err(err) => Err(unauthenticated(neg, state, &err)),
        },
        Err(err) => Err(unauthenticated(neg, state, &err)),
    }
}

/// The parsed document, once the request has passed the checks made before executing it: no
/// NUL character, nesting and tokens within bounds (before the parser recurses), the document's
/// limits, and only queries over GET. Otherwise the error answer (boxed: it is large).
fn checked_document(
    req: &HttpRequest,
    request: &async_graphql::Request,
    neg: Negotiated,
    state: &AppState,
) -> Result<ExecutableDocument, Box<HttpResponse>> {
    if carries_nul(request) {
        // PostgreSQL cannot store U+0000 in text, and no name, note or search needs it.
        return Err(Box::new(neg.fail(
            state,
            neg.request_error_status(),
            ErrorCode::BadUserInput,
            "文本不能含空字符 U+0000 / text must not contain the NUL character (U+0000)",
        )));
    }
    let gql = &state.settings.graphql;
    // The parser recurses once per level of nesting: a document nested too deep is refused
    // before it can reach it.
    if let Err(e) = scan::scan(&request.query, gql.max_nesting, gql.max_tokens) {
        return Err(Box::new(neg.fail(
            state,
            neg.request_error_status(),
            ErrorCode::GraphqlParseFailed,
            e.to_string(),
        )));
    }
    let doc = match async_graphql::parser::parse_query(&request.query) {
        Ok(doc) => doc,
        Err(e) => {
            return Err(Box::new(neg.fail(
                state,
                neg.request_error_status(),
                ErrorCode::GraphqlParseFailed,
                e.to_string(),
            )));
        }
    };
    if let Err(e) = limits::check(&doc, limits::Limits::from(gql)) {
        return Err(Box::new(neg.fail(
            state,
            neg.request_error_status(),
            ErrorCode::GraphqlValidationFailed,
            e.to_string(),
        )));
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
        return Err(Box::new(resp));
    }
    if limits::operation_type(&doc, request.operation_name.as_deref()) == Some(OperationType::Subscription) {
        let message = "订阅请用 WebSocket 连接 / subscriptions run over a WebSocket (graphql-transport-ws) on /graphql";
        return Err(Box::new(neg.fail(state, neg.request_error_status(), ErrorCode::BadUserInput, message)));
    }
    Ok(doc)
}

/// Executes the parsed document with the caller's per-request loaders and request info, then
/// puts the answer in selection order (see graphql::kit::complete) when it ran.
async fn execute(
    req: &HttpRequest,
    mut request: async_graphql::Request,
    doc: ExecutableDocument,
    principal: Option<auth::Principal>,
    state: &AppState,
    schema: &AppSchema,
) -> async_graphql::Response {
    // Kept to put the answer in selection order afterwards (see graphql::kit::complete).
    let shape = (doc.clone(), complete::Conditions::of(&request.variables), request.operation_name.clone());
    request.set_parsed_query(doc);
    if let Some(p) = &principal {
        // Per request: a loader caches what it loaded, and holds this caller's scope.
        request = request.data(crate::graphql::kit::loaders::for_request(state.clone(), p.own_scope()));
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
    response
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
pub(crate) fn carries_nul(request: &async_graphql::Request) -> bool {
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
    if let Some(resp) = backend_failure(neg, state, err, "authentication") {
        return resp;
    }
    let mut resp = neg.fail(state, StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated, err.message());
    resp.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer error=\"invalid_token\""));
    resp
}

/// The answer when a backend failed before the operation ran: 503 (with `Retry-After`) when it
/// cannot be reached, 500 with an error id when it failed; `None` for a client's error.
pub(super) fn backend_failure(neg: Negotiated, state: &AppState, err: &AppError, what: &str) -> Option<HttpResponse> {
    match err {
        AppError::Unavailable(detail) => {
            tracing::warn!(detail = %detail, "{what}: backend unavailable");
            let mut resp =
                neg.fail(state, StatusCode::SERVICE_UNAVAILABLE, ErrorCode::ServiceUnavailable, err.message());
            resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(crate::error::RETRY_AFTER_SECS));
            Some(resp)
        }
        AppError::Internal(detail) => {
            let response = async_graphql::Response::from_errors(vec![internal_server_error(detail, what)]);
            Some(neg.reply(state, StatusCode::INTERNAL_SERVER_ERROR, &response))
        }
        _ => None,
    }
}
