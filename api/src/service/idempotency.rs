//! Idempotency keys of mutations that phones retry. A key is bound to (user, key) and to a
//! fingerprint of the request it first answered:
//! - the same key with the same request returns the first answer (concurrent retries included:
//!   the key is written in the same transaction as the change, so of two at once exactly one
//!   commits and the other answers with the winner's result);
//! - the same key with another request is CONFLICT naming the key, and nothing is written;
//! - a key answers for `idempotency.ttl_secs` (7 days by default); the server then forgets it and
//!   removes it (`sweep`), so the same key may start over.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use sha2::{Digest, Sha256};

use super::write::Write;
use crate::auth::Scope;
use crate::error::AppError;
use crate::settings::IdempotencySettings;
use crate::state::AppState;
use crate::store::unscoped;
use entity::idempotency_key;

/// A request's fingerprint: SHA-256 (hex) of the operation's name and its canonical input.
/// `parts` must be written so that two requests with the same meaning give the same parts.
pub fn fingerprint<'a>(operation: &str, parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut h = Sha256::new();
    h.update(operation.as_bytes());
    for p in parts {
        // Length-prefixed, so no two different lists of parts run together alike.
        h.update((p.len() as u64).to_le_bytes());
        h.update(p.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// A key as the client sent it, with the fingerprint of its request.
pub struct Claim {
    pub key: String,
    pub fingerprint: String,
}

fn cutoff(settings: &IdempotencySettings) -> DateTime<Utc> {
    Utc::now() - chrono::Duration::seconds(settings.ttl_secs)
}

fn mismatch(key: &str) -> AppError {
    AppError::conflict(
        "idempotencyKey",
        format!(
            "幂等键 {key:?} 已用于另一项请求；请为新的请求换一个键 / the idempotency key {key:?} was used for another request; send a new key with a new request"
        ),
    )
}

/// The stored answer of a live key of the caller's for this request, if any: `Some(result)` to
/// replay, `None` to go ahead, CONFLICT when the key answered another request.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn replay<C: ConnectionTrait>(
    db: &C,
    state: &AppState,
    scope: &Scope,
    operation: &str,
    claim: &Claim,
) -> Result<Option<String>, AppError> {
    let Some(stored) = unscoped::idempotency_key(db, scope.user_id(), &claim.key).await? else { return Ok(None) };
    if stored.created_at < cutoff(&state.settings.idempotency) {
        return Ok(None);
    }
    if stored.operation != operation || stored.fingerprint != claim.fingerprint {
        return Err(mismatch(&claim.key));
    }
    Ok(Some(stored.result))
}

/// Saves the key with the answer in the write's transaction. `Ok(false)` means a concurrent
/// request with the same key committed first: the caller drops its write and replays.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn save(
    txn: &Write,
    state: &AppState,
    scope: &Scope,
    operation: &str,
    claim: &Claim,
    result: String,
) -> Result<bool, AppError> {
    // An expired key of the same name is forgotten first, so the new request owns it.
    unscoped::forget_idempotency_key(txn, scope.user_id(), &claim.key, cutoff(&state.settings.idempotency)).await?;
    let inserted = idempotency_key::ActiveModel {
        user_id: Set(scope.user_id()),
        key: Set(claim.key.clone()),
        operation: Set(operation.to_owned()),
        fingerprint: Set(claim.fingerprint.clone()),
        result: Set(result),
        created_at: Set(Utc::now()),
    }
    .insert(txn)
    .await;
    match inserted {
        Ok(_) => Ok(true),
        Err(e) if matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Removes every expired key; run by the server every `idempotency.sweep_interval_secs`.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn sweep(state: &AppState) -> Result<u64, AppError> {
    unscoped::remove_expired_idempotency_keys(&state.db, cutoff(&state.settings.idempotency)).await
}

/// The sweeper: a loop on the server's runtime for as long as it runs. Several nodes sweeping at
/// once do no harm (each deletes what has expired).
pub fn spawn_sweeper(state: AppState) {
    let every = std::time::Duration::from_secs(state.settings.idempotency.sweep_interval_secs.max(1));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            match sweep(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(removed = n, "expired idempotency keys removed"),
                Err(e) => tracing::warn!(error = ?e, "expired idempotency keys not removed"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::fingerprint;

    #[test]
    fn fingerprints_tell_requests_apart() {
        let a = fingerprint("report", ["1", "2019", "5"]);
        assert_eq!(a, fingerprint("report", ["1", "2019", "5"]));
        assert_ne!(a, fingerprint("reportBatch", ["1", "2019", "5"]));
        assert_ne!(a, fingerprint("report", ["1", "2019", "6"]));
        assert_ne!(fingerprint("r", ["ab", "c"]), fingerprint("r", ["a", "bc"]));
    }
}
