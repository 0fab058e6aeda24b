//! What an official does with an account without a developer: change one's own password, list
//! and end one's own sessions; and what an ADMIN above a user does for it: reset a forgotten
//! password (a one-time password that must be changed at the next sign-in), enable a user that
//! was disabled by mistake, unlock an account that repeated wrong passwords locked. Each is
//! audited; none shows or audits a password.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, IntoActiveModel, Set};
use serde_json::json;

use super::audit::{self, Actor};
use super::users::User;
use super::write::{Touch, Write};
use crate::auth::{Scope, password, tokens};
use crate::domain::ids::UserId;
use crate::domain::role::Role;
use crate::domain::user::{NewPassword, PASSWORD_MAX_CHARS, PasswordRules};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::unscoped::{self, SessionSelector};
use entity::{app_user, session};

/// One of the caller's own open sessions (a device or browser it signed in from).
#[derive(Clone, Debug)]
pub struct OwnSession {
    pub id: String,
    pub client: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// The session of the request that asked.
    pub current: bool,
}

fn audit_entry<'a>(user: &'a app_user::Model, action: &'a str) -> audit::Entry<'a, (), serde_json::Value> {
    audit::Entry {
        tenant: user.tenant_id,
        action,
        entity_type: "user",
        entity_id: user.id.to_string(),
        before: None,
        after: None,
    }
}

/// Changes the caller's own password: the current one must be given, the new one meet the
/// rules and differ from it. Every other session of the caller ends; the caller's own goes on.
/// The only operation (with `me` and `logout`) open while a reset password must be changed.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn change_password(state: &AppState, scope: &Scope, current: &str, new: &str) -> Result<u64, AppError> {
    let user = unscoped::user_by_id(&state.db, scope.user_id()).await?.ok_or(AppError::NotFound { entity: "user" })?;
    // Guessing the current password here counts as guessing it at sign-in: a token alone must
    // not give unlimited tries at the password.
    if let Some(retry_after_secs) = locked_for(&user) {
        return Err(AppError::AccountLocked { retry_after_secs });
    }
    let current: String = current.chars().take(PASSWORD_MAX_CHARS + 1).collect();
    let right = current.chars().count() <= PASSWORD_MAX_CHARS
        && password::verify(current, Some(user.password_hash.clone()), state.hash_cost()).await?;
    if !right {
        if count_failure(state, &user).await? {
            let retry_after_secs = 60 * state.settings.auth.lock_minutes.max(1) as u64;
            return Err(AppError::AccountLocked { retry_after_secs });
        }
        return Err(AppError::bad_input("currentPassword", "当前密码不正确 / the current password is wrong"));
    }
    let new = NewPassword::parse(new, PasswordRules::of(&state.settings.auth)).map_err(|e| match e {
        AppError::BadInput { message, .. } => AppError::BadInput { field: "newPassword".into(), message },
        other => other,
    })?;
    if password::verify(new.expose().to_owned(), Some(user.password_hash.clone()), state.hash_cost()).await? {
        return Err(AppError::bad_input("newPassword", "新密码不能与当前密码相同 / the new password must differ"));
    }
    let hash = password::hash(new.expose().to_owned(), state.hash_cost()).await?;
    let txn = Write::begin(state, scope, Touch::Users).await?;
    let mut active = user.clone().into_active_model();
    active.password_hash = Set(hash);
    active.must_change_password = Set(false);
    active.updated_at = Set(Utc::now());
    active.update(&txn).await?;
    let kept = scope.principal().session_id();
    let ended = txn.end_sessions(SessionSelector::AllOfUserBut(user.id, kept), "password_changed").await?;
    let after = json!({ "otherSessionsEnded": ended });
    txn.audit(audit::Entry { after: Some(&after), ..audit_entry(&user, "user.change_password") })?;
    txn.commit().await?;
    Ok(ended)
}

/// The caller's own open sessions, newest first.
pub async fn own_sessions<C: ConnectionTrait>(db: &C, scope: &Scope) -> Result<Vec<OwnSession>, AppError> {
    let current = scope.principal().session_id();
    Ok(unscoped::open_sessions_of(db, scope.user_id())
        .await?
        .into_iter()
        .map(|s: session::Model| OwnSession {
            current: s.id == current,
            id: s.id,
            client: s.client,
            created_at: s.created_at,
            expires_at: s.expires_at,
        })
        .collect())
}

/// Ends one of the caller's own sessions (a lost phone); another user's is NOT_FOUND. Ending
/// the current one is a logout.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn end_own_session(state: &AppState, scope: &Scope, id: &str) -> Result<bool, AppError> {
    let txn = Write::begin(state, scope, Touch::Sessions).await?;
    let found = unscoped::session_by_id(&txn, id).await?.filter(|s| s.user_id == scope.user_id());
    let Some(found) = found else { return Err(AppError::NotFoundAt { entity: "session", field: "sessionId".into() }) };
    if txn.end_sessions(SessionSelector::One(&found.id), "ended_by_user").await? == 0 {
        // Ended already: nothing to write (the transaction rolls back).
        return Ok(false);
    }
    txn.audit(audit::Entry::<(), ()> {
        tenant: scope.home(),
        action: "session.end",
        entity_type: "user",
        entity_id: scope.user_id().to_string(),
        before: None,
        after: None,
    })?;
    txn.commit().await?;
    Ok(true)
}

/// What an ADMIN's password reset hands back: the user and the one-time password, shown once.
pub struct Reset {
    pub user: User,
    pub one_time_password: String,
}

/// An ADMIN above the user (or of its tenant) sets a one-time password: every session of the
/// user ends, and its next sign-in may do nothing but change it. Not for oneself (use
/// `changePassword`). The password is returned once and never stored or audited in clear.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn reset_password(state: &AppState, scope: &Scope, id: UserId) -> Result<Reset, AppError> {
    scope.require(Role::Admin)?;
    if id == scope.user_id() {
        return Err(AppError::bad_input(
            "userId",
            "请用 changePassword 修改自己的密码 / use changePassword for your own",
        ));
    }
    let one_time_password = tokens::one_time_password();
    let hash = password::hash(one_time_password.clone(), state.hash_cost()).await?;
    let txn = Write::begin(state, scope, Touch::Users).await?;
    let model = scope.get::<app_user::Entity>(&txn, id).await?;
    let mut active = model.clone().into_active_model();
    active.password_hash = Set(hash);
    active.must_change_password = Set(true);
    active.locked_until = Set(None);
    active.updated_at = Set(Utc::now());
    let user = User::from(active.update(&txn).await?);
    let ended = txn.end_sessions(SessionSelector::AllOfUser(id), "password_reset").await?;
    let after = json!({ "sessionsEnded": ended, "mustChangePassword": true });
    txn.audit(audit::Entry { after: Some(&after), ..audit_entry(&model, "user.reset_password") })?;
    txn.commit().await?;
    forget_failures(state, id).await?;
    Ok(Reset { user, one_time_password })
}

/// Enables a disabled user again (ADMIN above it). Its old sessions stay ended: it signs in
/// anew. Enabling an enabled user changes nothing and writes no audit row.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn enable(state: &AppState, scope: &Scope, id: UserId) -> Result<User, AppError> {
    standing(state, scope, id, "user.enable", |m| m.disabled_at.is_some(), |a| a.disabled_at = Set(None)).await
}

/// Unlocks an account that repeated wrong passwords locked (ADMIN above it). Unlocking one that
/// is not locked changes nothing and writes no audit row.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn unlock(state: &AppState, scope: &Scope, id: UserId) -> Result<User, AppError> {
    let locked = |m: &app_user::Model| locked_for(m).is_some();
    let user = standing(state, scope, id, "user.unlock", locked, |a| a.locked_until = Set(None)).await?;
    forget_failures(state, id).await?;
    Ok(user)
}

/// An ADMIN's change of a user's standing: `change` applied and audited when `applies`.
async fn standing(
    state: &AppState,
    scope: &Scope,
    id: UserId,
    action: &str,
    applies: impl Fn(&app_user::Model) -> bool,
    change: impl Fn(&mut app_user::ActiveModel),
) -> Result<User, AppError> {
    scope.require(Role::Admin)?;
    let txn = Write::begin(state, scope, Touch::Users).await?;
    let model = scope.get::<app_user::Entity>(&txn, id).await?;
    if !applies(&model) {
        return Ok(model.into());
    }
    let before = User::from(model.clone());
    let mut active = model.into_active_model();
    change(&mut active);
    active.updated_at = Set(Utc::now());
    let after = User::from(active.update(&txn).await?);
    txn.forget_sign_ins_of(id);
    txn.audit(audit::Entry {
        tenant: after.tenant_id,
        action,
        entity_type: "user",
        entity_id: id.to_string(),
        before: Some(&before),
        after: Some(&after),
    })?;
    txn.commit().await?;
    Ok(after)
}

fn failures_key(user: UserId) -> String {
    format!("login-fail-user:{user}")
}

/// Login: a wrong password for an existing, enabled user counts against it (in the cache, as
/// the other sign-in limits: a failed login writes nothing); at `auth.lock_after_failures` in a
/// row within `auth.lock_minutes` the account locks for `auth.lock_minutes`, written and
/// audited. Whether this failure locked it.
pub async fn count_failure(state: &AppState, user: &app_user::Model) -> Result<bool, AppError> {
    let auth = &state.settings.auth;
    let window = std::time::Duration::from_secs(60 * auth.lock_minutes.max(1) as u64);
    let (failures, _) = state.cache.incr_in_window(&failures_key(user.id), window).await?;
    if failures < i64::from(auth.lock_after_failures) {
        return Ok(false);
    }
    let until = Utc::now() + chrono::Duration::minutes(auth.lock_minutes);
    let actor = Actor { user: Some(user.id), tenant: Some(user.tenant_id) };
    let txn = Write::begin_as(state, actor, None, Touch::Users).await?;
    let mut active = user.clone().into_active_model();
    active.locked_until = Set(Some(until));
    active.update(&txn).await?;
    let after = json!({ "lockedUntil": until, "afterFailures": failures });
    txn.audit(audit::Entry { after: Some(&after), ..audit_entry(user, "user.lock") })?;
    txn.commit().await?;
    forget_failures(state, user.id).await?;
    Ok(true)
}

/// A sign-in, an unlock or a reset: the wrong passwords so far no longer count.
pub async fn forget_failures(state: &AppState, user: UserId) -> Result<(), AppError> {
    state.cache.delete(&failures_key(user)).await
}

/// Login: how long the account stays locked, if it is.
pub fn locked_for(user: &app_user::Model) -> Option<u64> {
    let left = user.locked_until? - Utc::now();
    (left > chrono::Duration::zero()).then(|| left.num_seconds().max(1) as u64)
}
