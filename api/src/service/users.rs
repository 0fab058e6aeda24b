//! Users of a tenant: created, re-roled and disabled by an ADMIN of that tenant or an ancestor.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, IntoActiveModel, QueryFilter, Set};
use serde::Serialize;

use super::audit::{self, Actor};
use super::page::{self, Page, PageRequest};
use super::write::{Touch, Write};
use crate::auth::{Scope, password};
use crate::domain::ids::*;
use crate::domain::role::{Role, RoleSet};
use crate::domain::text;
use crate::domain::user::{NewPassword, PasswordRules, Username};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::unscoped::SessionSelector;
use entity::app_user;

pub const DISPLAY_NAME_MAX_CHARS: usize = 100;

/// A user without its password hash: what may be shown or audited.
#[derive(Clone, Debug, Serialize)]
pub struct User {
    pub id: UserId,
    pub tenant_id: TenantId,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<&'static str>,
    pub disabled_at: Option<DateTime<Utc>>,
    /// Locked after repeated wrong passwords, until then (unless an ADMIN unlocks it).
    pub locked_until: Option<DateTime<Utc>>,
    /// Reset by an ADMIN and not changed yet.
    pub must_change_password: bool,
    pub created_at: DateTime<Utc>,
    #[serde(skip)]
    pub role_set: RoleSet,
}

impl From<app_user::Model> for User {
    fn from(m: app_user::Model) -> Self {
        let role_set = RoleSet::from_stored(&m.roles);
        User {
            id: m.id,
            tenant_id: m.tenant_id,
            username: m.username,
            display_name: m.display_name,
            roles: role_set.iter().map(Role::as_str).collect(),
            disabled_at: m.disabled_at,
            locked_until: m.locked_until.filter(|t| *t > Utc::now()),
            must_change_password: m.must_change_password,
            created_at: m.created_at,
            role_set,
        }
    }
}

async fn get_model<C: ConnectionTrait>(db: &C, scope: &Scope, id: UserId) -> Result<app_user::Model, AppError> {
    scope.get::<app_user::Entity>(db, id).await
}

/// A user in scope, or NOT_FOUND.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn get<C: ConnectionTrait>(db: &C, scope: &Scope, id: UserId) -> Result<User, AppError> {
    Ok(get_model(db, scope, id).await?.into())
}

/// Users in scope, optionally of one tenant.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn list<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    tenant: Option<TenantId>,
    req: PageRequest,
) -> Result<Page<User>, AppError> {
    let mut q = scope.select::<app_user::Entity>();
    if let Some(t) = tenant {
        scope.check_tenant(db, t, "tenant").await?;
        q = q.filter(app_user::Column::TenantId.eq(t.0));
    }
    Ok(page::fetch(db, q, app_user::Column::Id, req).await?.map(User::from))
}

pub struct NewUser {
    pub tenant_id: TenantId,
    pub username: String,
    pub display_name: Option<String>,
    pub password: String,
    pub roles: Vec<Role>,
}

/// Creates a user in an in-scope tenant. ADMIN only.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn create(state: &AppState, scope: &Scope, input: NewUser) -> Result<User, AppError> {
    scope.require(Role::Admin)?;
    scope.check_tenant(&state.db, input.tenant_id, "tenant").await?;
    let prepared = prepare(state, input).await?;
    let txn = Write::begin(state, scope, Touch::Users).await?;
    let user = insert(&txn, Actor::from(scope), prepared).await?;
    txn.commit().await?;
    Ok(user)
}

/// A validated user with its password hashed, ready to insert.
pub(crate) struct PreparedUser {
    tenant_id: TenantId,
    username: Username,
    display_name: String,
    password_hash: String,
    roles: RoleSet,
}

impl PreparedUser {
    /// The same user, homed at a tenant created in the same transaction.
    pub(crate) fn for_tenant(self, tenant_id: TenantId) -> Self {
        Self { tenant_id, ..self }
    }
}

fn validate(input: &NewUser, password_hash: String) -> Result<PreparedUser, AppError> {
    let username = Username::parse(&input.username)?;
    let display_name = match input.display_name.as_deref() {
        Some(d) => text::bounded("displayName", d, DISPLAY_NAME_MAX_CHARS)?,
        None => username.as_str().to_owned(),
    };
    let roles = RoleSet::new(input.roles.iter().copied())?;
    Ok(PreparedUser { tenant_id: input.tenant_id, username, display_name, password_hash, roles })
}

/// Validates the input and hashes the password, outside any transaction (hashing is slow).
pub(crate) async fn prepare(state: &AppState, input: NewUser) -> Result<PreparedUser, AppError> {
    validate(&input, String::new())?;
    let password = NewPassword::parse(&input.password, PasswordRules::of(&state.settings.auth))?;
    let hash = password::hash(password.expose().to_owned(), state.hash_cost()).await?;
    validate(&input, hash)
}

/// Validates the input and takes a hash computed earlier: the demo loader hashes its one
/// password once for all its users.
pub(crate) fn prepare_with_hash(input: &NewUser, password_hash: &str) -> Result<PreparedUser, AppError> {
    validate(input, password_hash.to_owned())
}

/// Inserts a prepared user and its audit row. The caller owns the transaction.
pub(crate) async fn insert(db: &Write, actor: Actor, p: PreparedUser) -> Result<User, AppError> {
    let now = Utc::now();
    let model = app_user::ActiveModel {
        tenant_id: Set(p.tenant_id),
        username: Set(p.username.as_str().to_owned()),
        display_name: Set(p.display_name),
        password_hash: Set(p.password_hash),
        roles: Set(p.roles.to_stored()),
        disabled_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|e| AppError::on_unique(e, "username", &format!("username {} is taken", p.username.as_str())))?;
    let user = User::from(model);
    audit::record::<(), _>(
        db,
        actor,
        audit::Entry {
            tenant: user.tenant_id,
            action: "user.create",
            entity_type: "user",
            entity_id: user.id.to_string(),
            before: None,
            after: Some(&user),
        },
    )
    .await?;
    Ok(user)
}

/// Replaces a user's roles. ADMIN only; an ADMIN cannot take ADMIN away from itself (that would
/// leave nobody able to undo it).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn update_roles(state: &AppState, scope: &Scope, id: UserId, roles: Vec<Role>) -> Result<User, AppError> {
    scope.require(Role::Admin)?;
    let roles = RoleSet::new(roles)?;
    if id == scope.user_id() && !roles.contains(Role::Admin) {
        return Err(AppError::bad_input("roles", "you cannot remove your own ADMIN role"));
    }
    let txn = Write::begin(state, scope, Touch::Users).await?;
    let model = get_model(&txn, scope, id).await?;
    let before = User::from(model.clone());
    let mut active = model.into_active_model();
    active.roles = Set(roles.to_stored());
    active.updated_at = Set(Utc::now());
    let after = User::from(active.update(&txn).await?);
    txn.forget_sign_ins_of(after.id);
    audit::record(
        &txn,
        Actor::from(scope),
        audit::Entry {
            tenant: after.tenant_id,
            action: "user.update_roles",
            entity_type: "user",
            entity_id: after.id.to_string(),
            before: Some(&before),
            after: Some(&after),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Disables a user and ends all its sessions at once. ADMIN only; not oneself. Disabling a
/// disabled user changes nothing and writes no audit row.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn disable(state: &AppState, scope: &Scope, id: UserId) -> Result<User, AppError> {
    scope.require(Role::Admin)?;
    if id == scope.user_id() {
        return Err(AppError::bad_input("userId", "you cannot disable your own account"));
    }
    let txn = Write::begin(state, scope, Touch::Users).await?;
    let model = get_model(&txn, scope, id).await?;
    if model.disabled_at.is_some() {
        return Ok(model.into());
    }
    let before = User::from(model.clone());
    let mut active = model.into_active_model();
    let now = Utc::now();
    active.disabled_at = Set(Some(now));
    active.updated_at = Set(now);
    let after = User::from(active.update(&txn).await?);
    let ended = txn.end_sessions(SessionSelector::AllOfUser(id), "user_disabled").await?;
    audit::record(
        &txn,
        Actor::from(scope),
        audit::Entry {
            tenant: after.tenant_id,
            action: "user.disable",
            entity_type: "user",
            entity_id: after.id.to_string(),
            before: Some(&before),
            after: Some(&serde_json::json!({ "user": &after, "sessionsEnded": ended })),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}
