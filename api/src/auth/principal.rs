//! The signed-in caller. Built here from a verified access token and a live session, and nowhere
//! else, so holding a `Principal` (and the `Scope` it yields) proves authentication happened.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::Utc;

use super::jwt::JwtKeys;
use super::scope::Scope;
use super::sign_ins::{KeptSession, SignIns};
use crate::domain::ids::{TenantId, UserId};
use crate::domain::role::{Role, RoleSet};
use crate::error::AppError;
use crate::store::unscoped;

#[derive(Clone, Debug)]
pub struct Principal {
    user_id: UserId,
    tenant_id: TenantId,
    /// The city the home tenant belongs to (itself for a city): the key of per-city state such
    /// as the roll-up cache version. Tenants never move between cities, so it is as fixed as
    /// the home tenant.
    root_id: TenantId,
    roles: RoleSet,
    session_id: String,
    /// The city's data version (see `service::write`) as this node knows it at authentication
    /// (`SignIns`: from the commits it has heard of, else read with the session): what cached
    /// figures are keyed by.
    data_version: i64,
    /// The password was reset by an ADMIN: nothing runs but the caller's own account.
    must_change_password: bool,
    /// Set once this request has committed a write: the version read at authentication is then
    /// behind, so figures read later in the same request are computed, not taken from the cache.
    wrote: Arc<AtomicBool>,
}

impl Principal {
    pub fn user_id(&self) -> UserId {
        self.user_id
    }
    pub fn tenant_id(&self) -> TenantId {
        self.tenant_id
    }
    pub fn root_id(&self) -> TenantId {
        self.root_id
    }
    pub fn roles(&self) -> &RoleSet {
        &self.roles
    }
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(role)
    }
    pub fn session_id(&self) -> &str {
        &self.session_id
    }
    pub fn data_version(&self) -> i64 {
        self.data_version
    }
    /// Whether this request has committed a write since it was authenticated.
    pub fn has_written(&self) -> bool {
        self.wrote.load(Ordering::Relaxed)
    }
    pub(crate) fn mark_wrote(&self) {
        self.wrote.store(true, Ordering::Relaxed);
    }
    /// The tenant scope this principal reads and writes in; PASSWORD_CHANGE_REQUIRED while its
    /// password, reset by an ADMIN, has not been changed.
    pub fn scope(&self) -> Result<Scope, AppError> {
        if self.must_change_password {
            return Err(AppError::PasswordChangeRequired);
        }
        Ok(Scope::new(self.clone()))
    }
    /// The scope for the caller's own account only (`me`, `changePassword`, `logout`, its
    /// sessions): open also while a password change is due.
    pub fn own_scope(&self) -> Scope {
        Scope::new(self.clone())
    }
    pub fn must_change_password(&self) -> bool {
        self.must_change_password
    }
}

/// A principal for a user without a sign-in: for offline tasks run from the command line (the demo
/// loader), which act through the same services and scope as a signed-in user would. This is the
/// one way around `authenticate`; nothing reachable over HTTP calls it.
pub async fn principal_for_offline_task(
    db: &sea_orm::DatabaseConnection,
    username: &str,
) -> Result<Principal, AppError> {
    let user = unscoped::user_by_username(db, username)
        .await?
        .ok_or_else(|| AppError::internal(format!("offline task: no user {username}")))?;
    let home = unscoped::tenant_by_id(db, user.tenant_id)
        .await?
        .ok_or_else(|| AppError::internal(format!("offline task: {username} has no tenant")))?;
    Ok(Principal {
        user_id: user.id,
        tenant_id: user.tenant_id,
        root_id: home.root_id.unwrap_or(home.id),
        roles: RoleSet::from_stored(&user.roles),
        session_id: "offline-task".to_owned(),
        // An offline task reads nothing from the cache by version: it always computes.
        data_version: 0,
        must_change_password: false,
        wrote: Arc::new(AtomicBool::new(true)),
    })
}

/// Verifies a bearer token and checks, on every request, that its session is still open and
/// its user still enabled: logout and `disableUser` take effect at once, not at token expiry.
/// Roles come from the user row, so a role change also applies at once. What the database says
/// of the session is kept on the node (`SignIns`), and forgotten when an event revokes it, so a
/// request of a known session runs no statement.
pub async fn authenticate(
    db: &sea_orm::DatabaseConnection,
    keys: &JwtKeys,
    sign_ins: &SignIns,
    bearer: &str,
) -> Result<Principal, AppError> {
    let claims = keys.verify(bearer)?;
    let ended = AppError::Unauthenticated("session has ended; sign in again");
    let (found, data_version) = match sign_ins.session(&claims.sid) {
        Some(kept) => {
            let version = match sign_ins.version(kept.root_id) {
                Some(v) => v,
                None => {
                    let ticket = sign_ins.ticket();
                    let v = unscoped::data_version(db, kept.root_id).await?;
                    sign_ins.keep_version(ticket, kept.root_id, v);
                    v
                }
            };
            (kept, version)
        }
        None => {
            let ticket = sign_ins.ticket();
            // One statement: the session, its user, the user's city and the city's data version
            // (a session whose user is gone has ended too).
            let read = unscoped::session_principal(db, &claims.sid).await?.ok_or(ended)?;
            let kept = KeptSession::from(&read);
            sign_ins.keep(ticket, &read.session_id, kept.clone(), Some(read.data_version));
            (kept, read.data_version)
        }
    };
    if found.revoked || found.expires_at <= Utc::now() || claims.sub != found.session_user_id.to_string() {
        return Err(AppError::Unauthenticated("session has ended; sign in again"));
    }
    if found.disabled {
        return Err(AppError::Unauthenticated("account is disabled"));
    }
    Ok(Principal {
        user_id: found.user_id,
        tenant_id: found.tenant_id,
        root_id: found.root_id,
        roles: found.roles,
        session_id: claims.sid,
        data_version,
        must_change_password: found.must_change_password,
        wrote: Arc::default(),
    })
}
