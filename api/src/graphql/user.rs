//! Users, their roles, and `me`.

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};

use super::kit::connection::{Conn, connection, page_request, parse_id};
use super::kit::context::ContextExt;
use super::tenant::TenantNode;
use crate::domain::ids::*;
use crate::domain::role::Role as DomainRole;
use crate::service::tenants;
use crate::service::users::{self, NewUser, User};

/// What a user may do at its home tenant and below.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// 管理员 — tenants, users, indicators, targets, schemes.
    Admin,
    /// 审核员 — accepts or returns submissions, decides applications, verifies, inspects.
    Reviewer,
    /// 填报员 — reports figures, applies, self-assesses, answers rectifications.
    Reporter,
    /// 查看者 — read only.
    Viewer,
}

impl From<Role> for DomainRole {
    fn from(r: Role) -> Self {
        match r {
            Role::Admin => DomainRole::Admin,
            Role::Reviewer => DomainRole::Reviewer,
            Role::Reporter => DomainRole::Reporter,
            Role::Viewer => DomainRole::Viewer,
        }
    }
}

impl From<DomainRole> for Role {
    fn from(r: DomainRole) -> Self {
        match r {
            DomainRole::Admin => Role::Admin,
            DomainRole::Reviewer => Role::Reviewer,
            DomainRole::Reporter => Role::Reporter,
            DomainRole::Viewer => Role::Viewer,
        }
    }
}

/// A role with its Chinese label.
#[derive(SimpleObject)]
pub struct RoleGrant {
    pub role: Role,
    /// e.g. 审核员
    pub label: &'static str,
}

pub struct UserNode {
    user: User,
    /// In a sign-in answer, the access token just issued: the request itself carries none, so
    /// the user's home tenant is read in the scope of that one.
    access_token: Option<String>,
}

impl From<User> for UserNode {
    fn from(user: User) -> Self {
        Self { user, access_token: None }
    }
}

impl UserNode {
    /// The user of a sign-in answer.
    pub fn signed_in(user: User, access_token: String) -> Self {
        Self { user, access_token: Some(access_token) }
    }
}

#[Object(name = "User")]
impl UserNode {
    async fn id(&self) -> ID {
        ID(self.user.id.to_string())
    }
    async fn username(&self) -> &str {
        &self.user.username
    }
    async fn display_name(&self) -> &str {
        &self.user.display_name
    }
    async fn roles(&self) -> Vec<Role> {
        self.user.role_set.iter().map(Role::from).collect()
    }
    /// Roles with their Chinese labels, for display.
    async fn role_grants(&self) -> Vec<RoleGrant> {
        self.user.role_set.iter().map(|r| RoleGrant { role: r.into(), label: r.label() }).collect()
    }
    async fn disabled(&self) -> bool {
        self.user.disabled_at.is_some()
    }
    async fn disabled_at(&self) -> Option<DateTime<Utc>> {
        self.user.disabled_at
    }
    /// 已锁定: repeated wrong passwords locked the account until `lockedUntil` (`unlockUser`
    /// ends it earlier).
    async fn locked(&self) -> bool {
        self.user.locked_until.is_some()
    }
    async fn locked_until(&self) -> Option<DateTime<Utc>> {
        self.user.locked_until
    }
    /// 须修改密码: an ADMIN reset the password and the user has not changed it yet.
    async fn must_change_password(&self) -> bool {
        self.user.must_change_password
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.user.created_at
    }
    /// The user's home tenant.
    async fn tenant(&self, ctx: &Context<'_>) -> Result<TenantNode> {
        if let Some(token) = &self.access_token
            && ctx.request_info()?.principal.is_none()
        {
            let state = ctx.state()?;
            let principal = crate::auth::authenticate(&state.db, &state.keys, &state.sign_ins, token).await?;
            return Ok(TenantNode(tenants::get(&state.db, &principal.own_scope(), principal.tenant_id()).await?));
        }
        let t = super::kit::loaders::tenant(ctx, self.user.tenant_id).await?;
        Ok(TenantNode(t.ok_or(crate::error::AppError::NotFound { entity: "tenant" })?))
    }
}

/// The signed-in caller.
pub struct Me {
    user: User,
}

#[Object]
impl Me {
    async fn user(&self) -> UserNode {
        UserNode::from(self.user.clone())
    }
    /// The caller's home tenant: the root of everything it can see.
    async fn tenant(&self, ctx: &Context<'_>) -> Result<TenantNode> {
        let (state, scope) = (ctx.state()?, ctx.own_scope()?);
        Ok(TenantNode(tenants::get(&state.db, &scope, scope.home()).await?))
    }
    async fn roles(&self) -> Vec<Role> {
        self.user.role_set.iter().map(Role::from).collect()
    }
}

#[derive(Default)]
pub struct UserQuery;

#[Object]
impl UserQuery {
    /// The signed-in caller, its roles and its home tenant (also while a password change is due:
    /// `me { user { mustChangePassword } }`).
    async fn me(&self, ctx: &Context<'_>) -> Result<Me> {
        let (state, scope) = (ctx.state()?, ctx.own_scope()?);
        Ok(Me { user: users::get(&state.db, &scope, scope.user_id()).await? })
    }

    /// A user of the caller's subtree. NOT_FOUND for any other id.
    async fn user(&self, ctx: &Context<'_>, id: ID) -> Result<UserNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let id = parse_id("id", &id)?;
        Ok(UserNode::from(users::get(&state.db, &scope, id).await?))
    }

    /// Users of the caller's subtree, optionally of one tenant.
    #[graphql(complexity = "first.unwrap_or(20).max(1) as usize * child_complexity")]
    async fn users(
        &self,
        ctx: &Context<'_>,
        tenant_id: Option<ID>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Conn<UserNode>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let req = page_request(ctx, &state.settings.graphql, first, after)?;
        let tenant = tenant_id.as_ref().map(|t| parse_id("tenantId", t).map(TenantId)).transpose()?;
        let page = users::list(&state.db, &scope, tenant, req).await?;
        Ok(connection(page, |u| u.id, UserNode::from))
    }
}

#[derive(InputObject)]
pub struct CreateUserInput {
    /// The user's home tenant; must be in the caller's subtree.
    pub tenant_id: ID,
    /// 3–64 characters: a-z, 0-9, '.', '_', '-'. Case-insensitive, unique.
    pub username: String,
    /// Shown in lists; defaults to the username. Up to 100 characters.
    pub display_name: Option<String>,
    /// At least 10 characters (configurable), at most 256.
    pub password: String,
    pub roles: Vec<Role>,
}

#[derive(InputObject)]
pub struct UpdateUserRolesInput {
    pub user_id: ID,
    /// The complete new set of roles (at least one).
    pub roles: Vec<Role>,
}

#[derive(Default)]
pub struct UserMutation;

#[Object]
impl UserMutation {
    /// Creates a user in a tenant of the caller's subtree (ADMIN).
    async fn create_user(&self, ctx: &Context<'_>, input: CreateUserInput) -> Result<UserNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let input = NewUser {
            tenant_id: parse_id("tenantId", &input.tenant_id)?,
            username: input.username,
            display_name: input.display_name,
            password: input.password,
            roles: input.roles.into_iter().map(DomainRole::from).collect(),
        };
        Ok(UserNode::from(users::create(state, &scope, input).await?))
    }

    /// Replaces a user's roles (ADMIN). Takes effect on the user's next request.
    async fn update_user_roles(&self, ctx: &Context<'_>, input: UpdateUserRolesInput) -> Result<UserNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let id = parse_id("userId", &input.user_id)?;
        let roles = input.roles.into_iter().map(DomainRole::from).collect();
        Ok(UserNode::from(users::update_roles(state, &scope, id, roles).await?))
    }

    /// Disables a user (ADMIN) and ends all its sessions at once.
    async fn disable_user(&self, ctx: &Context<'_>, user_id: ID) -> Result<UserNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let id = parse_id("userId", &user_id)?;
        Ok(UserNode::from(users::disable(state, &scope, id).await?))
    }
}
