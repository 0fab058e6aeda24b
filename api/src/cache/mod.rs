//! Shared key-value state: Redis when `REDIS_URL` is set, an in-process map otherwise. Both sit
//! behind [`Cache`], so callers never know which one runs. Keys are prefixed per deployment.
//!
//! Used for login rate limits, cache versions and cached roll-ups; [`LocalMemo`] keeps decoded
//! values of versioned keys on the node in front of it. While Redis is down, rate limits and
//! cached entries are kept in process (see [`RedisStore`]).

mod local;
mod memory;
mod redis_store;

use std::time::Duration;

use crate::error::AppError;
use crate::settings::RedisSettings;

pub use local::LocalMemo;
pub use memory::MemoryStore;
pub use redis_store::RedisStore;

/// Lifetime of entries that should not expire by themselves.
const FOREVER: Duration = Duration::from_secs(10 * 365 * 24 * 3600);

#[derive(Clone)]
pub enum Cache {
    Memory(MemoryStore),
    Redis(RedisStore),
}

impl Cache {
    pub async fn connect(settings: &RedisSettings) -> Result<Self, AppError> {
        if settings.url.is_empty() {
            Ok(Cache::Memory(MemoryStore::new(&settings.key_prefix)))
        } else {
            Ok(Cache::Redis(RedisStore::connect(settings).await?))
        }
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Cache::Memory(_) => "memory",
            Cache::Redis(_) => "redis",
        }
    }

    /// Increments a counter that lives for `window` from its first increment; returns the new
    /// value and the time left in the window.
    pub async fn incr_in_window(&self, key: &str, window: Duration) -> Result<(i64, Duration), AppError> {
        match self {
            Cache::Memory(m) => Ok(m.incr_in_window(key, window)),
            Cache::Redis(r) => r.incr_in_window(key, window).await,
        }
    }

    /// The current value of a cache version: part of every key cached under it, so that moving
    /// it on ([`Cache::bump_version`]) retires them all at once. A version that does not exist
    /// (never set, or lost with a flushed Redis) starts at the current time in microseconds, so
    /// a version never comes back to a value it held before: a key naming a version is never
    /// reused for other contents, which is what lets nodes keep such entries ([`LocalMemo`]).
    pub async fn version(&self, key: &str) -> Result<i64, AppError> {
        let start = version_start();
        match self {
            Cache::Memory(m) => Ok(m.version(key, start, 0)),
            Cache::Redis(r) => r.version(key, start).await,
        }
    }

    /// Moves a cache version on (see [`Cache::version`]); returns the new value.
    pub async fn bump_version(&self, key: &str) -> Result<i64, AppError> {
        let start = version_start();
        match self {
            Cache::Memory(m) => Ok(m.version(key, start, 1)),
            Cache::Redis(r) => r.bump_version(key, start).await,
        }
    }

    /// The counter's value and time left, if it exists.
    pub async fn counter(&self, key: &str) -> Result<Option<(i64, Duration)>, AppError> {
        match self {
            Cache::Memory(m) => Ok(m.counter(key)),
            Cache::Redis(r) => r.counter(key).await,
        }
    }

    pub async fn get(&self, key: &str) -> Result<Option<String>, AppError> {
        match self {
            Cache::Memory(m) => Ok(m.get(key)),
            Cache::Redis(r) => r.get(key).await,
        }
    }

    pub async fn set(&self, key: &str, value: &str, ttl: Duration) -> Result<(), AppError> {
        match self {
            Cache::Memory(m) => {
                m.set(key, value, ttl);
                Ok(())
            }
            Cache::Redis(r) => r.set(key, value, ttl).await,
        }
    }

    pub async fn delete(&self, key: &str) -> Result<(), AppError> {
        match self {
            Cache::Memory(m) => {
                m.delete(key);
                Ok(())
            }
            Cache::Redis(r) => r.delete(key).await,
        }
    }

    /// Readiness probe.
    pub async fn ping(&self) -> Result<(), AppError> {
        match self {
            Cache::Memory(_) => Ok(()),
            Cache::Redis(r) => r.ping().await,
        }
    }
}

/// Where a new version counter starts: now, in microseconds since the epoch.
fn version_start() -> i64 {
    chrono::Utc::now().timestamp_micros()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(url: &str, prefix: &str) -> RedisSettings {
        RedisSettings {
            url: crate::settings::Secret::new(url),
            key_prefix: prefix.to_owned(),
            command_timeout_ms: 250,
            retry_interval_ms: 1000,
        }
    }

    #[tokio::test]
    async fn memory_counter_counts_within_its_window() {
        let cache = Cache::connect(&settings("", "t:")).await.unwrap();
        let w = Duration::from_secs(60);
        assert_eq!(cache.incr_in_window("k", w).await.unwrap().0, 1);
        assert_eq!(cache.incr_in_window("k", w).await.unwrap().0, 2);
        assert_eq!(cache.counter("k").await.unwrap().map(|c| c.0), Some(2));
        cache.delete("k").await.unwrap();
        assert_eq!(cache.counter("k").await.unwrap(), None);
        cache.set("s", "v", w).await.unwrap();
        assert_eq!(cache.get("s").await.unwrap().as_deref(), Some("v"));
    }

    #[tokio::test]
    async fn a_lost_version_starts_above_every_value_it_held() {
        lost_version_starts_above(Cache::connect(&settings("", "t:")).await.unwrap()).await;
        // The same on Redis when the suite runs against it.
        if let Ok(url) = std::env::var("TEST_REDIS_URL") {
            let prefix = format!("shiliu-test:{}:{}:", std::process::id(), version_start());
            lost_version_starts_above(Cache::connect(&settings(&url, &prefix)).await.unwrap()).await;
        }
    }

    async fn lost_version_starts_above(cache: Cache) {
        let first = cache.version("v").await.unwrap();
        assert_eq!(cache.version("v").await.unwrap(), first);
        let bumped = cache.bump_version("v").await.unwrap();
        assert_eq!(bumped, first + 1);
        assert_eq!(cache.version("v").await.unwrap(), bumped);
        cache.delete("v").await.unwrap();
        std::thread::sleep(Duration::from_millis(2));
        assert!(cache.version("v").await.unwrap() > bumped);
        cache.delete("v").await.unwrap();
    }
}
