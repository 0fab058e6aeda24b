//! One step of an application's timeline: who, what, at which level, why, when.

use sea_orm::entity::prelude::*;

use crate::ids::{ApplicationEventId, ApplicationId, TenantId, UserId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "application_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: ApplicationEventId,
    pub application_id: ApplicationId,
    pub unit_tenant_id: TenantId,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    /// The tenant at whose level the step was taken.
    pub at_tenant_id: TenantId,
    pub actor_user_id: Option<UserId>,
    pub actor_name: String,
    pub reason: Option<String>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
