//! Test harness: `spawn_app()` and the actors of the demo tree.
//!
//! The demo tree (see `shiliu::cli::demo`): 柳州市 450200 > 鹿寨县 450223 > 寨沙镇 450223102, and
//! its sibling 融水苗族自治县 450225 > 安太乡 450225203. Actors sign in as demo users.

use std::path::Path;

use serde_json::{Value, json};
use shiliu::cli::demo;
use shiliu::settings::Settings;
use shiliu::startup::{Application, build_state};

pub const PASSWORD: &str = demo::DEMO_PASSWORD;
/// The JWT secret the test server signs with, so tests can forge tokens that differ in one way.
pub const JWT_SECRET: &str = "test-secret-test-secret-test-secret-0123";

pub const CITY_ADMIN: &str = "liuzhou.admin";
pub const CITY_REVIEWER: &str = "liuzhou.reviewer";
pub const CITY_VIEWER: &str = "liuzhou.leader";
pub const LUZHAI_ADMIN: &str = "luzhai.admin";
pub const LUZHAI_REVIEWER: &str = "luzhai.reviewer";
pub const RONGSHUI_ADMIN: &str = "rongshui.admin";
pub const RONGSHUI_REVIEWER: &str = "rongshui.reviewer";
pub const ZHAISHA_REPORTER: &str = "zhaisha.reporter";
pub const ANTAI_REPORTER: &str = "anta.reporter";

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    /// The folder of the server's local file storage (`files.dir`).
    pub files_dir: String,
}

fn random_suffix() -> String {
    use rand::Rng as _;
    let mut b = [0u8; 8];
    rand::rng().fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// A fresh PostgreSQL database on the server of `base` (a URL naming any database there).
async fn fresh_postgres(base: &str) -> String {
    let name = format!("shiliu_t_{}", random_suffix());
    let admin = sea_orm::Database::connect(base).await.expect("connect to TEST_DATABASE_URL");
    sea_orm::ConnectionTrait::execute_unprepared(&admin, &format!("CREATE DATABASE {name}"))
        .await
        .expect("create test database");
    admin.close().await.ok();
    let (head, _) = base.rsplit_once('/').expect("TEST_DATABASE_URL has a database path");
    format!("{head}/{name}")
}

pub async fn test_settings(extra: &[(&str, &str)]) -> Settings {
    Settings::load_from(Path::new("../config"), &test_env(extra).await).expect("test settings")
}

/// The environment of a test server: a fresh database (PostgreSQL with TEST_DATABASE_URL, a
/// SQLite file otherwise), Redis under a prefix of its own with TEST_REDIS_URL, then `extra`.
pub async fn test_env(extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = vec![
        ("SHILIU_BIND".into(), "127.0.0.1:0".into()),
        ("SHILIU_JWT_SECRET".into(), JWT_SECRET.into()),
        ("SHILIU__SERVER__WORKERS".into(), "1".into()),
        ("SHILIU__DATABASE__MAX_CONNECTIONS".into(), "5".into()),
        // Cheap hashing keeps the suite fast; production cost is in config/default.toml.
        ("SHILIU__AUTH__ARGON2_MEMORY_KIB".into(), "64".into()),
        ("SHILIU__AUTH__ARGON2_ITERATIONS".into(), "1".into()),
    ];
    match std::env::var("TEST_DATABASE_URL") {
        Ok(base) if !base.is_empty() => env.push(("DATABASE_URL".into(), fresh_postgres(&base).await)),
        _ => {
            // One file per test under one folder, so a run's leftovers are easy to clear.
            let path = std::env::temp_dir().join("shiliu-tests").join(format!("{}.db", random_suffix()));
            env.push(("SHILIU__DATABASE__SQLITE_PATH".into(), path.display().to_string()));
        }
    }
    let files = std::env::temp_dir().join("shiliu-tests").join(format!("files-{}", random_suffix()));
    env.push(("SHILIU__FILES__DIR".into(), files.display().to_string()));
    if let Ok(redis) = std::env::var("TEST_REDIS_URL")
        && !redis.is_empty()
    {
        env.push(("REDIS_URL".into(), redis));
        env.push(("SHILIU__REDIS__KEY_PREFIX".into(), format!("shiliu-test:{}:", random_suffix())));
    }
    for (k, v) in extra {
        env.push(((*k).into(), (*v).into()));
    }
    env
}

/// Starts the server with the demo data set loaded.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

pub async fn spawn_app_with(extra: &[(&str, &str)]) -> TestApp {
    let settings = test_settings(extra).await;
    let files_dir = settings.files.dir.display().to_string();
    let state = build_state(settings).await.expect("state");
    demo::load(&state).await.expect("demo data");
    let app = Application::serve(state).expect("server");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    TestApp { address, client: reqwest::Client::new(), files_dir }
}

/// A signed-in demo user.
pub struct Actor<'a> {
    pub app: &'a TestApp,
    pub access: String,
    pub refresh: String,
    pub user_id: String,
}

impl TestApp {
    /// A server at `address` whose file storage the test does not look into.
    pub fn new(address: String) -> Self {
        TestApp { address, client: reqwest::Client::new(), files_dir: String::new() }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// POSTs a GraphQL request; returns status and body.
    pub async fn post(&self, token: Option<&str>, query: &str, variables: Value) -> (u16, Value) {
        let mut req = self.client.post(self.url("/graphql")).json(&json!({ "query": query, "variables": variables }));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.expect("request");
        let status = resp.status().as_u16();
        (status, resp.json().await.expect("JSON body"))
    }

    pub async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        self.post(token, query, variables).await.1
    }

    pub async fn login_raw(&self, username: &str, password: &str) -> Value {
        self.gql(
            None,
            "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken refreshToken expiresAt user { id username } } }",
            json!({ "u": username, "p": password }),
        )
        .await
    }

    pub async fn actor(&self, username: &str) -> Actor<'_> {
        let body = self.login_raw(username, PASSWORD).await;
        let login = &body["data"]["login"];
        assert!(login.is_object(), "login as {username} failed: {body}");
        Actor {
            app: self,
            access: login["accessToken"].as_str().unwrap().to_owned(),
            refresh: login["refreshToken"].as_str().unwrap().to_owned(),
            user_id: login["user"]["id"].as_str().unwrap().to_owned(),
        }
    }

    /// The id of a demo tenant, looked up by the city admin (who sees them all).
    pub async fn tenant_id(&self, code: &str) -> String {
        self.demo_id("{ tenants(first: 100) { edges { node { id code } } } }", json!({}), "tenants", "code", code).await
    }

    /// The id of the demo unit named `name`, looked up by the city admin.
    pub async fn unit_id(&self, name: &str) -> String {
        let q = "query($n: String!) { units(first: 100, filter: {nameContains: $n}) { edges { node { id name } } } }";
        self.demo_id(q, json!({ "n": name }), "units", "name", name).await
    }

    /// The id of a demo user, looked up by the city admin.
    pub async fn user_id(&self, username: &str) -> String {
        self.demo_id(
            "{ users(first: 100) { edges { node { id username } } } }",
            json!({}),
            "users",
            "username",
            username,
        )
        .await
    }

    /// Runs `query` as the city admin and returns the id of the node of connection `list` whose
    /// `field` is `value`.
    async fn demo_id(&self, query: &str, variables: Value, list: &str, field: &str, value: &str) -> String {
        let body = self.actor(CITY_ADMIN).await.gql(query, variables).await;
        body["data"][list]["edges"]
            .as_array()
            .unwrap_or_else(|| panic!("{list}: {body}"))
            .iter()
            .find(|e| e["node"][field] == value)
            .unwrap_or_else(|| panic!("no demo {list} with {field} {value}"))["node"]["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

impl Actor<'_> {
    pub async fn gql(&self, query: &str, variables: Value) -> Value {
        self.app.gql(Some(&self.access), query, variables).await
    }

    pub async fn post(&self, query: &str, variables: Value) -> (u16, Value) {
        self.app.post(Some(&self.access), query, variables).await
    }
}

/// `extensions.code` of the first error, if any.
pub fn code(body: &Value) -> Option<&str> {
    body["errors"][0]["extensions"]["code"].as_str()
}

/// Asserts the body failed with `expected` and every error carries a code.
#[track_caller]
pub fn assert_code(body: &Value, expected: &str) {
    assert_eq!(code(body), Some(expected), "expected {expected}, got {body}");
    for err in body["errors"].as_array().unwrap() {
        assert!(err["extensions"]["code"].is_string(), "error without code: {err}");
    }
}

/// Asserts the body succeeded.
#[track_caller]
pub fn assert_ok(body: &Value) {
    assert!(body.get("errors").is_none(), "unexpected errors: {body}");
}

/// Two API nodes on one database (and one Redis when the suite runs on Redis), each with its own
/// pool, cache connection, memory and sign-ins. Node `a` reaches Redis through a proxy the test
/// can cut. Without Redis they hear each other's commits through one in-process change feed
/// (`shiliu::startup::share_feed_in_process`), so the cut does nothing then.
pub struct Nodes {
    pub a: TestApp,
    pub b: TestApp,
    proxy: Option<proxy::Proxy>,
}

impl Nodes {
    /// Drops node `a`'s connections to Redis and refuses new ones until restored.
    pub fn cut_writers_cache(&self) {
        if let Some(p) = &self.proxy {
            p.cut();
        }
    }

    pub fn restore_writers_cache(&self) {
        if let Some(p) = &self.proxy {
            p.restore();
        }
    }
}

pub async fn spawn_two_nodes() -> Nodes {
    let settings_b = test_settings(&[]).await;
    let state_b = build_state(settings_b.clone()).await.expect("state b");
    demo::load(&state_b).await.expect("demo data");
    let mut settings_a = settings_b.clone();
    let proxy = match std::env::var("TEST_REDIS_URL") {
        Ok(url) if !url.is_empty() => {
            let p = proxy::Proxy::start(&url).await;
            settings_a.redis.url = shiliu::settings::Secret::new(p.url());
            Some(p)
        }
        _ => None,
    };
    let mut state_a = build_state(settings_a).await.expect("state a");
    if proxy.is_none() {
        // Without Redis the two nodes could not hear each other; in one process they share the
        // in-process feed instead, as nodes share the bus on Redis.
        shiliu::startup::share_feed_in_process(&mut state_a, &state_b);
    }
    let serve = |state| {
        let app = Application::serve(state).expect("server");
        let address = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        TestApp::new(address)
    };
    Nodes { a: serve(state_a), b: serve(state_b), proxy }
}

mod proxy {
    //! A TCP proxy in front of Redis that can drop its connections on demand.

    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};

    use tokio::net::{TcpListener, TcpStream};
    use tokio::task::AbortHandle;

    pub struct Proxy {
        port: u16,
        cut: Arc<AtomicBool>,
        links: Arc<Mutex<Vec<AbortHandle>>>,
    }

    impl Proxy {
        pub async fn start(redis_url: &str) -> Proxy {
            let upstream = redis_url.trim_start_matches("redis://").trim_end_matches('/').to_owned();
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            let port = listener.local_addr().unwrap().port();
            let cut = Arc::new(AtomicBool::new(false));
            let links: Arc<Mutex<Vec<AbortHandle>>> = Arc::default();
            let (c, l) = (cut.clone(), links.clone());
            tokio::spawn(async move {
                while let Ok((mut inbound, _)) = listener.accept().await {
                    if c.load(Ordering::SeqCst) {
                        drop(inbound);
                        continue;
                    }
                    let upstream = upstream.clone();
                    let task = tokio::spawn(async move {
                        if let Ok(mut outbound) = TcpStream::connect(&upstream).await {
                            let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                        }
                    });
                    l.lock().unwrap().push(task.abort_handle());
                }
            });
            Proxy { port, cut, links }
        }

        pub fn url(&self) -> String {
            format!("redis://127.0.0.1:{}", self.port)
        }

        pub fn cut(&self) {
            self.cut.store(true, Ordering::SeqCst);
            for link in self.links.lock().unwrap().drain(..) {
                link.abort();
            }
        }

        pub fn restore(&self) {
            self.cut.store(false, Ordering::SeqCst);
        }
    }
}

/// The id of the indicator with `code`, as `actor` sees it.
pub async fn indicator(actor: &Actor<'_>, code: &str) -> String {
    let body = actor.gql("{ indicators(first: 100) { edges { node { id code } } } }", json!({})).await;
    let found = edges(&body["data"]["indicators"]).into_iter().find(|n| n["code"] == code);
    found.unwrap_or_else(|| panic!("no indicator {code}: {body}"))["id"].as_str().unwrap().to_owned()
}

/// The server's count of SQL statements so far (`shiliu_sql_statements_total` on `/metrics`).
pub async fn sql_statements(app: &TestApp) -> u64 {
    metric(app, "shiliu_sql_statements_total").await
}

/// A metric of the node without labels, as `/metrics` shows it.
pub async fn metric(app: &TestApp, name: &str) -> u64 {
    let text = app.client.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap();
    let prefix = format!("{name} ");
    text.lines()
        .find_map(|l| l.strip_prefix(prefix.as_str()))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no metric {name}"))
}

/// The nodes of a connection (`{ edges { node } }`), in order.
pub fn edges(connection: &Value) -> Vec<&Value> {
    connection["edges"].as_array().expect("a connection with edges").iter().map(|e| &e["node"]).collect()
}

/// The `id`s of a connection's nodes, in order.
pub fn ids(connection: &Value) -> Vec<String> {
    edges(connection).into_iter().map(|n| n["id"].as_str().expect("a node id").to_owned()).collect()
}
