//! A member of a round's field working group (实地考核组): a user of the round's tenant.

use sea_orm::entity::prelude::*;

use crate::ids::{RoundId, TenantId, UserId};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assessment_field_member")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub round_id: RoundId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub group_name: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: UserId,
    /// The round's tenant.
    pub tenant_id: TenantId,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
