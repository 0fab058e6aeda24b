//! The change bus on Redis: every node's commits reach every node's [`ChangeFeed`].
//!
//! **Out.** [`RedisBus::publish`] PUBLISHes an event as JSON on its city's channel
//! ([`channel_name`]). An event that revokes sign-ins ([`ChangeEvent::revoked`]) then waits
//! (at most [`ACK_WAIT`]) until as many nodes as Redis delivered it to have confirmed they
//! applied it, so a logout or `disableUser` has taken effect on every listening node before it
//! answers: "the token refused on node B at the next request" holds without a race.
//!
//! **In.** Each node holds one connection of its own in PSUBSCRIBE on the deployment's
//! `<prefix>*:changes` pattern. It drops the events this node published (their id names the
//! node) and re-publishes the others into the local feed; it confirms every revoking event it
//! has applied (its own too, since PUBLISH counted it) by an INCR on the event's ack key.
//!
//! **Deaf.** When the subscription is lost (the connection ends, or a PING on it gets no answer
//! within the command timeout) the feed is marked not live, and the listener reconnects with
//! backoff (50 ms doubling to 2 s). Once subscribed again it publishes [`ChangeEvent::resync`]
//! into the feed and marks it live. A revoking event whose PUBLISH fails (the revoking node has
//! lost Redis) reaches no other node; they forget that sign-in when their cache entry ages out
//! (`auth::sign_ins`: 30 s), and take its data version within a second.

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt as _;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use super::{ChangeEvent, ChangeFeed, channel_name};
use crate::error::AppError;
use crate::settings::RedisSettings;

/// Longest a revoking commit waits for every node's confirmation.
pub const ACK_WAIT: Duration = Duration::from_secs(1);
const BACKOFF_MIN: Duration = Duration::from_millis(50);
const BACKOFF_MAX: Duration = Duration::from_secs(2);
/// How often the listener checks with a PING that its subscription is still there.
const PING_EVERY: Duration = Duration::from_secs(5);
/// How long confirmations are kept (they matter for [`ACK_WAIT`] only).
const ACK_TTL_MS: u64 = 60_000;

pub struct RedisBus {
    conn: ConnectionManager,
    prefix: String,
    feed: ChangeFeed,
    timeout: Duration,
}

fn redis_err(err: redis::RedisError) -> AppError {
    AppError::Unavailable(format!("redis: {err}"))
}

/// The pattern of every channel of the deployment: the prefix with Redis' glob characters
/// escaped, then `*:changes`.
fn pattern(prefix: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + 10);
    for c in prefix.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push_str("*:changes");
    out
}

impl RedisBus {
    /// Connects, starts the listener and waits (a few command timeouts at most) for its first
    /// subscription; until it has one the feed is not live, and the node asks the database.
    pub async fn start(settings: &RedisSettings, feed: ChangeFeed) -> Result<Arc<RedisBus>, AppError> {
        let timeout = Duration::from_millis(settings.command_timeout_ms);
        let client = redis::Client::open(settings.url.expose()).map_err(redis_err)?;
        let config = ConnectionManagerConfig::new()
            .set_response_timeout(Some(timeout))
            .set_connection_timeout(Some(timeout))
            .set_number_of_retries(1)
            .set_max_delay(timeout);
        let conn = ConnectionManager::new_with_config(client.clone(), config).await.map_err(redis_err)?;
        feed.set_live(false);
        let bus = Arc::new(RedisBus { conn, prefix: settings.key_prefix.clone(), feed, timeout });
        tokio::spawn(listen(client, bus.clone()));
        let until = Instant::now() + timeout * 8;
        while !bus.feed.is_live() && Instant::now() < until {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        Ok(bus)
    }

    /// Publishes `event` to every node; for a revoking event, waits for their confirmations
    /// (see the module doc). A failure is logged: figures stay right (the version is in the
    /// database), and a deaf node recomputes when it hears again.
    pub async fn publish(&self, event: &ChangeEvent) {
        let receivers = match self.send(event).await {
            Ok(n) => n,
            Err(e) => {
                tracing::warn!(error = ?e, revokes = !event.revoked.is_empty(), "change event not published on Redis");
                return;
            }
        };
        if !event.revoked.is_empty() {
            self.await_acks(&event.id, receivers).await;
        }
    }

    async fn send(&self, event: &ChangeEvent) -> Result<i64, AppError> {
        let json = serde_json::to_string(event).map_err(|e| AppError::internal(format!("change event: {e}")))?;
        let mut conn = self.conn.clone();
        let mut publish = redis::cmd("PUBLISH");
        publish.arg(channel_name(&self.prefix, event.city)).arg(json);
        match tokio::time::timeout(self.timeout, publish.query_async::<i64>(&mut conn)).await {
            Ok(r) => r.map_err(redis_err),
            Err(_) => Err(AppError::Unavailable("redis: PUBLISH timed out".to_owned())),
        }
    }

    fn ack_key(&self, id: &str) -> String {
        format!("{}acks:{id}", self.prefix)
    }

    async fn await_acks(&self, id: &str, expected: i64) {
        let (key, deadline) = (self.ack_key(id), Instant::now() + ACK_WAIT);
        let mut pause = Duration::from_millis(1);
        loop {
            let mut conn = self.conn.clone();
            let mut get = redis::cmd("GET");
            get.arg(&key);
            let acked = match tokio::time::timeout(self.timeout, get.query_async::<Option<i64>>(&mut conn)).await {
                Ok(Ok(n)) => n.unwrap_or(0),
                _ => 0,
            };
            if acked >= expected {
                return;
            }
            if Instant::now() >= deadline {
                tracing::warn!(expected, acked, event = %id, "a revocation was not confirmed by every node in time");
                return;
            }
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(Duration::from_millis(20));
        }
    }

    async fn ack(&self, id: &str) {
        let mut conn = self.conn.clone();
        let key = self.ack_key(id);
        let pipe =
            redis::pipe().cmd("INCR").arg(&key).ignore().cmd("PEXPIRE").arg(&key).arg(ACK_TTL_MS).ignore().clone();
        if !matches!(tokio::time::timeout(self.timeout, pipe.query_async::<()>(&mut conn)).await, Ok(Ok(()))) {
            tracing::warn!(event = %id, "could not confirm a revocation on Redis");
        }
    }

    /// One event heard on the subscription.
    async fn take(&self, msg: redis::Msg) {
        let event: ChangeEvent = match serde_json::from_slice(msg.get_payload_bytes()) {
            Ok(e) => e,
            Err(e) => {
                tracing::warn!(error = %e, channel = %msg.get_channel_name(), "an unreadable change event was dropped");
                return;
            }
        };
        let revokes = (!event.revoked.is_empty()).then(|| event.id.clone());
        if event.origin() != self.feed.node() {
            self.feed.publish_heard(Arc::new(event));
        }
        if let Some(id) = revokes {
            self.ack(&id).await;
        }
    }

    /// Subscribes and hears until the subscription is lost.
    async fn hear(&self, client: &redis::Client, backoff: &mut Duration) -> Result<(), AppError> {
        let pubsub = tokio::time::timeout(self.timeout, client.get_async_pubsub())
            .await
            .map_err(|_| AppError::Unavailable("redis: subscriber connection timed out".to_owned()))?
            .map_err(redis_err)?;
        let (mut sink, mut stream) = pubsub.split();
        tokio::time::timeout(self.timeout, sink.psubscribe(pattern(&self.prefix)))
            .await
            .map_err(|_| AppError::Unavailable("redis: PSUBSCRIBE timed out".to_owned()))?
            .map_err(redis_err)?;
        // Forget what was derived from earlier events before trusting the feed again.
        self.feed.publish(Arc::new(ChangeEvent::resync()));
        self.feed.set_live(true);
        *backoff = BACKOFF_MIN;
        tracing::info!("change bus: subscribed");
        let mut ping = tokio::time::interval(PING_EVERY);
        ping.tick().await;
        loop {
            tokio::select! {
                msg = stream.next() => match msg {
                    Some(msg) => self.take(msg).await,
                    None => return Err(AppError::Unavailable("redis: subscription ended".to_owned())),
                },
                _ = ping.tick() => {
                    if !matches!(tokio::time::timeout(self.timeout, sink.ping::<redis::Value>()).await, Ok(Ok(_))) {
                        return Err(AppError::Unavailable("redis: subscription did not answer PING".to_owned()));
                    }
                }
            }
        }
    }
}

/// The listener: hears, and after a loss is deaf until it has subscribed again.
async fn listen(client: redis::Client, bus: Arc<RedisBus>) {
    let mut backoff = BACKOFF_MIN;
    loop {
        let lost = bus.hear(&client, &mut backoff).await;
        if bus.feed.is_live() {
            tracing::warn!(error = ?lost, "change bus: subscription lost; this node asks the database until it is back");
        }
        bus.feed.set_live(false);
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(BACKOFF_MAX);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pattern_takes_the_prefix_literally() {
        assert_eq!(pattern("shiliu:"), "shiliu:*:changes");
        assert_eq!(pattern("a*b?[c]:"), "a\\*b\\?\\[c\\]:*:changes");
    }
}
