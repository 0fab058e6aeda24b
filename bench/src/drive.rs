//! The load: N concurrent clients, each running one operation after another until time is up.

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::future::BoxFuture;

/// One operation: called with (client number, sequence number across all clients).
pub type Op = Arc<dyn Fn(usize, u64) -> BoxFuture<'static, Result<(), String>> + Send + Sync>;

#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub ok: u64,
    pub failed: u64,
    pub first_error: Option<String>,
    pub seconds: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

impl Stats {
    pub fn rate(&self) -> f64 {
        if self.seconds > 0.0 { self.ok as f64 / self.seconds } else { 0.0 }
    }
}

/// Runs `op` from `clients` concurrent clients for `seconds`, or until `limit` operations have
/// started (for scenarios that consume a finite pool).
pub async fn run(clients: usize, seconds: f64, limit: Option<u64>, op: Op) -> Stats {
    let seq = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(seconds);
    let tasks = (0..clients).map(|c| {
        let (op, seq) = (op.clone(), seq.clone());
        tokio::spawn(async move {
            let mut latencies = Vec::new();
            let (mut failed, mut first_error) = (0_u64, None);
            while Instant::now() < deadline {
                let n = seq.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if limit.is_some_and(|l| n >= l) {
                    break;
                }
                let t = Instant::now();
                match op(c, n).await {
                    Ok(()) => latencies.push(t.elapsed()),
                    Err(e) => {
                        failed += 1;
                        // A body can be long: the first 500 characters tell what went wrong.
                        first_error.get_or_insert_with(|| {
                            let mut short: String = e.chars().take(500).collect();
                            if short.len() < e.len() {
                                short.push('…');
                            }
                            short
                        });
                    }
                }
            }
            (latencies, failed, first_error)
        })
    });
    let mut all = Vec::new();
    let mut stats = Stats::default();
    for r in futures_util::future::join_all(tasks).await {
        match r {
            Ok((lat, failed, err)) => {
                all.extend(lat);
                stats.failed += failed;
                if stats.first_error.is_none() {
                    stats.first_error = err;
                }
            }
            Err(e) => {
                stats.failed += 1;
                stats.first_error.get_or_insert(format!("client task: {e}"));
            }
        }
    }
    stats.seconds = started.elapsed().as_secs_f64();
    stats.ok = all.len() as u64;
    all.sort_unstable();
    let pick = |q: f64| {
        if all.is_empty() {
            0.0
        } else {
            let i = ((all.len() as f64 * q).ceil() as usize).clamp(1, all.len()) - 1;
            all[i].as_secs_f64() * 1000.0
        }
    };
    stats.p50_ms = pick(0.50);
    stats.p99_ms = pick(0.99);
    stats
}
