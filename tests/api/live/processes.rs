//! Two API server processes on one PostgreSQL and one Redis, as a city runs them behind a load
//! balancer: a township's report on one reaches a dashboard subscribed on the other, and a
//! socket on one closes with 4403 when its session ends, its user is disabled or its roles
//! change on the other, and on both when its token expires.
//!
//! The processes run the `shiliu` binary of this build (`SHILIU_BIN` names another one). Two
//! processes hear each other only through Redis, so the test runs with TEST_DATABASE_URL and
//! TEST_REDIS_URL (the PostgreSQL + Redis suite of `.ci/run`); in one process without Redis the
//! same paths are tested by `sessions::a_logout_or_a_disabled_user_on_one_node_closes_the_socket_on_the_other`.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use shiliu::cli::demo;
use shiliu::settings::Settings;
use shiliu::startup::build_state;

use super::rollups::{PERIOD, ROLLUP_SUB, actual, report};
use super::sessions::{UPDATE_ROLES, expiring_soon};
use super::*;

/// A server process, killed when dropped.
struct Process {
    child: Child,
    app: TestApp,
    log: PathBuf,
}

impl Drop for Process {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
        std::fs::remove_file(&self.log).ok();
    }
}

/// `target/<profile>/shiliu`, next to the folder of this test binary (`target/<profile>/deps`).
fn server_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("SHILIU_BIN") {
        return path.into();
    }
    let exe = std::env::current_exe().expect("the test binary's path");
    exe.parent().and_then(Path::parent).expect("the target folder").join("shiliu")
}

/// Starts `shiliu serve` with `env` on a port of its own and waits until it answers.
async fn start(env: &[(String, String)], name: &str) -> Process {
    let binary = server_binary();
    assert!(binary.exists(), "{} is missing: build it with `cargo build -p shiliu`", binary.display());
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
    let config = Path::new("../config").canonicalize().expect("the config folder");
    let log = std::env::temp_dir().join(format!("shiliu-node-{name}-{port}.log"));
    let child = Command::new(&binary)
        .arg("serve")
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env("SHILIU_BIND", format!("127.0.0.1:{port}"))
        .env("SHILIU_CONFIG_DIR", config)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).expect("a log file"))
        .spawn()
        .expect("start the server binary");
    let app = TestApp::new(format!("http://127.0.0.1:{port}"));
    let node = Process { child, app, log };
    let deadline = Instant::now() + HANG;
    while !node.app.client.get(node.app.url("/healthz")).send().await.is_ok_and(|r| r.status().is_success()) {
        let log = std::fs::read_to_string(&node.log).unwrap_or_default();
        assert!(Instant::now() < deadline, "node {name} did not start within 30 s:\n{log}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    node
}

#[tokio::test]
async fn two_server_processes_share_reports_and_end_sockets_on_each_other() {
    let on_both = ["TEST_DATABASE_URL", "TEST_REDIS_URL"].iter().all(|v| std::env::var(v).is_ok_and(|s| !s.is_empty()));
    if !on_both {
        eprintln!("two server processes need TEST_DATABASE_URL and TEST_REDIS_URL: not run on this backend");
        return;
    }
    let env = test_env(&[("SHILIU__GRAPHQL__SUBSCRIPTION_DEBOUNCE_MS", DEBOUNCE_MS)]).await;
    let state = build_state(Settings::load_from(Path::new("../config"), &env).expect("settings")).await.expect("state");
    demo::load(&state).await.expect("demo data");
    drop(state);
    let (a, b) = (start(&env, "a").await, start(&env, "b").await);

    // 鹿寨县's dashboard on node b follows 寨沙镇's report on node a.
    let county = b.app.actor(LUZHAI_ADMIN).await;
    let leaflets = indicator(&county, "PUB_LEAFLETS").await;
    let mut dashboard = Ws::signed_in(&b.app, &county.access).await;
    let vars = json!({ "t": b.app.tenant_id("450223").await, "p": PERIOD, "i": [leaflets] });
    dashboard.subscribe("r", ROLLUP_SUB, vars).await;
    let before: rust_decimal::Decimal = actual(&dashboard.next_data("r").await).parse().unwrap();
    report(&a.app.actor(ZHAISHA_REPORTER).await, &leaflets, "40").await;
    let after: rust_decimal::Decimal = actual(&dashboard.next_data("r").await).parse().unwrap();
    assert_eq!(after - before, rust_decimal::Decimal::from(40));

    // A logout on a ends the session's socket on b, and only that one.
    let ended = a.app.actor(LUZHAI_REVIEWER).await;
    let mut on_b = Ws::signed_in(&b.app, &ended.access).await;
    assert_eq!(ended.gql("mutation { logout }", json!({})).await["data"]["logout"], true);
    assert_eq!(on_b.closed().await, (4403, "Forbidden".to_owned()));
    dashboard.send(&json!({ "type": "ping" })).await;
    assert_eq!(dashboard.json().await, json!({ "type": "pong" }));

    // Roles changed on a: the reporter's socket on b closes; disabled on a: the new one too.
    let admin = a.app.actor(LUZHAI_ADMIN).await;
    let reporter = b.app.actor(ZHAISHA_REPORTER).await;
    let mut on_b = Ws::signed_in(&b.app, &reporter.access).await;
    let roles = json!({ "i": { "userId": reporter.user_id, "roles": ["REPORTER", "VIEWER"] } });
    assert_ok(&admin.gql(UPDATE_ROLES, roles).await);
    assert_eq!(on_b.closed().await, (4403, "Forbidden".to_owned()));
    let mut on_b = Ws::signed_in(&b.app, &reporter.access).await;
    let disable = "mutation($id: ID!) { disableUser(userId: $id) { disabled } }";
    assert_ok(&admin.gql(disable, json!({ "id": reporter.user_id })).await);
    assert_eq!(on_b.closed().await, (4403, "Forbidden".to_owned()));

    // A token that expires closes its sockets on both nodes.
    let short = expiring_soon(&admin.access);
    let (mut on_a, mut on_b) = (Ws::signed_in(&a.app, &short).await, Ws::signed_in(&b.app, &short).await);
    assert_eq!(on_a.closed().await, (4403, "Forbidden".to_owned()));
    assert_eq!(on_b.closed().await, (4403, "Forbidden".to_owned()));
}
