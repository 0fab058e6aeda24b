//! Sessions, sign-ins and refresh tokens: what authentication reads before any scope exists,
//! and the revocations that must reach every session whatever scope asked for them.
#![allow(clippy::disallowed_methods)]

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QueryOrder, QuerySelect,
    RelationDef,
};

use crate::domain::ids::*;
use crate::error::AppError;
use entity::{app_user, refresh_token, session, tenant};

/// Authentication: the session named by a verified access token.
pub async fn session_by_id<C: ConnectionTrait>(db: &C, id: &str) -> Result<Option<session::Model>, AppError> {
    Ok(session::Entity::find_by_id(id.to_owned()).one(db).await?)
}

/// What authenticating a request needs of its session, its user and the user's tenant.
#[derive(Debug, FromQueryResult)]
pub struct SessionPrincipal {
    pub session_id: String,
    pub session_user_id: UserId,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub user_id: UserId,
    pub tenant_id: TenantId,
    pub roles: String,
    pub disabled_at: Option<DateTime<Utc>>,
    pub must_change_password: bool,
    /// The city the user's tenant belongs to (`NULL` when the tenant is a city itself).
    pub root_id: Option<TenantId>,
    /// The city's data version (`service::write`): the sum of its counters.
    pub data_version: i64,
}

/// The city's data version of the user's tenant, as a column of the authentication statement.
const DATA_VERSION_OF_CITY: &str = r#"(SELECT CAST(COALESCE(SUM("version"), 0) AS BIGINT) FROM "data_version" WHERE "city_id" = COALESCE("tenant"."root_id", "tenant"."id"))"#;

/// Authentication of every request: the session named by a verified access token, its user,
/// the user's city and the city's data version, in one statement.
pub async fn session_principal<C: ConnectionTrait>(db: &C, id: &str) -> Result<Option<SessionPrincipal>, AppError> {
    let user_of_session: RelationDef =
        session::Entity::belongs_to(app_user::Entity).from(session::Column::UserId).to(app_user::Column::Id).into();
    let tenant_of_user: RelationDef =
        app_user::Entity::belongs_to(tenant::Entity).from(app_user::Column::TenantId).to(tenant::Column::Id).into();
    Ok(session::Entity::find_by_id(id.to_owned())
        .select_only()
        .column_as(session::Column::Id, "session_id")
        .column_as(session::Column::UserId, "session_user_id")
        .column(session::Column::ExpiresAt)
        .column(session::Column::RevokedAt)
        .join(JoinType::InnerJoin, user_of_session)
        .join(JoinType::InnerJoin, tenant_of_user)
        .column_as(app_user::Column::Id, "user_id")
        .column(app_user::Column::TenantId)
        .column(app_user::Column::Roles)
        .column(app_user::Column::DisabledAt)
        .column(app_user::Column::MustChangePassword)
        .column(tenant::Column::RootId)
        .expr_as(sea_orm::sea_query::Expr::cust(DATA_VERSION_OF_CITY), "data_version")
        .into_model::<SessionPrincipal>()
        .one(db)
        .await?)
}

/// The city's data version by itself: authentication of a known session whose city's version
/// the node does not know, and the version a commit publishes (read after it committed).
pub async fn data_version<C: ConnectionTrait>(db: &C, city: TenantId) -> Result<i64, AppError> {
    let backend = db.get_database_backend();
    let param = if backend == sea_orm::DbBackend::Postgres { "$1" } else { "?" };
    let sql = format!(
        r#"SELECT CAST(COALESCE(SUM("version"), 0) AS BIGINT) AS "v" FROM "data_version" WHERE "city_id" = {param}"#
    );
    let row = db.query_one_raw(sea_orm::Statement::from_sql_and_values(backend, sql, [city.0.into()])).await?;
    Ok(match row {
        Some(r) => r.try_get::<i64>("", "v")?,
        None => 0,
    })
}

/// Authentication: the user behind a session or a refresh token.
pub async fn user_by_id<C: ConnectionTrait>(db: &C, id: UserId) -> Result<Option<app_user::Model>, AppError> {
    Ok(app_user::Entity::find_by_id(id).one(db).await?)
}

/// Login: the caller is not signed in yet, so there is no scope to search in.
pub async fn user_by_username<C: ConnectionTrait>(db: &C, username: &str) -> Result<Option<app_user::Model>, AppError> {
    Ok(app_user::Entity::find().filter(app_user::Column::Username.eq(username)).one(db).await?)
}

/// Refresh: the token presented is the only credential.
pub async fn refresh_token_by_hash<C: ConnectionTrait>(
    db: &C,
    hash: &str,
) -> Result<Option<refresh_token::Model>, AppError> {
    Ok(refresh_token::Entity::find().filter(refresh_token::Column::TokenHash.eq(hash)).one(db).await?)
}

/// Refresh: marks a token spent only if it is not already; `false` means another request spent
/// it first (treated as reuse).
pub async fn spend_refresh_token<C: ConnectionTrait>(db: &C, id: RefreshTokenId) -> Result<bool, AppError> {
    let res = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, sea_orm::sea_query::Expr::value(chrono::Utc::now()))
        .filter(refresh_token::Column::Id.eq(id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Revocation: ends open sessions (one, or all of a user's) — a security action that must
/// reach every session whatever scope asked for it. Returns how many were ended.
pub async fn revoke_sessions<C: ConnectionTrait>(
    db: &C,
    which: SessionSelector<'_>,
    reason: &str,
) -> Result<u64, AppError> {
    let mut q = session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, sea_orm::sea_query::Expr::value(chrono::Utc::now()))
        .col_expr(session::Column::RevokeReason, sea_orm::sea_query::Expr::value(reason))
        .filter(session::Column::RevokedAt.is_null());
    q = match which {
        SessionSelector::One(id) => q.filter(session::Column::Id.eq(id)),
        SessionSelector::AllOfUser(user) => q.filter(session::Column::UserId.eq(user.0)),
        SessionSelector::AllOfUserBut(user, kept) => {
            q.filter(session::Column::UserId.eq(user.0)).filter(session::Column::Id.ne(kept))
        }
    };
    Ok(q.exec(db).await?.rows_affected)
}

#[derive(Clone, Copy)]
pub enum SessionSelector<'a> {
    One(&'a str),
    AllOfUser(UserId),
    /// Every session of the user but the one named (a password change keeps the caller's own).
    AllOfUserBut(UserId, &'a str),
}

/// The open sessions of a user, newest first: what `mySessions` lists of the caller's own.
pub async fn open_sessions_of<C: ConnectionTrait>(db: &C, user: UserId) -> Result<Vec<session::Model>, AppError> {
    Ok(session::Entity::find()
        .filter(session::Column::UserId.eq(user.0))
        .filter(session::Column::RevokedAt.is_null())
        .filter(session::Column::ExpiresAt.gt(chrono::Utc::now()))
        .order_by_desc(session::Column::CreatedAt)
        .limit(MAX_OPEN_SESSIONS_LISTED)
        .all(db)
        .await?)
}

/// The most sessions `mySessions` lists (a user signs in from a few devices, not hundreds).
pub const MAX_OPEN_SESSIONS_LISTED: u64 = 100;
