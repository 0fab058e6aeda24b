//! What every request shares: the database pool, the cache, settings, signing keys, metrics.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::auth::SignIns;
use crate::auth::jwt::JwtKeys;
use crate::auth::password::HashCost;
use crate::blobs::Blobs;
use crate::cache::{Cache, LocalMemo};
use crate::domain::rollup::Rollup;
use crate::events::ChangeFeed;
use crate::events::bus::RedisBus;
use crate::settings::Settings;
use crate::store::documents::Documents;
use crate::telemetry::metrics::Metrics;

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub cache: Cache,
    pub settings: Arc<Settings>,
    pub keys: Arc<JwtKeys>,
    pub metrics: Arc<Metrics>,
    /// Decoded roll-ups of this node, in front of the shared cache (see `service::rollups`).
    pub rollup_memo: Arc<LocalMemo<[Rollup]>>,
    /// Change events of this node's commits and, with Redis, of every node's (see `events`).
    pub changes: ChangeFeed,
    /// The trusted documents this node knows (see `service::documents`).
    pub documents: Arc<Documents>,
    /// The change bus on Redis, when configured (`events::bus`); without it the feed is the bus.
    pub bus: Option<Arc<RedisBus>>,
    /// Sessions and data versions this node knows without asking the database (`auth::sign_ins`).
    pub sign_ins: Arc<SignIns>,
    /// Where the contents of ledger files are kept (`blobs`).
    pub blobs: Blobs,
}

/// How much the node's roll-up memo may hold, in roll-ups and child parts (about 300 bytes
/// each, so some 15 MiB at most): a city dashboard of 100 indicators over 10 counties weighs
/// 1,100.
pub const ROLLUP_MEMO_BUDGET: usize = 50_000;

impl AppState {
    pub fn hash_cost(&self) -> HashCost {
        HashCost::from(&self.settings.auth)
    }
}
