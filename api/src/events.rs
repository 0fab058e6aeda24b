//! Change events: what a committed write touched, published after its commit (by
//! `service::write`) to this node's listeners and, with Redis, to every node's on the city's
//! pub/sub channel. Live dashboards and cache holders listen here.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;
use tokio::sync::broadcast;

use crate::domain::ids::TenantId;

/// What a write changed, for the change event (and so for live dashboards). Every kind moves
/// the city's data version on except [`Touch::Sessions`] and [`Touch::Documents`], which change no
/// figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Touch {
    /// Reports and their aggregates.
    Figures,
    /// Targets and quotas.
    Targets,
    /// Tenants (the tree).
    Tree,
    Submissions,
    Indicators,
    Campaigns,
    Units,
    Applications,
    Designations,
    Assessments,
    Supervision,
    Users,
    /// Sign-in sessions: published (a revoked session ends live connections), no data version.
    Sessions,
    /// Trusted documents (which operations run), no data version.
    Documents,
}

impl Touch {
    /// Whether a write of this kind changes what queries answer (so the city's data version,
    /// which keys cached figures, moves on).
    pub fn moves_data_version(self) -> bool {
        !matches!(self, Self::Sessions | Self::Documents)
    }
}

/// Published after a commit, on the city's channel.
#[derive(Clone, Debug, Serialize)]
pub struct ChangeEvent {
    /// The city whose data changed (`None`: a system write before any city existed).
    pub city: Option<TenantId>,
    pub touched: BTreeSet<Touch>,
    /// Tenants whose rows the write changed (owners), when the write names them.
    pub tenants: BTreeSet<TenantId>,
    pub at: DateTime<Utc>,
}

/// The in-process side of change events: every node's subscribers listen here. With Redis the
/// same events also go out on the city's pub/sub channel (see [`channel_name`]).
#[derive(Clone)]
pub struct ChangeFeed {
    tx: broadcast::Sender<Arc<ChangeEvent>>,
}

/// Events a slow in-process listener may fall behind by before it skips ahead.
const FEED_CAPACITY: usize = 1024;

impl Default for ChangeFeed {
    fn default() -> Self {
        Self { tx: broadcast::channel(FEED_CAPACITY).0 }
    }
}

impl ChangeFeed {
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<ChangeEvent>> {
        self.tx.subscribe()
    }

    /// Sends an event to this node's listeners (none listening is no error).
    pub fn publish(&self, event: Arc<ChangeEvent>) {
        let _ = self.tx.send(event);
    }
}

/// The Redis pub/sub channel of a city's change events. The city id is a hash tag, so all of a
/// city's keys and its channel live on one Redis Cluster slot.
pub fn channel_name(prefix: &str, city: Option<TenantId>) -> String {
    match city {
        Some(c) => format!("{prefix}{{city:{c}}}:changes"),
        None => format!("{prefix}system:changes"),
    }
}
