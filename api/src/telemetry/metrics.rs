//! Prometheus text metrics kept in process: requests by status, GraphQL errors by code, request
//! latency, latency per GraphQL operation, SQL statements executed, live subscriptions.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Duration;

const BUCKETS: [f64; 10] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0];

/// Operation names the node keeps a histogram for; later names count as `other` (a client
/// chooses the names, so they must not grow the metrics without bound).
const MAX_OPERATIONS: usize = 200;
const MAX_OPERATION_NAME: usize = 64;

#[derive(Default, Clone, Copy)]
struct Histogram {
    buckets: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

impl Histogram {
    fn observe(&mut self, secs: f64) {
        for (i, bound) in BUCKETS.iter().enumerate() {
            if secs <= *bound {
                self.buckets[i] += 1;
            }
        }
        self.sum += secs;
        self.count += 1;
    }

    /// `labels`: the series' labels before `le`, e.g. `operation="Dashboard",` (or empty).
    fn render(&self, out: &mut String, name: &str, labels: &str) {
        for (bound, n) in BUCKETS.iter().zip(self.buckets) {
            let _ = writeln!(out, "{name}_bucket{{{labels}le=\"{bound}\"}} {n}");
        }
        let _ = writeln!(out, "{name}_bucket{{{labels}le=\"+Inf\"}} {}", self.count);
        let labels = labels.trim_end_matches(',');
        let braces = if labels.is_empty() { String::new() } else { format!("{{{labels}}}") };
        let _ = writeln!(out, "{name}_sum{braces} {}", self.sum);
        let _ = writeln!(out, "{name}_count{braces} {}", self.count);
    }
}

#[derive(Default)]
struct Inner {
    requests_by_status: BTreeMap<u16, u64>,
    errors_by_code: BTreeMap<String, u64>,
    requests: Histogram,
    operations: BTreeMap<String, Histogram>,
}

#[derive(Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
    /// Every SQL statement the pool runs (counted by the driver callback, not estimated).
    sql_statements: AtomicU64,
    /// Live subscriptions (`http::live`): answers computed (one per group and burst of
    /// changes, whatever the number of members), open sockets, groups and subscriptions.
    live_computations: AtomicU64,
    live_sockets: AtomicI64,
    live_groups: AtomicI64,
    live_subscriptions: AtomicI64,
}

/// The label an operation is counted under: its name when it is a plain GraphQL name of
/// reasonable length, else `anonymous` (none) or `other`.
fn operation_label(name: Option<&str>) -> &str {
    match name {
        None => "anonymous",
        Some(n)
            if !n.is_empty()
                && n.len() <= MAX_OPERATION_NAME
                && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
        {
            n
        }
        Some(_) => "other",
    }
}

impl Metrics {
    pub fn observe_sql(&self) {
        self.sql_statements.fetch_add(1, Ordering::Relaxed);
    }

    pub fn sql_statements(&self) -> u64 {
        self.sql_statements.load(Ordering::Relaxed)
    }

    pub fn live_computation(&self) {
        self.live_computations.fetch_add(1, Ordering::Relaxed);
    }

    pub fn live_sockets(&self, delta: i64) {
        self.live_sockets.fetch_add(delta, Ordering::Relaxed);
    }

    pub fn live_groups(&self, delta: i64) {
        self.live_groups.fetch_add(delta, Ordering::Relaxed);
    }

    pub fn live_subscriptions(&self, delta: i64) {
        self.live_subscriptions.fetch_add(delta, Ordering::Relaxed);
    }

    fn render_live(&self, out: &mut String) {
        let _ = writeln!(out, "# HELP shiliu_live_computations_total Answers computed for groups of subscribers.");
        let _ = writeln!(out, "# TYPE shiliu_live_computations_total counter");
        let _ = writeln!(out, "shiliu_live_computations_total {}", self.live_computations.load(Ordering::Relaxed));
        for (name, help, v) in [
            ("shiliu_live_sockets", "Open graphql-transport-ws sockets.", &self.live_sockets),
            (
                "shiliu_live_groups",
                "Groups of subscribers with the same scope, document and variables.",
                &self.live_groups,
            ),
            ("shiliu_live_subscriptions", "Running subscriptions.", &self.live_subscriptions),
        ] {
            let _ = writeln!(out, "# HELP {name} {help}");
            let _ = writeln!(out, "# TYPE {name} gauge");
            let _ = writeln!(out, "{name} {}", v.load(Ordering::Relaxed));
        }
    }

    fn with<R>(&self, f: impl FnOnce(&mut Inner) -> R) -> R {
        let mut guard = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    }

    pub fn observe_request(&self, status: u16, elapsed: Duration) {
        self.with(|m| {
            *m.requests_by_status.entry(status).or_default() += 1;
            m.requests.observe(elapsed.as_secs_f64());
        });
    }

    /// A GraphQL operation that ran, by its name (see [`operation_label`]).
    pub fn observe_operation(&self, name: Option<&str>, elapsed: Duration) {
        let label = operation_label(name);
        self.with(|m| {
            let known = m.operations.contains_key(label);
            let label = if known || m.operations.len() < MAX_OPERATIONS { label } else { "other" };
            m.operations.entry(label.to_owned()).or_default().observe(elapsed.as_secs_f64());
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
            m.requests.render(&mut out, "shiliu_http_request_duration_seconds", "");
            let _ = writeln!(
                out,
                "# HELP shiliu_graphql_operation_duration_seconds GraphQL operations by name, from the parsed \
                 document to the answer."
            );
            let _ = writeln!(out, "# TYPE shiliu_graphql_operation_duration_seconds histogram");
            for (name, h) in &m.operations {
                h.render(&mut out, "shiliu_graphql_operation_duration_seconds", &format!("operation=\"{name}\","));
            }
            let _ = writeln!(out, "# HELP shiliu_sql_statements_total SQL statements executed.");
            let _ = writeln!(out, "# TYPE shiliu_sql_statements_total counter");
            let _ = writeln!(out, "shiliu_sql_statements_total {}", self.sql_statements());
            self.render_live(&mut out);
            out
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_are_counted_by_a_bounded_set_of_names() {
        let m = Metrics::default();
        m.observe_operation(Some("Dashboard"), Duration::from_millis(3));
        m.observe_operation(None, Duration::from_millis(30));
        m.observe_operation(Some("bad\"name"), Duration::from_millis(1));
        for i in 0..(MAX_OPERATIONS + 10) {
            m.observe_operation(Some(&format!("Op{i}")), Duration::from_millis(1));
        }
        let text = m.render();
        assert!(
            text.contains("shiliu_graphql_operation_duration_seconds_bucket{operation=\"Dashboard\",le=\"0.005\"} 1")
        );
        assert!(text.contains("shiliu_graphql_operation_duration_seconds_count{operation=\"anonymous\"} 1"));
        assert!(!text.contains("bad\\\""), "{text}");
        let names = text.lines().filter(|l| l.starts_with("shiliu_graphql_operation_duration_seconds_count")).count();
        // `other` came with the bad name, so the limit holds it too.
        assert_eq!(names, MAX_OPERATIONS, "at most {MAX_OPERATIONS} names");
        assert!(text.contains("operation=\"other\""));
    }
}
