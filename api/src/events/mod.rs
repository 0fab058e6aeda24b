//! Change events: what a committed write touched, published after its commit (by
//! `service::write`) to this node's [`ChangeFeed`] and, with Redis, to every other node's through
//! the [`bus`]. Live dashboards, the node's sign-in cache and cache holders listen here.
//!
//! **What a listener of the feed sees.** Every commit of every node, once: this node's own as
//! `Write::commit` publishes them, the other nodes' as the bus hears them on Redis. Without Redis
//! there is one node and the feed is the whole bus.
//!
//! **Deafness and resync.** While the bus has lost its Redis subscription the node is *deaf*
//! ([`ChangeFeed::is_live`] is false): other nodes' commits are not heard, so nothing a listener
//! keeps from events may be trusted (the sign-in cache asks the database on every request). When
//! the subscription is back, the bus publishes one event with [`ChangeEvent::resync`] set (no
//! city, nothing touched) into the feed: whatever a listener derived from events (a
//! subscription's last pushed figures, a cache) must be recomputed from the database, because
//! any number of commits may have gone unheard.
//!
//! **Observers** ([`ChangeFeed::observe`]) run synchronously inside [`ChangeFeed::publish`],
//! before the event is broadcast and before the publisher goes on: the committing node's sign-in
//! cache has forgotten a revoked session before the logout answers.

pub mod bus;

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

use crate::domain::ids::{TenantId, UserId};

/// What a write changed, for the change event (and so for live dashboards). Every kind moves
/// the city's data version on except [`Touch::Sessions`], [`Touch::Documents`] and
/// [`Touch::Files`], which change no figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
    /// Uploaded files, not attached yet (attaching one is its workflow's write), no data version.
    Files,
}

impl Touch {
    /// Whether a write of this kind changes what queries answer (so the city's data version,
    /// which keys cached figures, moves on).
    pub fn moves_data_version(self) -> bool {
        !matches!(self, Self::Sessions | Self::Documents | Self::Files)
    }
}

/// Sign-ins a write has made void: sessions ended (logout, refresh-token reuse) and users whose
/// every session changed (disabled, roles replaced). Every node forgets what it keeps of them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revoked {
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub sessions: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub users: BTreeSet<UserId>,
}

impl Revoked {
    pub fn is_empty(&self) -> bool {
        self.sessions.is_empty() && self.users.is_empty()
    }
}

/// Published after a commit, on the city's channel.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ChangeEvent {
    /// The city whose data changed (`None`: a system write before any city existed, a sign-in).
    pub city: Option<TenantId>,
    pub touched: BTreeSet<Touch>,
    /// Tenants whose rows the write changed (owners), when the write names them.
    pub tenants: BTreeSet<TenantId>,
    pub at: DateTime<Utc>,
    /// The node that committed it (see [`ChangeFeed::node`]); `<node>:<n>` names the event.
    #[serde(default)]
    pub id: String,
    /// The city's data version once the write had committed (read after the commit, so it names
    /// a state that holds this write); `None` when the write moved no version.
    #[serde(default)]
    pub version: Option<i64>,
    /// Sign-ins the write made void.
    #[serde(default, skip_serializing_if = "Revoked::is_empty")]
    pub revoked: Revoked,
    /// Not a commit: the bus has just (re)gained its subscription after a time deaf, and
    /// anything derived from earlier events must be recomputed (see the module doc).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub resync: bool,
}

impl ChangeEvent {
    /// The node that published the event (the part of [`ChangeEvent::id`] before its number).
    pub fn origin(&self) -> &str {
        self.id.rsplit_once(':').map_or(self.id.as_str(), |(node, _)| node)
    }

    /// The event the bus publishes into the feed after (re)gaining its subscription.
    pub fn resync() -> ChangeEvent {
        ChangeEvent {
            city: None,
            touched: BTreeSet::new(),
            tenants: BTreeSet::new(),
            at: Utc::now(),
            id: String::new(),
            version: None,
            revoked: Revoked::default(),
            resync: true,
        }
    }
}

/// Something that must see every event before anyone else, synchronously (see the module doc).
pub trait Observer: Send + Sync {
    fn observe(&self, event: &ChangeEvent);
}

/// The in-process side of change events: every listener of this node subscribes here. See the
/// module doc for what it carries and when it is deaf.
#[derive(Clone)]
pub struct ChangeFeed {
    tx: broadcast::Sender<Arc<ChangeEvent>>,
    inner: Arc<FeedState>,
}

struct FeedState {
    node: String,
    sequence: AtomicU64,
    /// Whether every node's commits are heard (always, without Redis; with Redis, while the bus
    /// holds its subscription).
    live: AtomicBool,
    /// Events of other nodes heard on the bus.
    heard: AtomicU64,
    observers: RwLock<Vec<Arc<dyn Observer>>>,
}

/// Events a slow in-process listener may fall behind by before it skips ahead.
const FEED_CAPACITY: usize = 1024;

impl Default for ChangeFeed {
    fn default() -> Self {
        Self::new(format!("{:016x}", rand::random::<u64>()))
    }
}

impl ChangeFeed {
    /// The feed of the node named `node` (unique per process start), live until a bus says
    /// otherwise.
    pub fn new(node: String) -> Self {
        Self {
            tx: broadcast::channel(FEED_CAPACITY).0,
            inner: Arc::new(FeedState {
                node,
                sequence: AtomicU64::new(0),
                live: AtomicBool::new(true),
                heard: AtomicU64::new(0),
                observers: RwLock::default(),
            }),
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<ChangeEvent>> {
        self.tx.subscribe()
    }

    /// This node's name on the bus.
    pub fn node(&self) -> &str {
        &self.inner.node
    }

    /// A new event id of this node (see [`ChangeEvent::id`]).
    pub fn next_id(&self) -> String {
        format!("{}:{}", self.inner.node, self.inner.sequence.fetch_add(1, Ordering::Relaxed) + 1)
    }

    /// Whether this node hears every node's commits (see the module doc).
    pub fn is_live(&self) -> bool {
        self.inner.live.load(Ordering::SeqCst)
    }

    pub(crate) fn set_live(&self, live: bool) {
        self.inner.live.store(live, Ordering::SeqCst);
    }

    /// How many events of other nodes the bus has brought in.
    pub fn heard(&self) -> u64 {
        self.inner.heard.load(Ordering::Relaxed)
    }

    /// Adds an observer: it sees every later event inside [`ChangeFeed::publish`].
    pub fn observe(&self, observer: Arc<dyn Observer>) {
        self.inner.observers.write().unwrap_or_else(std::sync::PoisonError::into_inner).push(observer);
    }

    /// Hands an event to the observers, then to this node's listeners (none listening is no
    /// error).
    pub fn publish(&self, event: Arc<ChangeEvent>) {
        for o in self.inner.observers.read().unwrap_or_else(std::sync::PoisonError::into_inner).iter() {
            o.observe(&event);
        }
        let _ = self.tx.send(event);
    }

    /// Another node's event, heard on the bus.
    pub(crate) fn publish_heard(&self, event: Arc<ChangeEvent>) {
        self.inner.heard.fetch_add(1, Ordering::Relaxed);
        self.publish(event);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_round_trips_through_json_and_names_its_node() {
        let feed = ChangeFeed::new("n1".into());
        let mut e = ChangeEvent::resync();
        e.resync = false;
        e.id = feed.next_id();
        e.revoked.users.insert(UserId(4));
        let back: ChangeEvent = serde_json::from_str(&serde_json::to_string(&e).unwrap()).unwrap();
        assert_eq!((back.origin(), &back.revoked, back.resync), ("n1", &e.revoked, false));
        assert_eq!(feed.next_id(), "n1:2");
    }
}
