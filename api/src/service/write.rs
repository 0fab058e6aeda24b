//! The one write path. Every mutation runs inside a [`Write`]: it opens the transaction, collects
//! the audit rows and records what the change touched, and [`Write::commit`] — the only commit
//! there is (`clippy.toml` denies `DatabaseTransaction::commit` elsewhere) — writes the audit
//! rows, moves the city's data version on *in the same transaction*, commits, and only then
//! publishes one [`ChangeEvent`].
//!
//! Why the data version lives in the database: cached figures (roll-ups) are keyed by it. The
//! commit's event carries the city's version read *after* the commit (a single statement sees one
//! committed state, and the sum of the counters grows with every commit, so the value names a
//! state that holds this write; read inside the transaction it would miss a concurrent writer's
//! shard and could name no state at all). The committing node takes it before answering, so its
//! own next reads are exact; other nodes take it when they hear the event (`auth::sign_ins` has
//! the consistency this gives), and a node that knows no version, or is deaf, reads it from the
//! database with the session. There is no bump after the commit that a dropped cache connection
//! could lose.
//!
//! A write that ends sign-ins says so ([`Write::end_sessions`], [`Write::forget_sign_ins_of`]):
//! its event carries them, every node forgets them, and the commit returns only once every
//! listening node has confirmed (`events::bus`).
//!
//! A new mutation:
//! ```text
//! let txn = Write::begin(state, scope, Touch::Targets).await?;   // the role check comes first
//! ... reads and writes through `&txn` (it is a `ConnectionTrait`) ...
//! txn.audit(audit::Entry { .. })?;
//! txn.commit().await?;
//! ```
//! A `Write` dropped without `commit` rolls back; a commit without an audit row is refused.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use chrono::Utc;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, ExecResult, QueryResult,
    SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};
use serde::Serialize;

use super::audit::{self, Actor};
use crate::auth::Scope;
use crate::domain::ids::*;
use crate::error::AppError;
use crate::events::bus::RedisBus;
pub use crate::events::{ChangeEvent, ChangeFeed, Revoked, Touch, channel_name};
use crate::state::AppState;
use crate::store::unscoped::{self, SessionSelector};
use entity::audit_log;

/// Counters per city that writers spread over (see the module doc).
const SHARDS: u32 = 16;

struct Collected {
    audit: Vec<audit_log::ActiveModel>,
    tenants: BTreeSet<TenantId>,
    touched: BTreeSet<Touch>,
    revoked: Revoked,
}

/// One unit of work: a transaction, the audit rows and what it touched.
pub struct Write {
    txn: DatabaseTransaction,
    actor: Actor,
    city: Option<TenantId>,
    scope: Option<Scope>,
    feed: ChangeFeed,
    bus: Option<Arc<RedisBus>>,
    db: DatabaseConnection,
    collected: Mutex<Collected>,
}

/// Starts a transaction that will write. On SQLite it takes the write lock up front (`BEGIN
/// IMMEDIATE`), so concurrent writers queue on the busy timeout instead of failing when a read
/// lock cannot be upgraded; on PostgreSQL it is a plain `BEGIN`.
async fn write_txn(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    #[allow(clippy::disallowed_methods)]
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

impl Write {
    /// A write by a signed-in caller, in its city.
    pub async fn begin(state: &AppState, scope: &Scope, touch: Touch) -> Result<Write, AppError> {
        let mut w = Self::open(state, Actor::from(scope), Some(scope.root()), touch).await?;
        w.scope = Some(scope.clone());
        Ok(w)
    }

    /// A write by someone not signed in yet (sign-in, token refresh) or by the system (the
    /// command line's bootstrap), in the city given.
    pub async fn begin_as(
        state: &AppState,
        actor: Actor,
        city: Option<TenantId>,
        touch: Touch,
    ) -> Result<Write, AppError> {
        Self::open(state, actor, city, touch).await
    }

    async fn open(state: &AppState, actor: Actor, city: Option<TenantId>, touch: Touch) -> Result<Write, AppError> {
        Ok(Write {
            txn: write_txn(&state.db).await?,
            actor,
            city,
            scope: None,
            feed: state.changes.clone(),
            bus: state.bus.clone(),
            db: state.db.clone(),
            collected: Mutex::new(Collected {
                audit: Vec::new(),
                tenants: BTreeSet::new(),
                touched: BTreeSet::from([touch]),
                revoked: Revoked::default(),
            }),
        })
    }

    fn collected(&self) -> std::sync::MutexGuard<'_, Collected> {
        // A panic while holding this lock cannot leave it half-updated (each update is one
        // push or insert), so a poisoned lock is still sound to use.
        self.collected.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Records that the write also changed `touch`.
    pub fn touch(&self, touch: Touch) {
        self.collected().touched.insert(touch);
    }

    /// Ends open sessions (one, or all of a user's) in this transaction, and has the change
    /// event tell every node to forget them. Returns how many were ended.
    pub async fn end_sessions(&self, which: SessionSelector<'_>, reason: &str) -> Result<u64, AppError> {
        let ended = unscoped::revoke_sessions(self, which, reason).await?;
        let mut c = self.collected();
        match which {
            SessionSelector::One(id) => c.revoked.sessions.insert(id.to_owned()),
            SessionSelector::AllOfUser(user) | SessionSelector::AllOfUserBut(user, _) => c.revoked.users.insert(user),
        };
        Ok(ended)
    }

    /// Has the change event tell every node to forget what it keeps of `user`'s sessions (its
    /// roles or its standing changed).
    pub fn forget_sign_ins_of(&self, user: UserId) {
        self.collected().revoked.users.insert(user);
    }

    /// Appends an audit row (written at commit, in this transaction), by the write's actor.
    pub fn audit<B: Serialize, A: Serialize>(&self, entry: audit::Entry<'_, B, A>) -> Result<(), AppError> {
        self.audit_as(self.actor, entry)
    }

    /// Appends an audit row naming another actor (a sign-in acts as the user it signs in).
    pub fn audit_as<B: Serialize, A: Serialize>(
        &self,
        actor: Actor,
        entry: audit::Entry<'_, B, A>,
    ) -> Result<(), AppError> {
        let tenant = entry.tenant;
        let row = audit::row(actor, entry)?;
        let mut c = self.collected();
        c.tenants.insert(tenant);
        c.audit.push(row);
        Ok(())
    }

    /// Appends audit rows made with [`audit::row`] (a batch of figures).
    pub fn audit_rows(&self, rows: Vec<audit_log::ActiveModel>) {
        let mut c = self.collected();
        for r in &rows {
            if let sea_orm::ActiveValue::Set(t) = &r.tenant_id {
                c.tenants.insert(*t);
            }
        }
        c.audit.extend(rows);
    }

    /// Writes the audit rows, moves the city's data version on, commits, then publishes the
    /// change. Refused (and rolled back) when nothing was audited: every mutation leaves a row.
    pub async fn commit(self) -> Result<(), AppError> {
        let Collected { audit, tenants, touched, revoked } = std::mem::replace(
            &mut *self.collected(),
            Collected {
                audit: vec![],
                tenants: BTreeSet::new(),
                touched: BTreeSet::new(),
                revoked: Revoked::default(),
            },
        );
        if audit.is_empty() {
            return Err(AppError::internal("a write without an audit row was refused"));
        }
        audit::insert_all(&self.txn, audit).await?;
        let bumped = match self.city {
            Some(city) if touched.iter().any(|t| t.moves_data_version()) => {
                bump_data_version(&self.txn, city).await?;
                Some(city)
            }
            _ => None,
        };
        #[allow(clippy::disallowed_methods)]
        self.txn.commit().await?;
        if let Some(scope) = &self.scope {
            scope.principal().mark_wrote();
        }
        // Committed: a failed read of the version leaves the event without one (the nodes keep
        // the version they had, which only delays cached figures, never falsifies them).
        let version = match bumped {
            Some(city) => unscoped::data_version(&self.db, city).await.ok(),
            None => None,
        };
        let event = Arc::new(ChangeEvent {
            city: self.city,
            touched,
            tenants,
            at: Utc::now(),
            id: self.feed.next_id(),
            version,
            revoked,
            resync: false,
        });
        // This node first (its sign-ins and versions are updated before it answers), then the
        // others.
        self.feed.publish(event.clone());
        if let Some(bus) = &self.bus {
            bus.publish(&event).await;
        }
        Ok(())
    }
}

/// Moves one of the city's counters on, to at least the current time in microseconds: the sum
/// only grows, and after a restore from an older backup it jumps past every value it held before,
/// so a version never names two different states of the data.
async fn bump_data_version<C: ConnectionTrait>(db: &C, city: TenantId) -> Result<(), AppError> {
    let shard = rand::random_range(0..SHARDS) as i32;
    let now = Utc::now().timestamp_micros();
    let backend = db.get_database_backend();
    let (sql, greatest) = match backend {
        DbBackend::Postgres => ("$1, $2, $3", "GREATEST"),
        _ => ("?, ?, ?", "MAX"),
    };
    let sql = format!(
        "INSERT INTO data_version (city_id, shard, version) VALUES ({sql}) \
         ON CONFLICT (city_id, shard) DO UPDATE SET version = {greatest}(data_version.version + 1, excluded.version)"
    );
    db.execute_raw(Statement::from_sql_and_values(backend, sql, [city.0.into(), shard.into(), now.into()])).await?;
    Ok(())
}

#[async_trait::async_trait]
impl ConnectionTrait for Write {
    fn get_database_backend(&self) -> DbBackend {
        self.txn.get_database_backend()
    }
    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.txn.execute_raw(stmt).await
    }
    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.txn.execute_unprepared(sql).await
    }
    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.txn.query_one_raw(stmt).await
    }
    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.txn.query_all_raw(stmt).await
    }
    fn support_returning(&self) -> bool {
        self.txn.support_returning()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_city_channel_is_hash_tagged() {
        assert_eq!(channel_name("shiliu:", Some(TenantId(7))), "shiliu:{city:7}:changes");
    }
}
