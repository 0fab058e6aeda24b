//! Trusted documents on the wire (see `service::documents` for where they come from):
//!
//! - a request may name its document instead of sending it: `documentId: "sha256:<hex>"` in a
//!   POST body or the GET query string (an Apollo-style `extensions.persistedQuery.sha256Hash` is
//!   read the same way; nothing is ever registered through it). An unknown id is
//!   PERSISTED_QUERY_NOT_FOUND; an id sent with a text that is not its text's is BAD_USER_INPUT.
//! - under `graphql.documents = "trusted"` a text runs only when its id is known, the caller is
//!   an ADMIN, or it comes from GraphiQL (`X-Shiliu-Client: graphiql`) where GraphiQL is served;
//!   any other text is PERSISTED_QUERY_REQUIRED, before anything is parsed or executed.

use super::*;
use crate::domain::document::DocumentId;
use crate::domain::role::Role;
use crate::settings::DocumentMode;

/// The header GraphiQL sends (see web/graphiql/main.ts).
const CLIENT_HEADER: &str = "x-shiliu-client";

/// A POST body: the GraphQL request and the id of its document, if it names one.
#[derive(serde::Deserialize)]
pub(super) struct Body {
    #[serde(flatten)]
    pub request: async_graphql::Request,
    #[serde(default, rename = "documentId")]
    pub document_id: Option<String>,
}

/// The `documentId` of a GET query string.
#[derive(serde::Deserialize)]
pub(super) struct GetId {
    #[serde(default, rename = "documentId")]
    pub document_id: Option<String>,
}

/// Where the document of a request came from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Source {
    /// Named by a trusted id.
    Trusted,
    /// Sent as text.
    Text,
}

/// The id a request names: `documentId`, else the Apollo-style persisted-query hash.
fn named_id(request: &async_graphql::Request, document_id: Option<String>) -> Option<String> {
    document_id.or_else(|| {
        let hash = request.extensions.get("persistedQuery")?;
        let async_graphql::Value::Object(fields) = hash else { return None };
        match fields.get("sha256Hash") {
            Some(async_graphql::Value::String(h)) => Some(h.clone()),
            _ => None,
        }
    })
}

/// Puts the text of the named document into the request; the error answer when it cannot.
pub(super) async fn resolve(
    request: &mut async_graphql::Request,
    document_id: Option<String>,
    neg: Negotiated,
    state: &AppState,
) -> Result<Source, HttpResponse> {
    let Some(raw) = named_id(request, document_id) else { return Ok(Source::Text) };
    let status = neg.request_error_status();
    let id = DocumentId::parse("documentId", &raw).map_err(|e| neg.fail(state, status, e.code(), e.message()))?;
    if !request.query.is_empty() {
        if DocumentId::of(&request.query) != id {
            return Err(neg.fail(
                state,
                status,
                ErrorCode::BadUserInput,
                "documentId 与所附文档不符 / documentId is not the id of the query sent with it",
            ));
        }
        return Ok(Source::Trusted);
    }
    match state.documents.find(&state.db, &id).await {
        Ok(Some(text)) => {
            request.query = text.to_string();
            Ok(Source::Trusted)
        }
        Ok(None) => {
            Err(neg.fail(state, status, ErrorCode::PersistedQueryNotFound, AppError::UnknownDocument.message()))
        }
        Err(e) => Err(failure(neg, state, &e)),
    }
}

/// Under `graphql.documents = "trusted"`: whether a text may run; the error answer when not.
pub(super) async fn admit(
    req: &HttpRequest,
    request: &async_graphql::Request,
    source: Source,
    principal: Option<&auth::Principal>,
    neg: Negotiated,
    state: &AppState,
) -> Result<(), HttpResponse> {
    if source == Source::Trusted || state.settings.document_mode() == DocumentMode::Any {
        return Ok(());
    }
    if principal.is_some_and(|p| p.has_role(Role::Admin)) {
        return Ok(());
    }
    let from_graphiql = req.headers().get(CLIENT_HEADER).is_some_and(|v| v.as_bytes() == b"graphiql");
    if from_graphiql && state.settings.graphql.graphiql {
        return Ok(());
    }
    match state.documents.knows_text(&state.db, &request.query).await {
        Ok(true) => Ok(()),
        Ok(false) => Err(neg.fail(
            state,
            neg.request_error_status(),
            ErrorCode::PersistedQueryRequired,
            AppError::DocumentRequired.message(),
        )),
        Err(e) => Err(failure(neg, state, &e)),
    }
}

/// The answer when the documents could not be read (the database is down or failed).
fn failure(neg: Negotiated, state: &AppState, err: &AppError) -> HttpResponse {
    backend_failure(neg, state, err, "trusted documents").unwrap_or_else(|| {
        let response = async_graphql::Response::from_errors(vec![internal_server_error(&err.message(), "documents")]);
        neg.reply(state, StatusCode::INTERNAL_SERVER_ERROR, &response)
    })
}
