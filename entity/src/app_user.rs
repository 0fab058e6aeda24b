//! A person who signs in; belongs to exactly one tenant.

use sea_orm::entity::prelude::*;

use crate::ids::{TenantId, UserId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "app_user")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: UserId,
    pub tenant_id: TenantId,
    #[sea_orm(unique)]
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    /// Comma-separated role names, e.g. `ADMIN,REVIEWER`.
    pub roles: String,
    pub disabled_at: Option<DateTimeUtc>,
    /// Set by an ADMIN's password reset: the next sign-in may only change the password.
    pub must_change_password: bool,
    /// No sign-in until then (an ADMIN may unlock earlier).
    pub locked_until: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
