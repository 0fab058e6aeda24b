//! Redis store, shared by every API node.

use std::time::Duration;

use redis::aio::ConnectionManager;

use crate::error::AppError;

#[derive(Clone)]
pub struct RedisStore {
    prefix: String,
    conn: ConnectionManager,
}

fn redis_err(err: redis::RedisError) -> AppError {
    AppError::internal(format!("redis: {err}"))
}

impl RedisStore {
    pub async fn connect(url: &str, prefix: &str) -> Result<Self, AppError> {
        let client = redis::Client::open(url).map_err(redis_err)?;
        let conn = ConnectionManager::new(client).await.map_err(redis_err)?;
        Ok(Self { prefix: prefix.to_owned(), conn })
    }

    fn key(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    pub async fn incr_in_window(&self, key: &str, window: Duration) -> Result<(i64, Duration), AppError> {
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
        let mut conn = self.conn.clone();
        let found: Option<i64> = redis::cmd("GET").arg(&key).query_async(&mut conn).await.map_err(redis_err)?;
        match found {
            Some(v) => Ok(v),
            None => self.create_then(&key, start, "GET").await,
        }
    }

    /// Moves a version counter on; one that does not exist yet is created at `start` first.
    pub async fn bump_version(&self, key: &str, start: i64) -> Result<i64, AppError> {
        self.create_then(&self.key(key), start, "INCR").await
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
        let key = self.key(key);
        let mut conn = self.conn.clone();
        let (value, pttl): (Option<i64>, i64) =
            redis::pipe().cmd("GET").arg(&key).cmd("PTTL").arg(&key).query_async(&mut conn).await.map_err(redis_err)?;
        Ok(value.map(|v| (v, Duration::from_millis(pttl.max(0) as u64))))
    }

    pub async fn get(&self, key: &str) -> Result<Option<String>, AppError> {
        let mut conn = self.conn.clone();
        redis::cmd("GET").arg(self.key(key)).query_async(&mut conn).await.map_err(redis_err)
    }

    pub async fn set(&self, key: &str, value: &str, ttl: Duration) -> Result<(), AppError> {
        let mut conn = self.conn.clone();
        redis::cmd("SET")
            .arg(self.key(key))
            .arg(value)
            .arg("PX")
            .arg(ttl.as_millis().max(1) as u64)
            .query_async::<()>(&mut conn)
            .await
            .map_err(redis_err)
    }

    pub async fn delete(&self, key: &str) -> Result<(), AppError> {
        let mut conn = self.conn.clone();
        redis::cmd("DEL").arg(self.key(key)).query_async::<()>(&mut conn).await.map_err(redis_err)
    }

    pub async fn ping(&self) -> Result<(), AppError> {
        let mut conn = self.conn.clone();
        redis::cmd("PING").query_async::<()>(&mut conn).await.map_err(redis_err)
    }

    /// The prefix every key and channel of this deployment starts with.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// Publishes `message` on `channel` (already prefixed).
    pub async fn publish(&self, channel: &str, message: &str) -> Result<(), AppError> {
        let mut conn = self.conn.clone();
        redis::cmd("PUBLISH").arg(channel).arg(message).query_async::<()>(&mut conn).await.map_err(redis_err)
    }
}
