//! Sign in, refresh, sign out.

use async_graphql::{Context, Object, Result};
use chrono::{DateTime, Utc};

use super::kit::context::ContextExt;
use super::user::UserNode;
use crate::service::sessions::{self, Tokens};

/// Tokens for a session. Send `accessToken` as `Authorization: Bearer …`; before `expiresAt`,
/// trade `refreshToken` for a new pair with `refreshSession` (each refresh token works once).
pub struct AuthPayload(Tokens);

#[Object]
impl AuthPayload {
    async fn access_token(&self) -> &str {
        &self.0.access_token
    }
    async fn refresh_token(&self) -> &str {
        &self.0.refresh_token
    }
    /// When the access token stops working.
    async fn expires_at(&self) -> DateTime<Utc> {
        self.0.expires_at
    }
    async fn token_type(&self) -> &'static str {
        "Bearer"
    }
    /// 须修改密码: the password was reset by an ADMIN; until `changePassword` succeeds, every
    /// other operation but `me` and `logout` answers PASSWORD_CHANGE_REQUIRED.
    async fn must_change_password(&self) -> bool {
        self.0.must_change_password
    }
    /// The signed-in user; its `tenant` is readable in this answer, everything else with the token.
    async fn user(&self) -> UserNode {
        UserNode::signed_in(self.0.user.clone(), self.0.access_token.clone())
    }
}

#[derive(Default)]
pub struct AuthMutation;

#[Object]
impl AuthMutation {
    /// Signs in. Repeated failures for one username from one client answer RATE_LIMITED
    /// (with `extensions.retryAfter` in seconds); `auth.lock_after_failures` wrong passwords in
    /// a row from any client lock the account for `auth.lock_minutes` (ACCOUNT_LOCKED, with
    /// `retryAfter`; an ADMIN above the user may `unlockUser`).
    async fn login(&self, ctx: &Context<'_>, username: String, password: String) -> Result<AuthPayload> {
        let (state, info) = (ctx.state()?, ctx.request_info()?);
        Ok(AuthPayload(sessions::login(state, &username, &password, &info.client).await?))
    }

    /// Trades a refresh token for a new access and refresh token. A refresh token that was
    /// already used ends its whole session (it has been copied).
    async fn refresh_session(&self, ctx: &Context<'_>, refresh_token: String) -> Result<AuthPayload> {
        Ok(AuthPayload(sessions::refresh(ctx.state()?, &refresh_token).await?))
    }

    /// Ends the caller's session: the access token stops working now, not at its expiry.
    async fn logout(&self, ctx: &Context<'_>) -> Result<bool> {
        let (state, scope) = (ctx.state()?, ctx.own_scope()?);
        Ok(sessions::logout(state, &scope).await?)
    }
}
