//! Trusted documents over the socket, as over HTTP (see `http::graphql::documents`): a
//! `subscribe` may name its document by `documentId` instead of sending its text, and under
//! `graphql.documents = "trusted"` a text runs only when its id is known or the caller is an
//! ADMIN; otherwise the subscription is refused with PERSISTED_QUERY_REQUIRED before anything is
//! parsed.

use crate::auth::Principal;
use crate::domain::document::DocumentId;
use crate::domain::role::Role;
use crate::error::{AppError, ErrorCode};
use crate::settings::DocumentMode;
use crate::state::AppState;

/// Puts the named document's text into the request and checks that the text may run; the code
/// and message of the `error` message when not.
pub async fn admit(
    state: &AppState,
    principal: &Principal,
    request: &mut async_graphql::Request,
    document_id: Option<String>,
) -> Result<(), (ErrorCode, String)> {
    let refused = |e: AppError| (e.code(), e.message());
    if let Some(raw) = document_id {
        let id = DocumentId::parse("documentId", &raw).map_err(refused)?;
        if request.query.is_empty() {
            let text = state.documents.find(&state.db, &id).await.map_err(refused)?;
            request.query = text.ok_or(AppError::UnknownDocument).map_err(refused)?.to_string();
        } else if DocumentId::of(&request.query) != id {
            let message = "documentId 与所附文档不符 / documentId is not the id of the query sent with it";
            return Err((ErrorCode::BadUserInput, message.to_owned()));
        }
        return Ok(());
    }
    if state.settings.document_mode() == DocumentMode::Any || principal.has_role(Role::Admin) {
        return Ok(());
    }
    match state.documents.knows_text(&state.db, &request.query).await.map_err(refused)? {
        true => Ok(()),
        false => Err(refused(AppError::DocumentRequired)),
    }
}
