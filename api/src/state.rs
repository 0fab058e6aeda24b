//! What every request shares: the database pool, the cache, settings, signing keys, metrics.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::auth::jwt::JwtKeys;
use crate::auth::password::HashCost;
use crate::cache::Cache;
use crate::http::metrics::Metrics;
use crate::settings::Settings;

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub cache: Cache,
    pub settings: Arc<Settings>,
    pub keys: Arc<JwtKeys>,
    pub metrics: Arc<Metrics>,
}

impl AppState {
    pub fn hash_cost(&self) -> HashCost {
        HashCost::from(&self.settings.auth)
    }
}
