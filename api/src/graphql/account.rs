//! Accounts: one's own password and sessions, and what an ADMIN does for a user who forgot a
//! password, was disabled by mistake or locked out.

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};

use super::kit::connection::parse_id;
use super::kit::context::ContextExt;
use super::user::UserNode;
use crate::service::accounts::{self, OwnSession, Reset};

/// One of the caller's own open sessions: a browser or phone it signed in from.
#[derive(SimpleObject)]
#[graphql(name = "Session")]
pub struct SessionNode {
    /// Pass to `endSession` to sign that device out.
    id: ID,
    /// The client address it signed in from.
    client: Option<String>,
    created_at: DateTime<Utc>,
    /// When it ends unless refreshed tokens stop being used earlier.
    expires_at: DateTime<Utc>,
    /// 当前会话: the session of this request.
    current: bool,
}

impl From<OwnSession> for SessionNode {
    fn from(s: OwnSession) -> Self {
        SessionNode {
            id: ID(s.id),
            client: s.client,
            created_at: s.created_at,
            expires_at: s.expires_at,
            current: s.current,
        }
    }
}

#[derive(InputObject)]
pub struct ChangePasswordInput {
    pub current_password: String,
    /// Meets `auth.password_min_length` and mixes `auth.password_min_classes` kinds of
    /// characters (letters, digits, others).
    pub new_password: String,
}

#[derive(SimpleObject)]
pub struct ChangePasswordPayload {
    /// The caller's other sessions, ended by the change (this one goes on).
    other_sessions_ended: u64,
}

/// A reset password: give `oneTimePassword` to the user by a trusted channel. It is shown only
/// in this answer; a sign-in with it may do nothing but change it (`changePassword`).
pub struct PasswordReset(Reset);

#[Object]
impl PasswordReset {
    async fn user(&self) -> UserNode {
        UserNode::from(self.0.user.clone())
    }
    /// 一次性密码, e.g. `k7dm-x3qa-9wpe`.
    async fn one_time_password(&self) -> &str {
        &self.0.one_time_password
    }
}

#[derive(Default)]
pub struct AccountQuery;

#[Object]
impl AccountQuery {
    /// 我的登录会话: the caller's open sessions, newest first (at most 100).
    async fn my_sessions(&self, ctx: &Context<'_>) -> Result<Vec<SessionNode>> {
        let (state, scope) = (ctx.state()?, ctx.own_scope()?);
        Ok(accounts::own_sessions(&state.db, &scope).await?.into_iter().map(SessionNode::from).collect())
    }
}

#[derive(Default)]
pub struct AccountMutation;

#[Object]
impl AccountMutation {
    /// 修改密码: the caller's own, with the current one. Ends the caller's other sessions. The
    /// one operation (with `me` and `logout`) that runs while a reset password must be changed.
    async fn change_password(&self, ctx: &Context<'_>, input: ChangePasswordInput) -> Result<ChangePasswordPayload> {
        let (state, scope) = (ctx.state()?, ctx.own_scope()?);
        let ended = accounts::change_password(state, &scope, &input.current_password, &input.new_password).await?;
        Ok(ChangePasswordPayload { other_sessions_ended: ended })
    }

    /// 退出某个会话: ends one of the caller's own sessions (a lost phone). Another user's
    /// session is NOT_FOUND. `false` when it had ended already.
    async fn end_session(&self, ctx: &Context<'_>, session_id: ID) -> Result<bool> {
        let (state, scope) = (ctx.state()?, ctx.own_scope()?);
        Ok(accounts::end_own_session(state, &scope, &session_id).await?)
    }

    /// 重置密码 (ADMIN above the user or of its tenant; not oneself): a one-time password, all
    /// the user's sessions ended, and its next sign-in may only change the password.
    async fn reset_user_password(&self, ctx: &Context<'_>, user_id: ID) -> Result<PasswordReset> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let id = parse_id("userId", &user_id)?;
        Ok(PasswordReset(accounts::reset_password(state, &scope, id).await?))
    }

    /// 启用用户: enables a disabled user again (ADMIN). It signs in anew.
    async fn enable_user(&self, ctx: &Context<'_>, user_id: ID) -> Result<UserNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let id = parse_id("userId", &user_id)?;
        Ok(UserNode::from(accounts::enable(state, &scope, id).await?))
    }

    /// 解锁用户: ends a lock that repeated wrong passwords set (ADMIN).
    async fn unlock_user(&self, ctx: &Context<'_>, user_id: ID) -> Result<UserNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let id = parse_id("userId", &user_id)?;
        Ok(UserNode::from(accounts::unlock(state, &scope, id).await?))
    }
}
