//! Sign-in sessions: login with rate limiting, refresh-token rotation with reuse detection,
//! logout. These run before a scope exists (login, refresh) or end it (logout).

use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};

use super::accounts;
use super::audit::{self, Actor};
use super::users::User;
use super::write::{Touch, Write};
use crate::auth::jwt::Claims;
use crate::auth::{Scope, password, tokens};
use crate::domain::role::Role;
use crate::domain::user::PASSWORD_MAX_CHARS;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::unscoped::{self, SessionSelector};
use entity::{app_user, refresh_token, session};

/// What a successful login or refresh hands the client.
pub struct Tokens {
    pub access_token: String,
    pub refresh_token: String,
    pub expires_at: DateTime<Utc>,
    pub user: User,
    /// The password was reset by an ADMIN: the client must have it changed first.
    pub must_change_password: bool,
}

const BAD_CREDENTIALS: AppError = AppError::Unauthenticated("invalid username or password");
const BAD_REFRESH: AppError = AppError::Unauthenticated("invalid or expired refresh token");

/// Signs a user in. After `login_max_failures` failed attempts for one (username, client) pair
/// within the window — or `login_max_failures_per_client` for one client across all usernames,
/// which stops password spraying — every attempt, right or wrong, answers RATE_LIMITED until the
/// window ends.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn login(state: &AppState, username: &str, password: &str, client: &str) -> Result<Tokens, AppError> {
    let username = username.trim().to_ascii_lowercase();
    let auth = &state.settings.auth;
    let pair_key = format!("login-fail:{username}:{client}");
    let client_key = format!("login-fail-client:{client}");
    for (key, max) in [(&pair_key, auth.login_max_failures), (&client_key, auth.login_max_failures_per_client)] {
        if let Some((n, left)) = state.cache.counter(key).await?
            && n >= max
        {
            return Err(AppError::RateLimited { retry_after_secs: left.as_secs().max(1) });
        }
    }
    let user = if username.len() <= 64 { unscoped::user_by_username(&state.db, &username).await? } else { None };
    if let Some(retry_after_secs) = user.as_ref().and_then(accounts::locked_for) {
        return Err(AppError::AccountLocked { retry_after_secs });
    }
    let password = password.chars().take(PASSWORD_MAX_CHARS + 1).collect::<String>();
    let ok = password.chars().count() <= PASSWORD_MAX_CHARS
        && password::verify(password, user.as_ref().map(|u| u.password_hash.clone()), state.hash_cost()).await?;
    let user = match user {
        Some(u) if ok && u.disabled_at.is_none() => u,
        found => {
            let window = Duration::from_secs(auth.login_failure_window_secs);
            state.cache.incr_in_window(&pair_key, window).await?;
            state.cache.incr_in_window(&client_key, window).await?;
            tracing::info!(username = %username, client = %client, "failed login");
            if let Some(u) = found.filter(|u| u.disabled_at.is_none())
                && accounts::count_failure(state, &u).await?
            {
                let retry_after_secs = accounts::locked_for(&u).unwrap_or(60 * auth.lock_minutes.max(1) as u64);
                return Err(AppError::AccountLocked { retry_after_secs });
            }
            return Err(BAD_CREDENTIALS);
        }
    };
    state.cache.delete(&pair_key).await?;
    accounts::forget_failures(state, user.id).await?;
    open_session(state, user, client).await
}

/// A successful login: a new session and its first refresh token, the failure count cleared.
async fn open_session(state: &AppState, user: app_user::Model, client: &str) -> Result<Tokens, AppError> {
    let auth = &state.settings.auth;
    let now = Utc::now();
    let session_id = tokens::random_token();
    let txn = Write::begin_as(state, Actor::SYSTEM, None, Touch::Sessions).await?;
    session::ActiveModel {
        id: Set(session_id.clone()),
        user_id: Set(user.id),
        created_at: Set(now),
        expires_at: Set(now + chrono::Duration::seconds(auth.refresh_ttl_secs)),
        revoked_at: Set(None),
        revoke_reason: Set(None),
        client: Set(Some(client.chars().take(200).collect())),
    }
    .insert(&txn)
    .await?;
    let must_change_password = user.must_change_password;
    // A lock that ran out is cleared with the sign-in that follows it.
    let user = if user.locked_until.is_some() {
        let mut active = user.into_active_model();
        active.locked_until = Set(None);
        active.update(&txn).await?
    } else {
        user
    };
    let refresh = issue_refresh_token(&txn, &session_id, state).await?;
    let user = User::from(user);
    audit::record::<(), _>(
        &txn,
        Actor { user: Some(user.id), tenant: Some(user.tenant_id) },
        audit::Entry {
            tenant: user.tenant_id,
            action: "session.login",
            entity_type: "user",
            entity_id: user.id.to_string(),
            before: None,
            after: Some(&serde_json::json!({ "client": client, "mustChangePassword": must_change_password })),
        },
    )
    .await?;
    txn.commit().await?;
    let (access_token, expires_at) = access_token(state, &user, &session_id)?;
    Ok(Tokens { access_token, refresh_token: refresh, expires_at, user, must_change_password })
}

/// Exchanges a refresh token for a new pair. The old one is spent; presenting a spent token
/// again means it was stolen or replayed, so its whole session is revoked.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn refresh(state: &AppState, presented: &str) -> Result<Tokens, AppError> {
    let hash = tokens::token_hash(presented);
    let txn = Write::begin_as(state, Actor::SYSTEM, None, Touch::Sessions).await?;
    let token = unscoped::refresh_token_by_hash(&txn, &hash).await?.ok_or(BAD_REFRESH)?;
    let session = unscoped::session_by_id(&txn, &token.session_id).await?.ok_or(BAD_REFRESH)?;
    let now = Utc::now();
    if session.revoked_at.is_some() || session.expires_at <= now || token.expires_at <= now {
        return Err(BAD_REFRESH);
    }
    if token.used_at.is_some() || !unscoped::spend_refresh_token(&txn, token.id).await? {
        txn.end_sessions(SessionSelector::One(&session.id), "reuse_detected").await?;
        let user = unscoped::user_by_id(&txn, session.user_id).await?;
        if let Some(user) = user {
            audit::record::<(), ()>(
                &txn,
                Actor { user: Some(user.id), tenant: Some(user.tenant_id) },
                audit::Entry {
                    tenant: user.tenant_id,
                    action: "session.reuse_detected",
                    entity_type: "user",
                    entity_id: user.id.to_string(),
                    before: None,
                    after: None,
                },
            )
            .await?;
        }
        txn.commit().await?;
        tracing::warn!(session = %session.id, "refresh token reuse detected; session revoked");
        return Err(AppError::Unauthenticated("refresh token was already used; the session has been ended"));
    }
    let user = unscoped::user_by_id(&txn, session.user_id).await?.ok_or(BAD_REFRESH)?;
    if user.disabled_at.is_some() {
        return Err(AppError::Unauthenticated("account is disabled"));
    }
    let refresh = issue_refresh_token(&txn, &session.id, state).await?;
    let must_change_password = user.must_change_password;
    let user = User::from(user);
    audit::record::<(), ()>(
        &txn,
        Actor { user: Some(user.id), tenant: Some(user.tenant_id) },
        audit::Entry {
            tenant: user.tenant_id,
            action: "session.refresh",
            entity_type: "user",
            entity_id: user.id.to_string(),
            before: None,
            after: None,
        },
    )
    .await?;
    txn.commit().await?;
    let (access_token, expires_at) = access_token(state, &user, &session.id)?;
    Ok(Tokens { access_token, refresh_token: refresh, expires_at, user, must_change_password })
}

/// Ends the caller's session: its access token stops working at once and its refresh tokens
/// are dead.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn logout(state: &AppState, scope: &Scope) -> Result<bool, AppError> {
    let txn = Write::begin(state, scope, Touch::Sessions).await?;
    let ended = txn.end_sessions(SessionSelector::One(scope.principal().session_id()), "logout").await?;
    audit::record::<(), ()>(
        &txn,
        Actor::from(scope),
        audit::Entry {
            tenant: scope.home(),
            action: "session.logout",
            entity_type: "user",
            entity_id: scope.user_id().to_string(),
            before: None,
            after: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(ended == 1)
}

async fn issue_refresh_token<C: sea_orm::ConnectionTrait>(
    db: &C,
    session_id: &str,
    state: &AppState,
) -> Result<String, AppError> {
    let token = tokens::random_token();
    let now = Utc::now();
    refresh_token::ActiveModel {
        session_id: Set(session_id.to_owned()),
        token_hash: Set(tokens::token_hash(&token)),
        issued_at: Set(now),
        expires_at: Set(now + chrono::Duration::seconds(state.settings.auth.refresh_ttl_secs)),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

fn access_token(state: &AppState, user: &User, session_id: &str) -> Result<(String, DateTime<Utc>), AppError> {
    let now = Utc::now();
    let expires_at = now + chrono::Duration::seconds(state.settings.auth.access_ttl_secs);
    let claims = Claims {
        sub: user.id.to_string(),
        tenant: user.tenant_id.0,
        roles: user.role_set.iter().map(|r: Role| r.as_str().to_owned()).collect(),
        exp: expires_at.timestamp(),
        iat: now.timestamp(),
        jti: tokens::random_token(),
        sid: session_id.to_owned(),
    };
    Ok((state.keys.sign(&claims)?, expires_at))
}
