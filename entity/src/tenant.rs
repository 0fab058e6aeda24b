//! A government at one level of the tree (city, county, township).

use sea_orm::entity::prelude::*;

use crate::ids::TenantId;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tenant")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: TenantId,
    #[sea_orm(unique)]
    pub code: String,
    pub name: String,
    /// `CITY`, `COUNTY` or `TOWNSHIP`.
    pub level: String,
    pub parent_id: Option<TenantId>,
    /// The city at the root of this tenant's tree (the future distribution key); `None` for a root.
    pub root_id: Option<TenantId>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
