//! Campaigns (创建周期) with named phases, e.g. 2019–2021: 一年强基础, 两年见成效, 三年创示范.
//! Visible, like indicators, to the defining tenant's whole subtree.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use serde::Serialize;

use super::audit::{self, Actor};
use super::page::{self, Page, PageRequest};
use super::write::{Touch, Write};
use crate::auth::Scope;
use crate::domain::campaign::CampaignSpec;
use crate::domain::ids::*;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::state::AppState;
use entity::{campaign, campaign_phase};

pub use crate::domain::campaign::{MAX_YEARS, NewCampaign, Phase};

#[derive(Clone, Debug, Serialize)]
pub struct Campaign {
    pub id: CampaignId,
    pub tenant_id: TenantId,
    pub name: String,
    pub start_year: i32,
    pub end_year: i32,
    pub phases: Vec<Phase>,
    pub created_at: DateTime<Utc>,
}

async fn load<C: ConnectionTrait>(db: &C, m: campaign::Model) -> Result<Campaign, AppError> {
    let phases = crate::store::unscoped::campaign_phases(db, m.id)
        .await?
        .into_iter()
        .map(|p| Phase { name: p.name, start_year: p.start_year, end_year: p.end_year })
        .collect();
    Ok(Campaign {
        id: m.id,
        tenant_id: m.tenant_id,
        name: m.name,
        start_year: m.start_year,
        end_year: m.end_year,
        phases,
        created_at: m.created_at,
    })
}

#[tracing::instrument(level = "debug", skip_all)]
pub async fn get<C: ConnectionTrait>(db: &C, scope: &Scope, id: CampaignId) -> Result<Campaign, AppError> {
    let m = scope.get_shared::<campaign::Entity>(db, id).await?;
    load(db, m).await
}

#[tracing::instrument(level = "debug", skip_all)]
pub async fn list<C: ConnectionTrait>(db: &C, scope: &Scope, req: PageRequest) -> Result<Page<Campaign>, AppError> {
    let p = page::fetch(db, scope.select_shared::<campaign::Entity>(), campaign::Column::Id, req).await?;
    let mut items = Vec::with_capacity(p.items.len());
    for m in p.items {
        items.push(load(db, m).await?);
    }
    Ok(Page {
        items,
        has_next_page: p.has_next_page,
        has_previous_page: p.has_previous_page,
        total_count: p.total_count,
    })
}

/// Defines a campaign for the caller's own tenant and its subtree (ADMIN).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn create(state: &AppState, scope: &Scope, input: NewCampaign) -> Result<Campaign, AppError> {
    scope.require(Role::Admin)?;
    let spec = CampaignSpec::try_from(input)?;
    let txn = Write::begin(state, scope, Touch::Campaigns).await?;
    let m = campaign::ActiveModel {
        tenant_id: Set(scope.home()),
        name: Set(spec.name),
        start_year: Set(spec.start_year),
        end_year: Set(spec.end_year),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for (i, p) in spec.phases.into_iter().enumerate() {
        campaign_phase::ActiveModel {
            campaign_id: Set(m.id),
            ordinal: Set(i as i32 + 1),
            name: Set(p.name),
            start_year: Set(p.start_year),
            end_year: Set(p.end_year),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let created = load(&txn, m).await?;
    audit::record::<(), _>(
        &txn,
        Actor::from(scope),
        audit::Entry {
            tenant: created.tenant_id,
            action: "campaign.create",
            entity_type: "campaign",
            entity_id: created.id.to_string(),
            before: None,
            after: Some(&created),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}
