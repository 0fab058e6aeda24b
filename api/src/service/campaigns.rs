//! Campaigns (创建周期) with named phases, e.g. 2019–2021: 一年强基础, 两年见成效, 三年创示范.
//! Visible, like indicators, to the defining tenant's whole subtree.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use serde::Serialize;

use super::audit::{self, Actor};
use super::page::{self, Page, PageRequest};
use super::write::{Touch, Write};
use crate::auth::Scope;
use crate::domain::ids::*;
use crate::domain::period::YEARS;
use crate::domain::role::Role;
use crate::domain::text;
use crate::error::AppError;
use crate::state::AppState;
use entity::{campaign, campaign_phase};

/// Longest campaign, in years.
pub const MAX_YEARS: i32 = 10;

#[derive(Clone, Debug, Serialize)]
pub struct Phase {
    pub name: String,
    pub start_year: i32,
    pub end_year: i32,
}

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

pub async fn get<C: ConnectionTrait>(db: &C, scope: &Scope, id: CampaignId) -> Result<Campaign, AppError> {
    let m = scope.get_shared::<campaign::Entity>(db, id).await?;
    load(db, m).await
}

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

pub struct NewCampaign {
    pub name: String,
    pub start_year: i32,
    pub end_year: i32,
    pub phases: Vec<Phase>,
}

fn check(input: &NewCampaign) -> Result<(), AppError> {
    if !YEARS.contains(&input.start_year) || !YEARS.contains(&input.end_year) || input.end_year < input.start_year {
        return Err(AppError::bad_input("endYear", "a campaign runs from its start year to an end year not before it"));
    }
    if input.end_year - input.start_year + 1 > MAX_YEARS {
        return Err(AppError::bad_input("endYear", format!("a campaign lasts at most {MAX_YEARS} years")));
    }
    let mut next = input.start_year;
    for p in &input.phases {
        if p.start_year != next || p.end_year < p.start_year || p.end_year > input.end_year {
            return Err(AppError::bad_input(
                "phases",
                "phases follow each other without gaps or overlaps, inside the campaign's years",
            ));
        }
        next = p.end_year + 1;
    }
    if !input.phases.is_empty() && next != input.end_year + 1 {
        return Err(AppError::bad_input("phases", "the phases must cover the campaign to its end year"));
    }
    Ok(())
}

/// Defines a campaign for the caller's own tenant and its subtree (ADMIN).
pub async fn create(state: &AppState, scope: &Scope, input: NewCampaign) -> Result<Campaign, AppError> {
    scope.require(Role::Admin)?;
    let name = text::bounded("name", &input.name, 100)?;
    check(&input)?;
    let phase_names =
        input.phases.iter().map(|p| text::bounded("phases.name", &p.name, 50)).collect::<Result<Vec<_>, _>>()?;
    let txn = Write::begin(state, scope, Touch::Campaigns).await?;
    let m = campaign::ActiveModel {
        tenant_id: Set(scope.home()),
        name: Set(name),
        start_year: Set(input.start_year),
        end_year: Set(input.end_year),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for (i, (p, name)) in input.phases.iter().zip(phase_names).enumerate() {
        campaign_phase::ActiveModel {
            campaign_id: Set(m.id),
            ordinal: Set(i as i32 + 1),
            name: Set(name),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn campaign(phases: &[(i32, i32)]) -> NewCampaign {
        NewCampaign {
            name: "c".into(),
            start_year: 2019,
            end_year: 2021,
            phases: phases.iter().map(|(s, e)| Phase { name: "p".into(), start_year: *s, end_year: *e }).collect(),
        }
    }

    #[test]
    fn phases_tile_the_campaign() {
        assert!(check(&campaign(&[(2019, 2019), (2020, 2020), (2021, 2021)])).is_ok());
        assert!(check(&campaign(&[])).is_ok());
        assert!(check(&campaign(&[(2019, 2019), (2021, 2021)])).is_err());
        assert!(check(&campaign(&[(2019, 2020), (2020, 2021)])).is_err());
        assert!(check(&campaign(&[(2019, 2020)])).is_err());
    }
}
