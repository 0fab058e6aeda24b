//! Closure table of the tenant tree: one row per (ancestor, descendant) pair, self included at
//! depth 0. Subtree reads are a single indexed lookup on `ancestor_id`.

use sea_orm::entity::prelude::*;

use crate::ids::TenantId;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tenant_closure")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub ancestor_id: TenantId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub descendant_id: TenantId,
    pub depth: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
