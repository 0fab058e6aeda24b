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
    /// The caller's scope; UNAUTHENTICATED without a valid token.
    fn scope(&self) -> Result<Scope, AppError>;
}

impl ContextExt for Context<'_> {
    fn state(&self) -> Result<&AppState, AppError> {
        self.data::<AppState>().map_err(|_| AppError::internal("AppState missing from schema data"))
    }

    fn request_info(&self) -> Result<&RequestInfo, AppError> {
        self.data::<RequestInfo>().map_err(|_| AppError::internal("RequestInfo missing from request data"))
    }

    fn scope(&self) -> Result<Scope, AppError> {
        self.request_info()?
            .principal
            .as_ref()
            .map(Principal::scope)
            .ok_or(AppError::Unauthenticated("sign in first: send Authorization: Bearer <accessToken>"))
    }
}
