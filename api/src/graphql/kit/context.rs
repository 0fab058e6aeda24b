//! What resolvers take from the GraphQL context: shared state, the caller's scope, client info.

use async_graphql::Context;

use crate::auth::{Principal, Scope};
use crate::error::AppError;
use crate::state::AppState;

/// Per-request data put in by the HTTP layer.
#[derive(Clone, Debug, Default)]
pub struct RequestInfo {
    /// The authenticated caller, if a valid bearer token came with the request.
    pub principal: Option<Principal>,
    /// Client address used for login rate limits.
    pub client: String,
}

pub trait ContextExt {
    fn state(&self) -> Result<&AppState, AppError>;
    fn request_info(&self) -> Result<&RequestInfo, AppError>;
    /// The caller's scope; UNAUTHENTICATED without a valid token, PASSWORD_CHANGE_REQUIRED while
    /// a password reset by an ADMIN has not been changed.
    fn scope(&self) -> Result<Scope, AppError>;
    /// The caller's scope for its own account alone (`me`, `changePassword`, `logout`, its
    /// sessions), open also while a password change is due.
    fn own_scope(&self) -> Result<Scope, AppError>;
}

impl ContextExt for Context<'_> {
    fn state(&self) -> Result<&AppState, AppError> {
        self.data::<AppState>().map_err(|_| AppError::internal("AppState missing from schema data"))
    }

    fn request_info(&self) -> Result<&RequestInfo, AppError> {
        self.data::<RequestInfo>().map_err(|_| AppError::internal("RequestInfo missing from request data"))
    }

    fn scope(&self) -> Result<Scope, AppError> {
        principal(self)?.scope()
    }

    fn own_scope(&self) -> Result<Scope, AppError> {
        Ok(principal(self)?.own_scope())
    }
}

fn principal<'a>(ctx: &'a Context<'_>) -> Result<&'a Principal, AppError> {
    ctx.request_info()?
        .principal
        .as_ref()
        .ok_or(AppError::Unauthenticated("sign in first: send Authorization: Bearer <accessToken>"))
}
