//! Prometheus text metrics kept in process: requests by status, GraphQL errors by code, request
//! latency histogram, SQL statements executed.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

const BUCKETS: [f64; 10] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0];

#[derive(Default)]
struct Inner {
    requests_by_status: BTreeMap<u16, u64>,
    errors_by_code: BTreeMap<String, u64>,
    bucket_counts: [u64; BUCKETS.len()],
    duration_sum: f64,
    duration_count: u64,
}

#[derive(Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
    /// Every SQL statement the pool runs (counted by the driver callback, not estimated).
    sql_statements: AtomicU64,
}

impl Metrics {
    pub fn observe_sql(&self) {
        self.sql_statements.fetch_add(1, Ordering::Relaxed);
    }

    pub fn sql_statements(&self) -> u64 {
        self.sql_statements.load(Ordering::Relaxed)
    }

    fn with<R>(&self, f: impl FnOnce(&mut Inner) -> R) -> R {
        let mut guard = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    }

    pub fn observe_request(&self, status: u16, elapsed: Duration) {
        let secs = elapsed.as_secs_f64();
        self.with(|m| {
            *m.requests_by_status.entry(status).or_default() += 1;
            for (i, bound) in BUCKETS.iter().enumerate() {
                if secs <= *bound {
                    m.bucket_counts[i] += 1;
                }
            }
            m.duration_sum += secs;
            m.duration_count += 1;
        });
    }

    pub fn observe_error(&self, code: &str) {
        self.with(|m| *m.errors_by_code.entry(code.to_owned()).or_default() += 1);
    }

    pub fn render(&self) -> String {
        self.with(|m| {
            let mut out = String::new();
            let _ = writeln!(out, "# HELP shiliu_http_requests_total HTTP requests by response status.");
            let _ = writeln!(out, "# TYPE shiliu_http_requests_total counter");
            for (status, n) in &m.requests_by_status {
                let _ = writeln!(out, "shiliu_http_requests_total{{status=\"{status}\"}} {n}");
            }
            let _ = writeln!(out, "# HELP shiliu_graphql_errors_total GraphQL errors by extensions.code.");
            let _ = writeln!(out, "# TYPE shiliu_graphql_errors_total counter");
            for (code, n) in &m.errors_by_code {
                let _ = writeln!(out, "shiliu_graphql_errors_total{{code=\"{code}\"}} {n}");
            }
            let _ = writeln!(out, "# HELP shiliu_http_request_duration_seconds HTTP request latency.");
            let _ = writeln!(out, "# TYPE shiliu_http_request_duration_seconds histogram");
            for (bound, n) in BUCKETS.iter().zip(m.bucket_counts) {
                let _ = writeln!(out, "shiliu_http_request_duration_seconds_bucket{{le=\"{bound}\"}} {n}");
            }
            let _ = writeln!(out, "shiliu_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {}", m.duration_count);
            let _ = writeln!(out, "shiliu_http_request_duration_seconds_sum {}", m.duration_sum);
            let _ = writeln!(out, "shiliu_http_request_duration_seconds_count {}", m.duration_count);
            let _ = writeln!(out, "# HELP shiliu_sql_statements_total SQL statements executed.");
            let _ = writeln!(out, "# TYPE shiliu_sql_statements_total counter");
            let _ = writeln!(out, "shiliu_sql_statements_total {}", self.sql_statements());
            out
        })
    }
}
