//! S1, a live dashboard: N viewers of one county (N different users, one socket each) hold a
//! subscription over graphql-transport-ws on `/graphql`; a writer reports one figure per second
//! into a township of that county, as W1 does. For each write: the time from the writer's
//! answer (the commit) to the message of the last subscriber that receives the new answer.
//!
//! Every write sets the same figure to the next whole number, so the sum of the `actual`s in
//! an answer tells which write it shows: write k moves it by k × the variant's `per_write` from
//! what the subscriber first received.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value as Json, json};

use crate::scenarios::{Ctx, gql, login};
use crate::server::Server;
use crate::ws::{Frame, Ws};

/// What a subscriber subscribes to.
pub struct Variant {
    pub name: &'static str,
    query: &'static str,
    /// How much the sum of the answer's `actual`s moves when the figure moves by 1.
    per_write: f64,
}

/// The county dashboard's selection (what R2 asks), live: `liveQuery` groups its subscribers
/// per user (the selection could hold `me`), so each viewer's answer is computed for them.
pub const DASHBOARD: Variant = Variant {
    name: "S1 live dashboard (liveQuery)",
    query: "subscription($t: ID!, $i: [ID!]!) { liveQuery { tenant(id: $t) { name children(first: 50) { edges { node { id name rollup(period: \"2025\", indicatorIds: $i) { indicatorCode target actual completion } } } } } } }",
    per_write: 1.0,
};

/// The county's roll-up with its townships: `rollupChanged` groups subscribers by scope, so
/// the viewers of one county share one computation and the same bytes.
pub const ROLLUP: Variant = Variant {
    name: "S1 live roll-up (rollupChanged)",
    query: "subscription($t: ID, $i: [ID!]!) { rollupChanged(tenantId: $t, period: \"2025\", indicatorIds: $i) { indicatorCode target actual completion children { tenant { id name } actual } } }",
    // The county's actual and its township's both move.
    per_write: 2.0,
};

const REPORT: &str = "mutation($u: ID!, $i: ID!, $p: String!, $v: Decimal!) { report(input: { unitId: $u, indicatorId: $i, period: $p, value: $v }) { id version } }";

/// The figure the writes set before the subscribers come; write k sets it to `BASE + k`.
const BASE: i64 = 1000;

/// One line of S1's table.
pub struct LiveRow {
    pub name: &'static str,
    pub subscribers: usize,
    pub writes: usize,
    /// Over the writes every subscriber received (none: no such write).
    pub p50_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    /// Subscribers that never received the last write's answer.
    pub missed: usize,
    /// Pushes with errors (a computation that failed), over all subscribers.
    pub failed_pushes: usize,
    pub computations_per_write: f64,
    /// The write's own statements included.
    pub sql_per_write: f64,
    /// The write's own request included.
    pub cpu_ms_per_write: Option<f64>,
    /// Server CPU per write per subscriber, µs.
    pub cpu_us_per_subscriber_write: Option<f64>,
    /// Server CPU to connect, sign in, subscribe and compute the first answer, per subscriber, µs.
    pub subscribe_cpu_us: Option<f64>,
    /// Server RSS with the subscribers minus before them, per subscriber, KiB.
    pub rss_kib_per_subscriber: Option<f64>,
    pub first_error: Option<String>,
}

/// What one subscriber saw: the sum of its first answer, then every message's arrival and sum.
#[derive(Default)]
struct Seen {
    first: Option<f64>,
    arrivals: Vec<(Instant, f64)>,
    /// Pushes that carried errors (computations that failed).
    failed_pushes: usize,
    error: Option<String>,
    /// The socket ended or sent what it must not: nothing more comes.
    ended: bool,
}

/// Signs the viewers in, 16 at a time.
pub async fn viewer_tokens(ctx: &Ctx, n: usize) -> Result<Vec<String>, String> {
    let mut tokens = Vec::with_capacity(n);
    for chunk in ctx.fixture.viewers[..n.min(ctx.fixture.viewers.len())].chunks(16) {
        let logins = chunk.iter().map(|u| login(&ctx.http, &ctx.address, u));
        for t in futures_util::future::join_all(logins).await {
            tokens.push(t?);
        }
    }
    Ok(tokens)
}

/// Sums every `actual` in an answer (a decimal as a string, or null).
fn actual_sum(v: &Json) -> f64 {
    match v {
        Json::Object(m) => m
            .iter()
            .map(
                |(k, v)| {
                    if k == "actual" { v.as_str().and_then(|s| s.parse().ok()).unwrap_or(0.0) } else { actual_sum(v) }
                },
            )
            .sum(),
        Json::Array(a) => a.iter().map(actual_sum).sum(),
        _ => 0.0,
    }
}

fn fail(seen: &Mutex<Seen>, e: String) {
    if let Ok(mut s) = seen.lock() {
        s.error.get_or_insert(e);
        s.ended = true;
    }
}

/// One subscriber: connects, subscribes, records its first answer (then counts itself ready)
/// and every later one, until its task is aborted.
async fn subscriber(
    address: String,
    token: String,
    query: &'static str,
    variables: Json,
    gate: Arc<tokio::sync::Semaphore>,
    ready: Arc<AtomicUsize>,
    seen: Arc<Mutex<Seen>>,
) {
    let setup = async {
        let _permit = gate.acquire().await.map_err(|e| e.to_string())?;
        let mut ws = Ws::signed_in(&address, &token).await?;
        ws.subscribe("s1", query, variables).await?;
        let first = ws.json().await?;
        if first["type"] != "next" || first["payload"].get("errors").is_some() {
            return Err(format!("first answer: {first}"));
        }
        Ok::<_, String>((ws, actual_sum(&first["payload"]["data"])))
    };
    let mut ws = match setup.await {
        Ok((ws, sum)) => {
            if let Ok(mut s) = seen.lock() {
                s.first = Some(sum);
            }
            ready.fetch_add(1, Ordering::Relaxed);
            ws
        }
        Err(e) => return fail(&seen, e),
    };
    loop {
        let text = match ws.recv().await {
            Ok(Frame::Text(t)) => t,
            Ok(Frame::Close(code, reason)) => return fail(&seen, format!("the socket closed: {code} {reason}")),
            Err(e) => return fail(&seen, e),
        };
        let at = Instant::now();
        let m: Json = match serde_json::from_str(&text) {
            Ok(m) => m,
            Err(e) => return fail(&seen, format!("{e}: {text}")),
        };
        if m["type"] != "next" {
            return fail(&seen, format!("a message: {m}"));
        }
        let Ok(mut s) = seen.lock() else { return };
        if m["payload"].get("errors").is_some() {
            // The answer of a computation that failed (the next change computes it again).
            s.failed_pushes += 1;
            s.error.get_or_insert_with(|| format!("a push with errors: {m}"));
        } else {
            s.arrivals.push((at, actual_sum(&m["payload"]["data"])));
        }
    }
}

async fn metric(ctx: &Ctx, name: &str) -> Result<f64, String> {
    crate::metric(&ctx.http, &ctx.address, name).await.map(|v| v as f64)
}

/// Waits until `cond` holds, polling, for at most `limit`; whether it held.
async fn wait_for(limit: Duration, cond: impl Fn() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    while !cond() {
        if Instant::now() > deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    true
}

/// The writer's figure: the first unit of the first township (of the first county), the first
/// indicator, the first month.
async fn write(ctx: &Ctx, value: i64) -> Result<Instant, String> {
    let f = &ctx.fixture;
    let vars = json!({
        "u": f.units[0][0].to_string(), "i": f.indicators[0].to_string(), "p": f.month(1), "v": value.to_string(),
    });
    gql(&ctx.http, &ctx.address, &ctx.township_tokens[0], REPORT, vars).await?;
    Ok(Instant::now())
}

fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    Some(sorted[((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1])
}

/// Runs one variant with the first `tokens.len()` viewers and `writes` writes, one a second.
pub async fn run(
    ctx: &Arc<Ctx>,
    server: &Server,
    variant: &Variant,
    tokens: &[String],
    writes: usize,
) -> Result<LiveRow, String> {
    let n = tokens.len();
    write(ctx, BASE).await?;
    let inds: Vec<String> = ctx.fixture.indicators.iter().take(10).map(ToString::to_string).collect();
    let variables = json!({ "t": ctx.fixture.counties[0].to_string(), "i": inds });
    let (rss0, cpu0) = (server.rss_mib(), server.cpu_seconds());
    let gate = Arc::new(tokio::sync::Semaphore::new(16));
    let ready = Arc::new(AtomicUsize::new(0));
    let seen: Vec<Arc<Mutex<Seen>>> = (0..n).map(|_| Arc::default()).collect();
    let tasks: Vec<_> = tokens
        .iter()
        .zip(&seen)
        .map(|(token, s)| {
            let args = (ctx.address.clone(), token.clone(), variables.clone(), gate.clone(), ready.clone(), s.clone());
            tokio::spawn(subscriber(args.0, args.1, variant.query, args.2, args.3, args.4, args.5))
        })
        .collect();
    let failed = || seen.iter().any(|s| s.lock().map_or(true, |s| s.ended));
    let all_ready = wait_for(Duration::from_secs(120), || ready.load(Ordering::Relaxed) == n || failed()).await;
    let (rss1, cpu1) = (server.rss_mib(), server.cpu_seconds());
    // A change event the first answers may still be debouncing is left to settle.
    tokio::time::sleep(Duration::from_millis(700)).await;

    let (cpu2, comp0, sql0) = (
        server.cpu_seconds(),
        metric(ctx, "shiliu_live_computations_total").await?,
        metric(ctx, "shiliu_sql_statements_total").await?,
    );
    let mut committed = Vec::with_capacity(writes);
    let start = tokio::time::Instant::now();
    let mut first_error = None;
    if all_ready && !failed() {
        for k in 1..=writes {
            tokio::time::sleep_until(start + Duration::from_secs((k - 1) as u64)).await;
            match write(ctx, BASE + k as i64).await {
                Ok(at) => committed.push(at),
                Err(e) => {
                    first_error = Some(e);
                    break;
                }
            }
        }
    }
    let target = |s: &Seen, k: usize| s.first.map(|f| f + variant.per_write * k as f64 - 0.5);
    let reached = |s: &Seen, k: usize| target(s, k).is_some_and(|t| s.arrivals.iter().any(|a| a.1 >= t));
    let last = committed.len();
    wait_for(Duration::from_secs(30), || failed() || seen.iter().all(|s| s.lock().is_ok_and(|s| reached(&s, last))))
        .await;
    let (cpu3, comp1, sql1) = (
        server.cpu_seconds(),
        metric(ctx, "shiliu_live_computations_total").await?,
        metric(ctx, "shiliu_sql_statements_total").await?,
    );
    for t in &tasks {
        t.abort();
    }

    let mut latencies = Vec::new();
    let (mut missed, mut failed_pushes) = (0, 0);
    for (k, at) in committed.iter().enumerate() {
        let mut slowest = Some(Duration::ZERO);
        for s in &seen {
            let Ok(s) = s.lock() else { continue };
            let got = target(&s, k + 1).and_then(|t| s.arrivals.iter().find(|a| a.1 >= t)).map(|a| a.0);
            slowest = match (slowest, got) {
                (Some(d), Some(g)) => Some(d.max(g.saturating_duration_since(*at))),
                _ => None,
            };
        }
        if let Some(d) = slowest {
            latencies.push(d.as_secs_f64() * 1000.0);
        }
    }
    for s in &seen {
        let Ok(s) = s.lock() else { continue };
        if !reached(&s, last) || last < writes {
            missed += 1;
        }
        failed_pushes += s.failed_pushes;
        if first_error.is_none() {
            // A push can be long: its start tells what went wrong.
            first_error = s.error.as_ref().map(|e| e.chars().take(400).collect());
        }
    }
    if !all_ready && first_error.is_none() {
        first_error =
            Some(format!("{} of {n} subscribers got a first answer within 120 s", ready.load(Ordering::Relaxed)));
    }
    latencies.sort_by(f64::total_cmp);
    let per_write = |a: f64, b: f64| if last > 0 { (b - a) / last as f64 } else { 0.0 };
    let cpu_write = cpu2.zip(cpu3).map(|(a, b)| per_write(a, b) * 1000.0);
    Ok(LiveRow {
        name: variant.name,
        subscribers: n,
        writes: last,
        p50_ms: quantile(&latencies, 0.50),
        p99_ms: quantile(&latencies, 0.99),
        missed,
        failed_pushes,
        computations_per_write: per_write(comp0, comp1),
        sql_per_write: per_write(sql0, sql1),
        cpu_ms_per_write: cpu_write,
        cpu_us_per_subscriber_write: cpu_write.map(|c| c * 1000.0 / n.max(1) as f64),
        subscribe_cpu_us: cpu0.zip(cpu1).map(|(a, b)| (b - a) * 1e6 / n.max(1) as f64),
        rss_kib_per_subscriber: rss0.zip(rss1).map(|(a, b)| (b - a) * 1024.0 / n.max(1) as f64),
        first_error,
    })
}

pub fn opt(v: Option<f64>, digits: usize) -> String {
    v.map_or("—".to_owned(), |v| format!("{v:.digits$}"))
}

pub fn print_table(rows: &[LiveRow], debounce_ms: &str) {
    println!();
    println!(
        "S1 over graphql-transport-ws on /graphql, {debounce_ms}; one write a second into a township of the \
         subscribers' county; latency: from the writer's answer to the last subscriber's message with the new \
         answer; SQL and CPU per write include the write's own request:"
    );
    println!(
        "| {:<31} | {:>5} | {:>6} | {:>8} | {:>8} | {:>6} | {:>10} | {:>10} | {:>9} | {:>9} | {:>12} | {:>13} | {:>10} |",
        "scenario",
        "subs",
        "writes",
        "p50 ms",
        "p99 ms",
        "missed",
        "err pushes",
        "comp/write",
        "SQL/write",
        "CPU ms/w",
        "CPU µs/sub/w",
        "subscribe µs",
        "RSS KiB/sub"
    );
    println!("|{}", "---|".repeat(13));
    for r in rows {
        println!(
            "| {:<31} | {:>5} | {:>6} | {:>8} | {:>8} | {:>6} | {:>10} | {:>10.1} | {:>9.1} | {:>9} | {:>12} | {:>13} | {:>10} |",
            r.name,
            r.subscribers,
            r.writes,
            opt(r.p50_ms, 1),
            opt(r.p99_ms, 1),
            r.missed,
            r.failed_pushes,
            r.computations_per_write,
            r.sql_per_write,
            opt(r.cpu_ms_per_write, 1),
            opt(r.cpu_us_per_subscriber_write, 1),
            opt(r.subscribe_cpu_us, 0),
            opt(r.rss_kib_per_subscriber, 1),
        );
    }
}
