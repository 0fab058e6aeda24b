//! Per-request DataLoaders: they hold the caller's scope and cache what they loaded, so they are
//! built for each request (in the HTTP handler) and never shared. Lists that show each item's
//! unit, tenant, indicator or roll-up then cost a fixed number of statements, not one per item.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::Context;
use async_graphql::dataloader::{DataLoader, Loader};

use crate::auth::Scope;
use crate::domain::ids::*;
use crate::domain::period::Period;
use crate::error::AppError;
use crate::service::indicators::{self, Indicator};
use crate::service::rollups::{self, Detail, Rollups};
use crate::service::tenants::{self, Tenant};
use crate::service::units::{self, Unit};
use crate::state::AppState;

pub struct RequestLoader {
    state: AppState,
    scope: Scope,
}

pub type Loaders = DataLoader<RequestLoader>;

/// Keys requested within this window share one batch. Sibling resolvers register theirs in the
/// same executor pass, well inside it even on a loaded machine.
const BATCH_WINDOW: std::time::Duration = std::time::Duration::from_millis(2);

pub fn for_request(state: AppState, scope: Scope) -> Loaders {
    DataLoader::new(RequestLoader { state, scope }, tokio::spawn).delay(BATCH_WINDOW)
}

/// The request's loaders; UNAUTHENTICATED when the caller did not sign in.
pub fn loaders<'a>(ctx: &'a Context<'_>) -> Result<&'a Loaders, AppError> {
    ctx.data::<Loaders>()
        .map_err(|_| AppError::Unauthenticated("sign in first: send Authorization: Bearer <accessToken>"))
}

/// Loader errors are shared between the keys of a batch; each key gets its own copy.
pub fn unshare(e: Arc<AppError>) -> AppError {
    Arc::try_unwrap(e).unwrap_or_else(|shared| (*shared).clone())
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct UnitKey(pub UnitId);

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TenantKey(pub TenantId);

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct IndicatorKey(pub IndicatorId);

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RollupKey {
    pub tenant: TenantId,
    pub period: String,
    pub indicators: Vec<IndicatorId>,
    /// The parts selected beyond the tenant's own figures.
    pub detail: Detail,
}

impl Loader<UnitKey> for RequestLoader {
    type Value = Unit;
    type Error = Arc<AppError>;

    async fn load(&self, keys: &[UnitKey]) -> Result<HashMap<UnitKey, Unit>, Self::Error> {
        let ids = keys.iter().map(|k| k.0).collect();
        let rows = units::get_many(&self.state.db, &self.scope, ids).await.map_err(Arc::new)?;
        Ok(rows.into_iter().map(|u| (UnitKey(u.id), u)).collect())
    }
}

impl Loader<TenantKey> for RequestLoader {
    type Value = Tenant;
    type Error = Arc<AppError>;

    async fn load(&self, keys: &[TenantKey]) -> Result<HashMap<TenantKey, Tenant>, Self::Error> {
        let ids = keys.iter().map(|k| k.0).collect();
        let rows = tenants::get_many(&self.state.db, &self.scope, ids).await.map_err(Arc::new)?;
        Ok(rows.into_iter().map(|t| (TenantKey(t.id), t)).collect())
    }
}

impl Loader<IndicatorKey> for RequestLoader {
    type Value = Indicator;
    type Error = Arc<AppError>;

    async fn load(&self, keys: &[IndicatorKey]) -> Result<HashMap<IndicatorKey, Indicator>, Self::Error> {
        let ids = keys.iter().map(|k| k.0).collect();
        let rows = indicators::get_many(&self.state.db, &self.scope, ids).await.map_err(Arc::new)?;
        Ok(rows.into_iter().map(|i| (IndicatorKey(i.id), i)).collect())
    }
}

impl Loader<RollupKey> for RequestLoader {
    type Value = Rollups;
    type Error = Arc<AppError>;

    async fn load(&self, keys: &[RollupKey]) -> Result<HashMap<RollupKey, Rollups>, Self::Error> {
        let mut groups: HashMap<(String, Vec<IndicatorId>, Detail), Vec<TenantId>> = HashMap::new();
        for k in keys {
            groups.entry((k.period.clone(), k.indicators.clone(), k.detail)).or_default().push(k.tenant);
        }
        let mut out = HashMap::new();
        for ((period, indicators, detail), tenants) in groups {
            let p = Period::parse(&period).map_err(Arc::new)?;
            let found =
                rollups::rollups(&self.state, &self.scope, &tenants, p, &indicators, detail).await.map_err(Arc::new)?;
            for (t, rows) in found {
                let key = RollupKey { tenant: t, period: period.clone(), indicators: indicators.clone(), detail };
                out.insert(key, rows);
            }
        }
        Ok(out)
    }
}

/// A unit of the caller's subtree, through the request's loader.
pub async fn unit(ctx: &Context<'_>, id: UnitId) -> Result<Unit, AppError> {
    loaders(ctx)?.load_one(UnitKey(id)).await.map_err(unshare)?.ok_or(AppError::NotFound { entity: "unit" })
}

/// An indicator the caller may see, through the request's loader.
pub async fn indicator(ctx: &Context<'_>, id: IndicatorId) -> Result<Indicator, AppError> {
    loaders(ctx)?.load_one(IndicatorKey(id)).await.map_err(unshare)?.ok_or(AppError::NotFound { entity: "indicator" })
}

/// A tenant of the caller's subtree, through the request's loader.
pub async fn tenant(ctx: &Context<'_>, id: TenantId) -> Result<Option<Tenant>, AppError> {
    loaders(ctx)?.load_one(TenantKey(id)).await.map_err(unshare)
}
