//! Sign-ins kept on this node, so that authenticating a request needs no database statement.
//!
//! Two maps, filled from the authentication statement on first use and kept right by the change
//! feed (this type is an [`Observer`] of it, so it sees each event before anyone else does):
//! - **sessions**: what `authenticate` needs of a session, its user and the user's city. An
//!   event's [`ChangeEvent::revoked`] removes the sessions and users it names (logout,
//!   refresh-token reuse, `disableUser`, `updateUserRoles`); the next request of such a session
//!   reads the database again. At most [`CAPACITY`] entries (past it, those older than
//!   [`MAX_AGE`] go first, then half of the others), each for at most [`MAX_AGE`]: the safety net
//!   for a revocation whose event never went out (its node had lost Redis).
//! - **versions**: the last known data version of each city (`service::write`), the key of cached
//!   figures. A commit's event carries the version read after it committed; the committing node
//!   sets it before answering (its own reads stay exact), other nodes when they hear the event.
//!   A version never moves backwards, and is used for at most [`VERSION_MAX_AGE`] after the state
//!   it names was read; then the database is asked again.
//!
//! **Consistency across nodes.** A revocation has taken effect on every listening node before
//! its mutation answers (the bus waits for their confirmations). A figure read on node B within
//! milliseconds of a commit on node A may still be the one from before that commit (B has not
//! heard the event yet); it is never older than the last commit B has heard of, and never wrong.
//! If A loses Redis as it commits, its event reaches no one: B sees that commit once its
//! version of the city is [`VERSION_MAX_AGE`] old (or with the next commit it hears of, whose
//! version, read after that commit, counts every commit before it). A revocation whose event was
//! lost that way is forgotten here after [`MAX_AGE`].
//!
//! **Deaf.** While the feed is not live (the bus lost Redis) nothing here is trusted or filled:
//! every request reads the database, and the maps are emptied; the resync event after the bus is
//! back empties them again. A fill races with events by a generation number: an entry read from
//! the database is kept only if no revocation, resync or loss came in while it was being read.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::domain::ids::{TenantId, UserId};
use crate::domain::role::RoleSet;
use crate::events::{ChangeEvent, ChangeFeed, Observer};
use crate::store::unscoped::SessionPrincipal;

/// Most sessions kept per node (a few hundred bytes each).
pub const CAPACITY: usize = 100_000;
/// Longest a session is kept without reading the database again.
pub const MAX_AGE: Duration = Duration::from_secs(30);
/// Longest a city's version is used after the state it names was read: the bound on how long a
/// commit whose event was lost (its node lost Redis as it committed) goes unseen here. One
/// statement per city and node a second at most.
pub const VERSION_MAX_AGE: Duration = Duration::from_secs(1);

/// What authenticating needs of a session, as the authentication statement read it.
#[derive(Clone, Debug)]
pub struct KeptSession {
    pub session_user_id: UserId,
    pub expires_at: DateTime<Utc>,
    pub revoked: bool,
    pub user_id: UserId,
    pub tenant_id: TenantId,
    pub root_id: TenantId,
    pub roles: RoleSet,
    pub disabled: bool,
    pub must_change_password: bool,
}

impl From<&SessionPrincipal> for KeptSession {
    fn from(f: &SessionPrincipal) -> Self {
        KeptSession {
            session_user_id: f.session_user_id,
            expires_at: f.expires_at,
            revoked: f.revoked_at.is_some(),
            user_id: f.user_id,
            tenant_id: f.tenant_id,
            root_id: f.root_id.unwrap_or(f.tenant_id),
            roles: RoleSet::from_stored(&f.roles),
            disabled: f.disabled_at.is_some(),
            must_change_password: f.must_change_password,
        }
    }
}

#[derive(Default)]
struct Inner {
    sessions: HashMap<String, (KeptSession, Instant)>,
    /// A city's version and when the state it names was read (a commit's event, or the database).
    versions: HashMap<TenantId, (i64, Instant)>,
    generation: u64,
}

impl Inner {
    fn forget_all(&mut self) {
        self.sessions.clear();
        self.versions.clear();
        self.generation += 1;
    }
}

/// A ticket for a fill: the generation before the database was read (see the module doc).
#[derive(Clone, Copy)]
pub struct Ticket(Option<u64>);

pub struct SignIns {
    feed: ChangeFeed,
    inner: Mutex<Inner>,
}

impl SignIns {
    /// The sign-ins of the node whose feed is `feed`; register it with `feed.observe`.
    pub fn new(feed: ChangeFeed) -> Self {
        Self { feed, inner: Mutex::default() }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // Each update leaves the maps consistent before anything can panic.
        self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The inner maps when they may be trusted; emptied (and `None`) while the feed is deaf.
    fn trusted(&self) -> Option<MutexGuard<'_, Inner>> {
        let mut inner = self.lock();
        if self.feed.is_live() {
            return Some(inner);
        }
        if !inner.sessions.is_empty() || !inner.versions.is_empty() {
            inner.forget_all();
        }
        None
    }

    /// Taken before reading the database for a fill.
    pub fn ticket(&self) -> Ticket {
        Ticket(self.trusted().map(|i| i.generation))
    }

    pub fn session(&self, id: &str) -> Option<KeptSession> {
        let mut inner = self.trusted()?;
        match inner.sessions.get(id) {
            Some((s, at)) if at.elapsed() < MAX_AGE => Some(s.clone()),
            Some(_) => {
                inner.sessions.remove(id);
                None
            }
            None => None,
        }
    }

    pub fn version(&self, city: TenantId) -> Option<i64> {
        match self.trusted()?.versions.get(&city) {
            Some((v, at)) if at.elapsed() < VERSION_MAX_AGE => Some(*v),
            _ => None,
        }
    }

    /// Keeps what the database said of a session and its city's version, unless an event came
    /// in since `ticket` was taken.
    pub fn keep(&self, ticket: Ticket, id: &str, session: KeptSession, version: Option<i64>) {
        let Some(mut inner) = self.trusted() else { return };
        if ticket.0 != Some(inner.generation) {
            return;
        }
        if let Some(v) = version {
            raise(&mut inner.versions, session.root_id, v);
        }
        if inner.sessions.len() >= CAPACITY {
            inner.sessions.retain(|_, (_, at)| at.elapsed() < MAX_AGE);
        }
        if inner.sessions.len() >= CAPACITY {
            let mut n = 0usize;
            inner.sessions.retain(|_, _| {
                n += 1;
                n.is_multiple_of(2)
            });
        }
        inner.sessions.insert(id.to_owned(), (session, Instant::now()));
    }

    /// Keeps a city's version read from the database (see [`SignIns::keep`]).
    pub fn keep_version(&self, ticket: Ticket, city: TenantId, version: i64) {
        if let Some(mut inner) = self.trusted()
            && ticket.0 == Some(inner.generation)
        {
            raise(&mut inner.versions, city, version);
        }
    }

    /// How many sessions are kept and trusted (for metrics): none while the feed is deaf.
    pub fn len(&self) -> usize {
        self.trusted().map_or(0, |i| i.sessions.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Keeps `v` for `city` unless a later version is known (a version never moves backwards).
fn raise(versions: &mut HashMap<TenantId, (i64, Instant)>, city: TenantId, v: i64) {
    let kept = versions.entry(city).or_insert((v, Instant::now()));
    if v >= kept.0 {
        *kept = (v, Instant::now());
    }
}

impl Observer for SignIns {
    fn observe(&self, event: &ChangeEvent) {
        let mut inner = self.lock();
        if event.resync {
            inner.forget_all();
            return;
        }
        if !event.revoked.is_empty() {
            let revoked = &event.revoked;
            inner.sessions.retain(|id, (s, _)| !revoked.sessions.contains(id) && !revoked.users.contains(&s.user_id));
            inner.generation += 1;
        }
        if let (Some(city), Some(v)) = (event.city, event.version) {
            raise(&mut inner.versions, city, v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::role::Role;

    fn kept(user: i64) -> KeptSession {
        KeptSession {
            session_user_id: UserId(user),
            expires_at: Utc::now(),
            revoked: false,
            user_id: UserId(user),
            tenant_id: TenantId(2),
            root_id: TenantId(1),
            roles: RoleSet::new([Role::Viewer]).unwrap(),
            disabled: false,
            must_change_password: false,
        }
    }

    fn event(f: impl FnOnce(&mut ChangeEvent)) -> ChangeEvent {
        let mut e = ChangeEvent::resync();
        e.resync = false;
        f(&mut e);
        e
    }

    #[test]
    fn a_revocation_forgets_the_session_and_voids_a_fill_under_way() {
        let signs = SignIns::new(ChangeFeed::new("n".into()));
        signs.keep(signs.ticket(), "s1", kept(7), Some(10));
        signs.keep(signs.ticket(), "s2", kept(8), None);
        let under_way = signs.ticket();
        signs.observe(&event(|e| {
            e.revoked.users.insert(UserId(7));
        }));
        assert!(signs.session("s1").is_none() && signs.session("s2").is_some());
        signs.keep(under_way, "s1", kept(7), None);
        assert!(signs.session("s1").is_none(), "a fill read before the revocation was kept");
        signs.observe(&event(|e| {
            e.revoked.sessions.insert("s2".into());
        }));
        assert!(signs.is_empty());
    }

    #[test]
    fn versions_only_move_forwards_and_a_deaf_node_keeps_nothing() {
        let feed = ChangeFeed::new("n".into());
        let signs = SignIns::new(feed.clone());
        signs.keep_version(signs.ticket(), TenantId(1), 20);
        signs.observe(&event(|e| (e.city, e.version) = (Some(TenantId(1)), Some(15))));
        assert_eq!(signs.version(TenantId(1)), Some(20));
        signs.observe(&event(|e| (e.city, e.version) = (Some(TenantId(1)), Some(30))));
        assert_eq!(signs.version(TenantId(1)), Some(30));
        signs.keep(signs.ticket(), "s", kept(1), None);
        feed.set_live(false);
        assert!(signs.session("s").is_none() && signs.version(TenantId(1)).is_none());
        let deaf = signs.ticket();
        feed.set_live(true);
        signs.keep(deaf, "s", kept(1), None);
        assert!(signs.is_empty(), "a fill read while deaf was kept");
    }
}
