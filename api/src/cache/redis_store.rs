//! Redis store, shared by every API node.
//!
//! Every command has a deadline. A command that fails or misses it marks Redis down for a retry
//! interval: until then no command is sent (so no request waits on a dead Redis), and the
//! counters and entries of rate limits and cached values are kept in process by a
//! [`MemoryStore`] fallback; after the interval the next command tries Redis again, and
//! everything goes back to it as soon as it answers. Cache versions have no fallback: without
//! Redis they are an error, and callers compute from the database instead.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use super::MemoryStore;
use crate::error::AppError;
use crate::settings::RedisSettings;

#[derive(Clone)]
pub struct RedisStore {
    prefix: String,
    conn: ConnectionManager,
    timeout: Duration,
    health: Arc<Health>,
    fallback: MemoryStore,
}

/// When Redis may be asked again, in milliseconds since `origin` (0: now).
struct Health {
    origin: Instant,
    down_until_ms: AtomicU64,
    retry_interval: Duration,
}

impl Health {
    fn now_ms(&self) -> u64 {
        self.origin.elapsed().as_millis() as u64
    }
    fn available(&self) -> bool {
        self.now_ms() >= self.down_until_ms.load(Ordering::Relaxed)
    }
    fn failed(&self) {
        let until = self.now_ms() + self.retry_interval.as_millis() as u64;
        self.down_until_ms.store(until, Ordering::Relaxed);
    }
}

fn redis_err(err: redis::RedisError) -> AppError {
    AppError::Unavailable(format!("redis: {err}"))
}

impl RedisStore {
    pub async fn connect(settings: &RedisSettings) -> Result<Self, AppError> {
        let timeout = Duration::from_millis(settings.command_timeout_ms);
        let client = redis::Client::open(settings.url.expose()).map_err(redis_err)?;
        let config = ConnectionManagerConfig::new()
            .set_response_timeout(Some(timeout))
            .set_connection_timeout(Some(timeout))
            .set_number_of_retries(1)
            .set_max_delay(timeout);
        let conn = ConnectionManager::new_with_config(client, config).await.map_err(redis_err)?;
        let health = Arc::new(Health {
            origin: Instant::now(),
            down_until_ms: AtomicU64::new(0),
            retry_interval: Duration::from_millis(settings.retry_interval_ms),
        });
        let prefix = settings.key_prefix.clone();
        Ok(Self { fallback: MemoryStore::new(&prefix), prefix, conn, timeout, health })
    }

    /// Whether commands currently go to Redis (false while it is marked down).
    pub fn available(&self) -> bool {
        self.health.available()
    }

    /// Runs one Redis command within the deadline; a failure marks Redis down.
    async fn guarded<T>(&self, command: impl Future<Output = Result<T, AppError>>) -> Result<T, AppError> {
        if !self.health.available() {
            return Err(AppError::Unavailable("redis: marked down, retrying later".to_owned()));
        }
        let result = match tokio::time::timeout(self.timeout, command).await {
            Ok(result) => result,
            Err(_) => Err(AppError::Unavailable("redis: command timed out".to_owned())),
        };
        if let Err(AppError::Unavailable(detail)) = &result {
            tracing::warn!(detail = %detail, "Redis unavailable; using the in-process fallback");
            self.health.failed();
        }
        result
    }

    fn key(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    pub async fn incr_in_window(&self, key: &str, window: Duration) -> Result<(i64, Duration), AppError> {
        match self.guarded(self.redis_incr_in_window(key, window)).await {
            Err(AppError::Unavailable(_)) => Ok(self.fallback.incr_in_window(key, window)),
            other => other,
        }
    }

    async fn redis_incr_in_window(&self, key: &str, window: Duration) -> Result<(i64, Duration), AppError> {
        let key = self.key(key);
        let mut conn = self.conn.clone();
        // SET NX starts the window exactly once; INCR and PTTL read the result atomically.
        let (n, pttl): (i64, i64) = redis::pipe()
            .atomic()
            .cmd("SET")
            .arg(&key)
            .arg(0)
            .arg("PX")
            .arg(window.as_millis() as u64)
            .arg("NX")
            .ignore()
            .cmd("INCR")
            .arg(&key)
            .cmd("PTTL")
            .arg(&key)
            .query_async(&mut conn)
            .await
            .map_err(redis_err)?;
        Ok((n, Duration::from_millis(pttl.max(0) as u64)))
    }

    /// A version counter's value; one that does not exist yet is created at `start`.
    pub async fn version(&self, key: &str, start: i64) -> Result<i64, AppError> {
        let key = self.key(key);
        self.guarded(async {
            let mut conn = self.conn.clone();
            let found: Option<i64> = redis::cmd("GET").arg(&key).query_async(&mut conn).await.map_err(redis_err)?;
            match found {
                Some(v) => Ok(v),
                None => self.create_then(&key, start, "GET").await,
            }
        })
        .await
    }

    /// Moves a version counter on; one that does not exist yet is created at `start` first.
    pub async fn bump_version(&self, key: &str, start: i64) -> Result<i64, AppError> {
        self.guarded(self.create_then(&self.key(key), start, "INCR")).await
    }

    /// Atomically: creates the counter at `start` unless it exists, then runs `then` (`GET` or
    /// `INCR`) on it. `key` is already prefixed.
    async fn create_then(&self, key: &str, start: i64, then: &str) -> Result<i64, AppError> {
        let mut conn = self.conn.clone();
        let (v,): (i64,) = redis::pipe()
            .atomic()
            .cmd("SET")
            .arg(key)
            .arg(start)
            .arg("NX")
            .ignore()
            .cmd(then)
            .arg(key)
            .query_async(&mut conn)
            .await
            .map_err(redis_err)?;
        Ok(v)
    }

    pub async fn counter(&self, key: &str) -> Result<Option<(i64, Duration)>, AppError> {
        match self.guarded(self.redis_counter(key)).await {
            Err(AppError::Unavailable(_)) => Ok(self.fallback.counter(key)),
            other => other,
        }
    }

    async fn redis_counter(&self, key: &str) -> Result<Option<(i64, Duration)>, AppError> {
        let key = self.key(key);
        let mut conn = self.conn.clone();
        let (value, pttl): (Option<i64>, i64) =
            redis::pipe().cmd("GET").arg(&key).cmd("PTTL").arg(&key).query_async(&mut conn).await.map_err(redis_err)?;
        Ok(value.map(|v| (v, Duration::from_millis(pttl.max(0) as u64))))
    }

    pub async fn get(&self, key: &str) -> Result<Option<String>, AppError> {
        let command = async {
            let mut conn = self.conn.clone();
            redis::cmd("GET").arg(self.key(key)).query_async(&mut conn).await.map_err(redis_err)
        };
        match self.guarded(command).await {
            Err(AppError::Unavailable(_)) => Ok(self.fallback.get(key)),
            other => other,
        }
    }

    pub async fn set(&self, key: &str, value: &str, ttl: Duration) -> Result<(), AppError> {
        let command = async {
            let mut conn = self.conn.clone();
            redis::cmd("SET")
                .arg(self.key(key))
                .arg(value)
                .arg("PX")
                .arg(ttl.as_millis().max(1) as u64)
                .query_async::<()>(&mut conn)
                .await
                .map_err(redis_err)
        };
        match self.guarded(command).await {
            Err(AppError::Unavailable(_)) => {
                self.fallback.set(key, value, ttl);
                Ok(())
            }
            other => other,
        }
    }

    pub async fn delete(&self, key: &str) -> Result<(), AppError> {
        // Also from the fallback, so nothing it kept during an outage outlives a delete.
        self.fallback.delete(key);
        let command = async {
            let mut conn = self.conn.clone();
            redis::cmd("DEL").arg(self.key(key)).query_async::<()>(&mut conn).await.map_err(redis_err)
        };
        match self.guarded(command).await {
            Err(AppError::Unavailable(_)) => Ok(()),
            other => other,
        }
    }

    /// Readiness: asks Redis itself (within the deadline), even while it is marked down, and
    /// marks it up again when it answers.
    pub async fn ping(&self) -> Result<(), AppError> {
        let mut conn = self.conn.clone();
        match tokio::time::timeout(self.timeout, redis::cmd("PING").query_async::<()>(&mut conn)).await {
            Ok(Ok(())) => {
                self.health.down_until_ms.store(0, Ordering::Relaxed);
                Ok(())
            }
            Ok(Err(e)) => Err(redis_err(e)),
            Err(_) => Err(AppError::Unavailable("redis: ping timed out".to_owned())),
        }
    }

    /// The prefix every key and channel of this deployment starts with.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }
}
