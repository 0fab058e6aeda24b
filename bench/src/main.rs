//! Shiliu benchmark harness.
//!
//! Generates a deterministic data set (`tiny` or `city`), loads it through a bulk path into
//! SQLite or PostgreSQL, starts the real server in a process of its own, drives it over HTTP with
//! N concurrent clients (every request carrying a real JWT; each scenario at 8 and at 32 clients
//! by default) and prints, per scenario: requests/s, p50, p99, SQL statements per request
//! (counted by the server), the server's CPU time per request, server RSS, and ratios to two
//! floors measured in the same run: the HTTP floor (`/healthz` under the same load) and the
//! database floor (the scenario's rows read or written by hand-written SQL, same concurrency).
//! Then S1, the live dashboard: N subscribers over graphql-transport-ws and one write a second
//! (see `live`). After the writes it checks every touched aggregate against a from-scratch
//! recomputation.
//!
//!     cargo run --release -p bench -- --size city --backend postgres

mod data;
mod drive;
mod live;
mod scenarios;
mod server;
mod ws;

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};
use migration::MigratorTrait as _;
use sea_orm::DatabaseConnection;

use crate::drive::Stats;
use crate::scenarios::Ctx;
use crate::server::Server;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Size {
    /// 1 city, 5 counties, 50 townships, 1,000 units, 10 indicators, 2 months.
    Tiny,
    /// 1 city, 10 counties, 200 townships, 10,000 units, 100 indicators, 12 months (12M values).
    City,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Parser, Debug)]
#[command(about = "Shiliu benchmark harness")]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    #[arg(long, value_enum, default_value = "tiny")]
    size: Size,
    #[arg(long, value_enum, default_value = "sqlite")]
    backend: Backend,
    /// Concurrent clients: every scenario runs once at each number (e.g. `--clients 8,32`).
    #[arg(long, value_delimiter = ',', default_values_t = [8, 32])]
    clients: Vec<usize>,
    /// Subscribers of S1 (the live dashboard), one run at each number; at most 1,000 (the
    /// viewers the data set has).
    #[arg(long, value_delimiter = ',', default_values_t = [100, 1000])]
    subscribers: Vec<usize>,
    /// Writes per S1 run, one a second.
    #[arg(long, default_value_t = 10)]
    live_writes: usize,
    /// Seconds per scenario.
    #[arg(long, default_value_t = 5.0)]
    seconds: f64,
    /// A PostgreSQL server (any database on it); the bench database (`--pg-database`) is
    /// dropped and created there.
    #[arg(long, default_value = "postgres://postgres@127.0.0.1:5432/postgres")]
    pg_url: String,
    /// The bench's database on that server: dropped and created, so two runs at once need two
    /// names.
    #[arg(long, default_value = "shiliu_bench")]
    pg_database: String,
    /// Redis for the PostgreSQL backend (keys under a prefix of this run's own).
    #[arg(long, default_value = "redis://127.0.0.1:6379")]
    redis_url: String,
    /// A quick run that only checks the harness works: 2 clients, half a second per scenario,
    /// S1 with 10 subscribers and 2 writes; fails on any failed request, any subscriber that
    /// misses the last write, or any drift.
    #[arg(long)]
    smoke: bool,
    /// Run only the scenarios whose names start with one of these (e.g. `--only R3 --only W1`,
    /// `--only S1`), for profiling one path; the HTTP floor always runs.
    #[arg(long)]
    only: Vec<String>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the server from the environment (the harness starts itself this way).
    Serve,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = match args.command {
        Some(Command::Serve) => runtime.block_on(server::serve()),
        None => runtime.block_on(bench(args)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench failed: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The settings the server and the loader share.
async fn environment(args: &Args) -> Result<Vec<(String, String)>, String> {
    let mut env: Vec<(String, String)> = vec![
        ("SHILIU_JWT_SECRET".into(), "bench-secret-bench-secret-bench-secret-0123".into()),
        ("SHILIU_LOG".into(), "warn".into()),
    ];
    match args.backend {
        Backend::Sqlite => {
            let path = std::env::temp_dir().join(format!("shiliu-bench-{:?}.db", args.size).to_lowercase());
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
            env.push(("SHILIU__DATABASE__SQLITE_PATH".into(), path.display().to_string()));
        }
        Backend::Postgres => {
            let admin = sea_orm::Database::connect(&args.pg_url)
                .await
                .map_err(|e| format!("PostgreSQL at {}: {e}", args.pg_url))?;
            let db = &args.pg_database;
            if db.is_empty() || !db.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
                return Err(format!("--pg-database {db:?}: lower-case letters, digits and _ only"));
            }
            data::exec(&admin, &format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"), vec![]).await?;
            data::exec(&admin, &format!("CREATE DATABASE {db}"), vec![]).await?;
            admin.close().await.map_err(|e| e.to_string())?;
            let (head, _) = args.pg_url.rsplit_once('/').ok_or("--pg-url needs a database path")?;
            env.push(("DATABASE_URL".into(), format!("{head}/{}", args.pg_database)));
            env.push(("REDIS_URL".into(), args.redis_url.clone()));
            env.push(("SHILIU__REDIS__KEY_PREFIX".into(), format!("shiliu-bench:{}:", std::process::id())));
        }
    }
    Ok(env)
}

/// The server's `graphql.subscription_debounce_ms` as it starts it (this process's environment
/// and the bench's settings over the config files), and whether it is the default.
fn debounce(env: &[(String, String)]) -> String {
    let mut all: Vec<(String, String)> = std::env::vars().collect();
    all.extend_from_slice(env);
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../config"));
    match shiliu::settings::Settings::load_from(dir, &all) {
        Ok(s) => {
            let ms = s.graphql.subscription_debounce_ms;
            format!("graphql.subscription_debounce_ms = {ms}{}", if ms == 500 { " (the default)" } else { "" })
        }
        Err(e) => format!("unknown ({e})"),
    }
}

async fn connect(env: &[(String, String)], pool: usize) -> Result<DatabaseConnection, String> {
    let mut env = env.to_vec();
    env.push(("SHILIU__DATABASE__MAX_CONNECTIONS".into(), pool.to_string()));
    let settings =
        shiliu::settings::Settings::load_from(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../config")), &env)
            .map_err(|e| e.to_string())?;
    shiliu::db::connect(&settings.database).await
}

/// On PostgreSQL, two single-connection pools that load the reported values side by side, with
/// foreign-key triggers off for their sessions (the generator's ids are right by construction).
/// On SQLite, none: the loader writes alone.
async fn report_writers(env: &[(String, String)]) -> Result<Vec<DatabaseConnection>, String> {
    let Some((_, url)) = env.iter().find(|(k, _)| k == "DATABASE_URL") else {
        return Ok(Vec::new());
    };
    let mut writers = Vec::new();
    for _ in 0..2 {
        let mut opts = sea_orm::ConnectOptions::new(url.clone());
        opts.max_connections(1).min_connections(1).sqlx_logging(false);
        let w = sea_orm::Database::connect(opts).await.map_err(|e| e.to_string())?;
        if let Err(e) = data::exec(&w, "SET session_replication_role = replica", vec![]).await {
            println!("note: foreign keys stay checked during the load ({e})");
        }
        writers.push(w);
    }
    Ok(writers)
}

/// A counter of the server's `/metrics`.
pub async fn metric(http: &reqwest::Client, address: &str, name: &str) -> Result<u64, String> {
    let text = http
        .get(format!("{address}/metrics"))
        .send()
        .await
        .map_err(|e| e.to_string())?
        .text()
        .await
        .map_err(|e| e.to_string())?;
    text.lines()
        .find_map(|l| l.strip_prefix(name).and_then(|rest| rest.strip_prefix(' ')))
        .and_then(|v| v.trim().parse::<f64>().ok())
        .map(|v| v as u64)
        .ok_or_else(|| format!("no {name} in /metrics"))
}

async fn sql_statements(ctx: &Ctx) -> Result<u64, String> {
    metric(&ctx.http, &ctx.address, "shiliu_sql_statements_total").await
}

/// A scenario: its name, its operation, how many operations at most, and its database floor
/// (with its own limit).
type Step = (&'static str, drive::Op, Option<u64>, Option<(drive::Op, Option<u64>)>);

/// Requests run once, unmeasured, before a scenario whose figures are those of a warm cache.
fn warm_up(name: &str, ctx: &Ctx) -> u64 {
    if name.starts_with("R2") { ctx.fixture.counties.len() as u64 } else { 0 }
}

/// One line of the table.
struct Row {
    name: &'static str,
    clients: usize,
    stats: Stats,
    sql_per_request: Option<f64>,
    /// The server's CPU time (user + system) over the run divided by its requests, µs.
    cpu_us: Option<f64>,
    floor: Option<Stats>,
    rss: Option<f64>,
}

/// Failed requests (and subscribers) of the whole run, and the first error.
#[derive(Default)]
struct Failures {
    count: u64,
    first: Option<String>,
}

impl Failures {
    fn add(&mut self, s: &Stats) {
        self.count += s.failed;
        if self.first.is_none() {
            self.first.clone_from(&s.first_error);
        }
    }
}

/// Runs `op` measured: its figures, SQL statements and server CPU per request.
async fn measured(
    ctx: &Ctx,
    server: &Server,
    clients: usize,
    seconds: f64,
    limit: Option<u64>,
    op: drive::Op,
) -> Result<(Stats, Option<f64>, Option<f64>), String> {
    let (sql0, cpu0) = (sql_statements(ctx).await?, server.cpu_seconds());
    let stats = drive::run(clients, seconds, limit, op).await;
    let (sql1, cpu1) = (sql_statements(ctx).await?, server.cpu_seconds());
    let requests = stats.ok + stats.failed;
    // The two /metrics reads between them are the measurement's own statements: none.
    let sql = (requests > 0).then(|| (sql1 - sql0) as f64 / requests as f64);
    let cpu = cpu0.zip(cpu1).filter(|_| requests > 0).map(|(a, b)| (b - a) * 1e6 / requests as f64);
    Ok((stats, sql, cpu))
}

/// Every scenario at `clients` clients (each pass consumes its `part` of the finite pools).
async fn pass(
    ctx: &Arc<Ctx>,
    server: &Server,
    (clients, seconds): (usize, f64),
    part: scenarios::Part,
    r2_id: &str,
    only: &[String],
    failures: &mut Failures,
) -> Result<Vec<Row>, String> {
    println!("{clients} clients:");
    let (http_floor, _, cpu) = measured(ctx, server, clients, seconds, None, scenarios::http_floor(ctx)).await?;
    failures.add(&http_floor);
    let mut rows = vec![Row {
        name: "HTTP floor (/healthz)",
        clients,
        stats: http_floor,
        sql_per_request: None,
        cpu_us: cpu,
        floor: None,
        rss: server.rss_mib(),
    }];
    let limit_r3 = Some(scenarios::part_of(scenarios::r3_cold_pairs(ctx), part).len() as u64);
    let limit_w2 = Some(scenarios::w2_pool(ctx, false, part).len() as u64);
    let limit_w2_floor = Some(scenarios::w2_pool(ctx, true, part).len() as u64);
    let r2_id = r2_id.to_owned();
    let plan: Vec<Step> = vec![
        ("R1 page of 20 units", scenarios::r1(ctx), None, Some((scenarios::r1_floor(ctx), None))),
        ("R2 county dashboard, warm", scenarios::r2(ctx), None, Some((scenarios::r2_floor(ctx), None))),
        ("R2 by documentId, gzip", scenarios::r2_by_id(ctx, r2_id), None, Some((scenarios::r2_floor(ctx), None))),
        ("R3 roll-up x100, cold", scenarios::r3(ctx, true, part), limit_r3, Some((scenarios::r3_floor(ctx), None))),
        ("R3 roll-up x100, cached", scenarios::r3(ctx, false, part), None, Some((scenarios::r3_floor(ctx), None))),
        ("R4 breakdown by children", scenarios::r4(ctx), None, Some((scenarios::r4_floor(ctx), None))),
        (
            "W2 application decision",
            scenarios::w2(ctx, part),
            limit_w2,
            Some((scenarios::w2_floor(ctx, part), limit_w2_floor)),
        ),
        ("W1 report one value", scenarios::w1(ctx, clients), None, Some((scenarios::w1_floor(ctx, clients), None))),
        (
            "W3 batch of 1,000 values",
            scenarios::w3(ctx, clients),
            None,
            Some((scenarios::w3_floor(ctx, clients), None)),
        ),
    ];
    for (name, op, limit, floor_op) in plan.into_iter().filter(|(name, ..)| selected(only, name)) {
        let floor = match floor_op {
            Some((f, l)) => Some(drive::run(clients, seconds, l, f).await),
            None => None,
        };
        for n in 0..warm_up(name, ctx) {
            if let Err(e) = op(0, n).await {
                failures.count += 1;
                failures.first.get_or_insert(e);
            }
        }
        let (stats, sql_per_request, cpu_us) = measured(ctx, server, clients, seconds, limit, op).await?;
        for s in std::iter::once(&stats).chain(floor.as_ref()) {
            failures.add(s);
        }
        println!(
            "  {name}: {:.1} req/s, p50 {:.2} ms{}",
            stats.rate(),
            stats.p50_ms,
            stats.first_error.as_deref().map(|e| format!(", {} failed, first: {e}", stats.failed)).unwrap_or_default()
        );
        rows.push(Row { name, clients, stats, sql_per_request, cpu_us, floor, rss: server.rss_mib() });
    }
    Ok(rows)
}

fn selected(only: &[String], name: &str) -> bool {
    only.is_empty() || only.iter().any(|o| name.starts_with(o.as_str()))
}

/// S1 for each variant and number of subscribers.
async fn live_runs(
    ctx: &Arc<Ctx>,
    server: &Server,
    subscribers: &[usize],
    writes: usize,
    failures: &mut Failures,
) -> Result<Vec<live::LiveRow>, String> {
    let most = subscribers.iter().copied().max().unwrap_or(0);
    println!("S1: signing in {most} viewers of {}", ctx.fixture.county_users[0]);
    let tokens = live::viewer_tokens(ctx, most).await?;
    let mut rows = Vec::new();
    for variant in [&live::DASHBOARD, &live::ROLLUP] {
        for &n in subscribers {
            let row = live::run(ctx, server, variant, &tokens[..n.min(tokens.len())], writes).await?;
            println!(
                "  {} x{}: p50 {} ms, p99 {} ms, {} missed the last write, {} pushes with errors{}",
                row.name,
                row.subscribers,
                live::opt(row.p50_ms, 1),
                live::opt(row.p99_ms, 1),
                row.missed,
                row.failed_pushes,
                row.first_error.as_deref().map(|e| format!(", first error: {e}")).unwrap_or_default()
            );
            if row.missed > 0 || row.first_error.is_some() {
                failures.count += (row.missed + row.failed_pushes).max(1) as u64;
                failures.first.get_or_insert_with(|| {
                    row.first_error
                        .clone()
                        .unwrap_or_else(|| format!("{}: {} subscribers missed the last write", row.name, row.missed))
                });
            }
            rows.push(row);
        }
    }
    Ok(rows)
}

async fn bench(args: Args) -> Result<(), String> {
    let (client_runs, seconds) = if args.smoke {
        (vec![2], 0.5)
    } else {
        let mut c: Vec<usize> = args.clients.iter().map(|c| (*c).max(1)).collect();
        c.dedup();
        (c, args.seconds)
    };
    let (subscribers, live_writes) = if args.smoke {
        (vec![10], 2)
    } else {
        (args.subscribers.iter().map(|n| (*n).clamp(1, data::VIEWERS)).collect(), args.live_writes.max(1))
    };
    let most_clients = client_runs.iter().copied().max().unwrap_or(1);
    println!(
        "Shiliu bench: size {:?}, backend {:?}{}, {} clients, {seconds} s per scenario; S1 with {} subscribers, {live_writes} writes",
        args.size,
        args.backend,
        if args.backend == Backend::Postgres { " + Redis" } else { " + in-process cache" },
        client_runs.iter().map(ToString::to_string).collect::<Vec<_>>().join(" and "),
        subscribers.iter().map(ToString::to_string).collect::<Vec<_>>().join(" and "),
    );
    let env = environment(&args).await?;
    // The load builds indexes over millions of rows: no statement timeout for it.
    let mut load_env = env.clone();
    load_env.push(("SHILIU__DATABASE__STATEMENT_TIMEOUT_MS".into(), "0".into()));
    let loader = connect(&load_env, 4).await?;
    migration::Migrator::up(&loader, None).await.map_err(|e| e.to_string())?;
    let cost = shiliu::auth::password::HashCost { memory_kib: 64, iterations: 1 };
    let hash = shiliu::auth::password::hash(data::PASSWORD.into(), cost).await.map_err(|e| e.message())?;
    let writers = report_writers(&env).await?;
    let fixture = data::load(&loader, &writers, args.size, &hash).await?;
    for w in writers {
        w.close().await.map_err(|e| e.to_string())?;
    }
    loader.close().await.map_err(|e| e.to_string())?;

    let server = Server::start(&env).await?;
    let http =
        reqwest::Client::builder().pool_max_idle_per_host(most_clients * 2).build().map_err(|e| e.to_string())?;
    let address = server.address.clone();
    let city_token = scenarios::login(&http, &address, &fixture.city_admin).await?;
    let mut county_tokens = Vec::new();
    for u in &fixture.county_users {
        county_tokens.push(scenarios::login(&http, &address, u).await?);
    }
    let mut township_tokens = Vec::new();
    for u in &fixture.township_users {
        township_tokens.push(scenarios::login(&http, &address, u).await?);
    }
    // One pool for the floors, as large as the most clients (a run at fewer clients uses as
    // many connections as it has clients).
    let floor = connect(&env, most_clients).await?;
    let ctx = Arc::new(Ctx {
        http: http.clone(),
        address: address.clone(),
        fixture,
        city_token,
        county_tokens,
        township_tokens,
        floor,
    });
    println!("server: {address}, RSS after start {:.0} MiB", server.rss_mib().unwrap_or(0.0));

    let r2_id = scenarios::register_r2(&ctx).await?;
    let [post, get, plain, gzip, br] = scenarios::r2_transfer(&ctx, &r2_id).await?;
    println!(
        "R2 on the wire: request {post} B as a POST of the text, {get} B as a GET by documentId; \
         answer {plain} B, {gzip} B gzip, {br} B brotli"
    );
    let mut failures = Failures::default();
    let mut table: Vec<Row> = Vec::new();
    for (i, &clients) in client_runs.iter().enumerate() {
        let part = (i, client_runs.len());
        table.extend(pass(&ctx, &server, (clients, seconds), part, &r2_id, &args.only, &mut failures).await?);
    }
    let live_rows = if selected(&args.only, "S1") {
        live_runs(&ctx, &server, &subscribers, live_writes, &mut failures).await?
    } else {
        Vec::new()
    };

    // Drift: every aggregate the writes touched against a recomputation from the reports.
    let mut touched = ctx.w1_indicators();
    for i in ctx.w1_floor_indicators().into_iter().chain(scenarios::w3_indicators(&ctx)) {
        if !touched.contains(&i) {
            touched.push(i);
        }
    }
    let drift = data::drift(&ctx.floor, &touched, &ctx.w1_months()).await?;
    let peak = server.peak_rss_mib();

    print_table(&table);
    if !live_rows.is_empty() {
        live::print_table(&live_rows, &debounce(&env));
    }
    println!();
    println!(
        "drift after W1/W3/S1: {drift} aggregate rows differ from a from-scratch recomputation ({} indicators x months, quarter, year; every tenant)",
        touched.len()
    );
    println!("server RSS peak: {:.0} MiB", peak.unwrap_or(0.0));
    for &clients in &client_runs {
        let rows: Vec<&Row> = table.iter().filter(|r| r.clients == clients).collect();
        print_goals(&rows, clients);
    }
    println!("  drift 0: {drift} -> {}", verdict(drift == 0));
    if let Some(p) = peak {
        println!("  server RSS < 150 MiB: {p:.0} MiB peak -> {}", verdict(p < 150.0));
    }

    if failures.count > 0 {
        return Err(format!(
            "{} requests (or S1 subscribers) failed; first: {}",
            failures.count,
            failures.first.unwrap_or_default()
        ));
    }
    if drift != 0 {
        return Err(format!("{drift} aggregate rows drifted"));
    }
    Ok(())
}

fn print_table(table: &[Row]) {
    println!();
    println!(
        "| {:<26} | {:>7} | {:>9} | {:>7} | {:>7} | {:>7} | {:>7} | {:>6} | {:>13} | {:>9} | {:>7} | {:>7} |",
        "scenario",
        "clients",
        "req/s",
        "p50 ms",
        "p99 ms",
        "SQL/req",
        "CPU µs",
        "×HTTP",
        "DB floor req/s",
        "DB p50 ms",
        "×DB",
        "RSS MiB"
    );
    println!("|{}", "---|".repeat(12));
    for r in table {
        let opt = live::opt;
        let http_floor = table
            .iter()
            .find(|h| h.clients == r.clients && h.name.starts_with("HTTP floor"))
            .map_or(0.0, |h| h.stats.rate());
        let x_http = (r.sql_per_request.is_some() && http_floor > 0.0).then(|| r.stats.rate() / http_floor);
        let x_db = r.floor.as_ref().filter(|f| f.rate() > 0.0).map(|f| r.stats.rate() / f.rate());
        println!(
            "| {:<26} | {:>7} | {:>9.1} | {:>7.2} | {:>7.2} | {:>7} | {:>7} | {:>6} | {:>13} | {:>9} | {:>7} | {:>7} |",
            r.name,
            r.clients,
            r.stats.rate(),
            r.stats.p50_ms,
            r.stats.p99_ms,
            opt(r.sql_per_request, 1),
            opt(r.cpu_us, 0),
            opt(x_http, 3),
            opt(r.floor.as_ref().map(Stats::rate), 1),
            opt(r.floor.as_ref().map(|f| f.p50_ms), 2),
            opt(x_db, 3),
            opt(r.rss, 0),
        );
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok { "MET" } else { "NOT MET" }
}

fn print_goals(table: &[&Row], clients: usize) {
    let find = |prefix: &str| table.iter().find(|r| r.name.starts_with(prefix));
    println!();
    println!("goals at {clients} clients:");
    if let Some(r) = find("R3 roll-up x100, cached") {
        println!("  R3 cached p50 <= 1 ms: {:.2} ms -> {}", r.stats.p50_ms, verdict(r.stats.p50_ms <= 1.0));
    }
    if let Some(r) = find("R3 roll-up x100, cold")
        && let Some(f) = &r.floor
    {
        let bound = f.p50_ms + 1.0;
        println!(
            "  R3 cold p50 <= its SQL p50 + 1 ms: {:.2} ms vs {bound:.2} ms -> {}",
            r.stats.p50_ms,
            verdict(r.stats.p50_ms <= bound)
        );
    }
    if let Some(r) = find("R1")
        && let Some(f) = &r.floor
    {
        let ratio = r.stats.rate() / f.rate().max(f64::MIN_POSITIVE);
        println!("  R1 >= 65% of the DB floor: {:.1}% -> {}", ratio * 100.0, verdict(ratio >= 0.65));
    }
    if let Some(r) = find("R2") {
        let sql = r.sql_per_request.unwrap_or(f64::MAX);
        println!("  R2 <= depth + 1 = 3 SQL statements: {sql:.3} -> {}", verdict(sql <= 3.0));
    }
    if let Some(r) = find("W1") {
        println!("  W1 >= 3,000 reports/s: {:.0}/s -> {}", r.stats.rate(), verdict(r.stats.rate() >= 3000.0));
    }
}
