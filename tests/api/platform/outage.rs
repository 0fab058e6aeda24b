//! A private PostgreSQL and a private Redis stopped and started again under a small load: no
//! request waits longer than its backend's timeout (plus a margin), the codes say
//! SERVICE_UNAVAILABLE (never UNAUTHENTICATED or INTERNAL_SERVER_ERROR), `/readyz` answers in
//! under a second, no acknowledged write is lost and the figures are right afterwards.
//!
//! These start and stop servers of their own, so they run only with `SHILIU_OUTAGE_TESTS=1`
//! (`.ci/run` sets it in a step of its own). Latencies measured during each outage are printed.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::*;

const PG_BIN: &str = "/usr/lib/postgresql/15/bin";
/// What the server under test is configured with (milliseconds).
const DB_ACQUIRE_MS: &str = "500";
const REDIS_COMMAND_MS: &str = "200";
/// Scheduling, a debug build and a shared machine.
const MARGIN: Duration = Duration::from_millis(700);

fn enabled() -> bool {
    std::env::var("SHILIU_OUTAGE_TESTS").is_ok_and(|v| v == "1")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn run(cmd: &mut Command) {
    let out = cmd.output().expect("command starts");
    assert!(out.status.success(), "{cmd:?}: {}", String::from_utf8_lossy(&out.stderr));
}

struct PrivateRedis {
    port: u16,
    child: Option<Child>,
}

impl PrivateRedis {
    fn start(port: u16) -> Self {
        let mut r = Self { port, child: None };
        r.up();
        r
    }
    fn up(&mut self) {
        let child = Command::new("redis-server")
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .spawn()
            .expect("redis-server starts");
        self.child = Some(child);
        for _ in 0..50 {
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("private Redis did not start");
    }
    fn down(&mut self) {
        if let Some(mut c) = self.child.take() {
            c.kill().ok();
            c.wait().ok();
        }
    }
}

impl Drop for PrivateRedis {
    fn drop(&mut self) {
        self.down();
    }
}

struct PrivatePostgres {
    dir: PathBuf,
    port: u16,
}

impl PrivatePostgres {
    fn start() -> Self {
        // Under /tmp itself, not TMPDIR: the postgres user must reach it, and `.ci/run`'s TMPDIR
        // is a private (0700) directory of the user running CI.
        let dir = PathBuf::from("/tmp").join(format!("shiliu-outage-pg-{}", std::process::id()));
        std::fs::remove_dir_all(&dir).ok();
        std::fs::create_dir_all(&dir).unwrap();
        run(Command::new("chown").args(["postgres", dir.to_str().unwrap()]));
        let data = dir.join("data");
        run(Command::new("runuser").args(["-u", "postgres", "--"]).arg(format!("{PG_BIN}/initdb")).args([
            "-D",
            data.to_str().unwrap(),
            "-U",
            "postgres",
            "--auth=trust",
        ]));
        let pg = Self { dir, port: free_port() };
        pg.up();
        pg
    }
    fn pg_ctl(&self, args: &[&str]) {
        let data = self.dir.join("data");
        run(Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(format!("{PG_BIN}/pg_ctl"))
            .args(["-D", data.to_str().unwrap(), "-w"])
            .args(args));
    }
    fn up(&self) {
        let opts = format!("-p {} -k {} -c listen_addresses=127.0.0.1", self.port, self.dir.display());
        let log = self.dir.join("log");
        self.pg_ctl(&["-o", &opts, "-l", log.to_str().unwrap(), "start"]);
    }
    fn down(&self) {
        self.pg_ctl(&["-m", "fast", "stop"]);
    }
    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(format!("{PG_BIN}/pg_ctl"))
            .args(["-D", data.to_str().unwrap(), "-m", "immediate", "stop"])
            .output()
            .ok();
        std::fs::remove_dir_all(&self.dir).ok();
    }
}

/// One request's outcome during an outage.
struct Sample {
    took: Duration,
    status: u16,
    body: Value,
}

async fn timed(actor: &Actor<'_>, query: &str, variables: Value) -> Sample {
    let started = Instant::now();
    let (status, body) = actor.post(query, variables).await;
    Sample { took: started.elapsed(), status, body }
}

async fn readyz(app: &TestApp) -> (u16, Duration) {
    let started = Instant::now();
    let status = app.client.get(app.url("/readyz")).send().await.unwrap().status().as_u16();
    (status, started.elapsed())
}

/// Every code of the body is one an outage may cause.
#[track_caller]
fn only_unavailable(s: &Sample) {
    for err in s.body["errors"].as_array().into_iter().flatten() {
        assert_eq!(err["extensions"]["code"], "SERVICE_UNAVAILABLE", "{}", s.body);
    }
}

fn report(name: &str, samples: &[Sample]) {
    let mut ms: Vec<u128> = samples.iter().map(|s| s.took.as_millis()).collect();
    ms.sort_unstable();
    let p = |q: f64| ms[((ms.len() - 1) as f64 * q) as usize];
    println!("{name}: {} requests, p50 {} ms, p99 {} ms, max {} ms", ms.len(), p(0.5), p(0.99), p(1.0));
}

const READ: &str = "{ me { user { username } roles } }";
const SET_TARGET: &str =
    "mutation($v: Decimal!) { setTarget(indicatorId: \"5\", period: \"2021\", value: $v) { target } }";
const TARGET: &str = "{ rollup(period: \"2021\", indicatorIds: [\"5\"]) { target } }";
/// Another period, written only while PostgreSQL is down and read only once it is back (a
/// roll-up read before a target changes is cached, and setting a target does not retire it yet).
const SET_TARGET_2020: &str =
    "mutation($v: Decimal!) { setTarget(indicatorId: \"5\", period: \"2020\", value: $v) { target } }";
const TARGET_2020: &str = "{ rollup(period: \"2020\", indicatorIds: [\"5\"]) { target } }";

#[tokio::test]
async fn postgres_down_and_back_answers_service_unavailable_fast_and_loses_no_write() {
    if !enabled() {
        return;
    }
    let pg = PrivatePostgres::start();
    let app = spawn_app_with(&[
        ("DATABASE_URL", &pg.url()),
        ("SHILIU__DATABASE__ACQUIRE_TIMEOUT_MS", DB_ACQUIRE_MS),
        ("SHILIU__DATABASE__CONNECT_TIMEOUT_MS", DB_ACQUIRE_MS),
    ])
    .await;
    let admin = app.actor(CITY_ADMIN).await;
    assert_ok(&admin.gql(SET_TARGET, json!({ "v": "100" })).await);

    pg.down();
    let mut samples = Vec::new();
    for i in 0..10 {
        let (read, write) = tokio::join!(
            timed(&admin, READ, json!({})),
            timed(&admin, SET_TARGET_2020, json!({ "v": format!("{}", 200 + i) }))
        );
        samples.push(read);
        samples.push(write);
    }
    let limit = Duration::from_millis(DB_ACQUIRE_MS.parse().unwrap()) + MARGIN;
    for s in &samples {
        assert!(s.took < limit, "waited {:?}: {}", s.took, s.body);
        assert_eq!(s.status, 503, "{}", s.body);
        assert_code(&s.body, "SERVICE_UNAVAILABLE");
        only_unavailable(s);
    }
    let (status, took) = readyz(&app).await;
    assert_eq!(status, 503);
    assert!(took < Duration::from_secs(1), "{took:?}");
    report("PostgreSQL stopped", &samples);

    pg.up();
    let mut back = false;
    for _ in 0..50 {
        if readyz(&app).await.0 == 200 {
            back = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(back, "ready again once PostgreSQL is back");
    // The write acknowledged before the outage is there; the refused ones are retried now.
    let body = admin.gql(TARGET, json!({})).await;
    assert_eq!(body["data"]["rollup"][0]["target"], "100", "{body}");
    assert_ok(&admin.gql(SET_TARGET_2020, json!({ "v": "209" })).await);
    let body = admin.gql(TARGET_2020, json!({})).await;
    assert_eq!(body["data"]["rollup"][0]["target"], "209", "{body}");
}

#[tokio::test]
async fn redis_down_and_back_keeps_answering_within_its_timeout() {
    if !enabled() {
        return;
    }
    let mut redis = PrivateRedis::start(free_port());
    let url = format!("redis://127.0.0.1:{}", redis.port);
    let app = spawn_app_with(&[("REDIS_URL", &url), ("SHILIU__REDIS__COMMAND_TIMEOUT_MS", REDIS_COMMAND_MS)]).await;
    let admin = app.actor(CITY_ADMIN).await;
    assert_ok(&admin.gql(SET_TARGET, json!({ "v": "100" })).await);

    redis.down();
    let mut samples = Vec::new();
    for i in 0..20 {
        let (read, write, figures) = tokio::join!(
            timed(&admin, READ, json!({})),
            timed(&admin, SET_TARGET, json!({ "v": format!("{}", 300 + i) })),
            timed(&admin, TARGET, json!({})),
        );
        samples.extend([read, write, figures]);
    }
    // Signing in still works: its rate limits are kept in process meanwhile.
    let login = app.login_raw(CITY_VIEWER, PASSWORD).await;
    assert!(login["data"]["login"]["accessToken"].is_string(), "{login}");
    let limit = Duration::from_millis(REDIS_COMMAND_MS.parse().unwrap()) + MARGIN;
    for s in &samples {
        assert!(s.took < limit, "waited {:?}: {}", s.took, s.body);
        assert_eq!(s.status, 200, "{}", s.body);
        assert_ok(&s.body);
    }
    let (status, took) = readyz(&app).await;
    assert_eq!(status, 503);
    assert!(took < Duration::from_secs(1), "{took:?}");
    report("Redis stopped", &samples);

    redis.up();
    let mut back = false;
    for _ in 0..50 {
        if readyz(&app).await.0 == 200 {
            back = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(back, "ready again once Redis is back");
    let body = admin.gql(TARGET, json!({})).await;
    assert_eq!(body["data"]["rollup"][0]["target"], "319", "{body}");
}
