//! HTTP that phones like: compressed answers (gzip, brotli) negotiated by `Accept-Encoding`,
//! ETags and `304 Not Modified` on GET queries, and CORS for the configured origins.

use std::io::Read as _;

use serde_json::{Value, json};

use crate::helpers::*;

const DASHBOARD: &str = "query($t: ID!, $p: String!, $i: [ID!]!) { tenant(id: $t) { id rollup(period: $p, indicatorIds: $i) { indicatorId target actual completion lastChangedAt children { tenant { id } actual share accepted } } children(first: 50) { edges { node { id code name rollup(period: $p, indicatorIds: $i) { indicatorId target actual completion } } } } } submissions(filter: { parentId: $t, period: $p }, first: 50) { edges { node { id tenant { id } status statusLabel updatedAt } } } designationCounts(tenantId: $t) { tenant { id name } total byCategory { category label count } } }";
const ROLLUP: &str =
    "query($t: ID!, $p: String!, $i: [ID!]!) { rollup(tenantId: $t, period: $p, indicatorIds: $i) { actual } }";
const REPORT: &str = "mutation($i: ReportInput!) { report(input: $i) { id } }";
const ALLOWED: &str = "https://dashboard.example.gov.cn";

/// An answer as it came over the wire: status, headers, raw body.
struct Wire {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
}

impl Wire {
    async fn of(resp: reqwest::Response) -> Wire {
        Wire {
            status: resp.status().as_u16(),
            headers: resp.headers().clone(),
            body: resp.bytes().await.unwrap().to_vec(),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }

    /// Every value of `name`, comma lists split, lower-cased.
    fn tokens(&self, name: &str) -> Vec<String> {
        self.headers
            .get_all(name)
            .iter()
            .flat_map(|v| v.to_str().unwrap().split(','))
            .map(|t| t.trim().to_ascii_lowercase())
            .collect()
    }

    /// The body decoded as its `Content-Encoding` says.
    fn decoded(&self) -> Vec<u8> {
        let mut out = Vec::new();
        match self.header("content-encoding") {
            None => out.clone_from(&self.body),
            Some("gzip") => {
                flate2::read::GzDecoder::new(&self.body[..]).read_to_end(&mut out).unwrap();
            }
            Some("br") => {
                brotli::Decompressor::new(&self.body[..], 4096).read_to_end(&mut out).unwrap();
            }
            Some(other) => panic!("unexpected content-encoding {other}"),
        }
        out
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.decoded()).unwrap()
    }
}

async fn post(app: &TestApp, token: &str, accept_encoding: Option<&str>, query: &str, variables: Value) -> Wire {
    let mut req = app
        .client
        .post(app.url("/graphql"))
        .bearer_auth(token)
        .json(&json!({ "query": query, "variables": variables }));
    if let Some(ae) = accept_encoding {
        req = req.header("accept-encoding", ae);
    }
    Wire::of(req.send().await.unwrap()).await
}

async fn get(app: &TestApp, token: Option<&str>, headers: &[(&str, &str)], query: &str, variables: &Value) -> Wire {
    let mut req =
        app.client.get(app.url("/graphql")).query(&[("query", query.to_owned()), ("variables", variables.to_string())]);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    Wire::of(req.send().await.unwrap()).await
}

/// The city dashboard's variables: 柳州市, 2019, every indicator the leader sees.
async fn dashboard_vars(app: &TestApp, leader: &Actor<'_>) -> Value {
    let body = leader.gql("{ indicators(first: 100) { edges { node { id } } } }", json!({})).await;
    json!({ "t": app.tenant_id("450200").await, "p": "2019", "i": ids(&body["data"]["indicators"]) })
}

#[tokio::test]
async fn gzip_and_brotli_answers_decode_to_the_same_json_as_identity() {
    let app = spawn_app().await;
    let leader = app.actor(CITY_VIEWER).await;
    let vars = dashboard_vars(&app, &leader).await;

    let identity = post(&app, &leader.access, None, DASHBOARD, vars.clone()).await;
    assert_eq!(identity.status, 200);
    assert_eq!(identity.header("content-encoding"), None);
    assert_ok(&identity.json());
    assert!(identity.body.len() > 4096, "the dashboard answer is {} bytes", identity.body.len());
    assert!(identity.tokens("vary").contains(&"accept-encoding".to_owned()));

    let mut sizes = vec![("identity", identity.body.len())];
    for (accept, coding) in [
        ("gzip", "gzip"),
        ("gzip, deflate, br, zstd", "br"),
        ("br;q=0.5, gzip;q=0.9", "gzip"),
        ("gzip;q=0.2, br", "br"),
        ("*", "br"),
    ] {
        let answer = post(&app, &leader.access, Some(accept), DASHBOARD, vars.clone()).await;
        assert_eq!(answer.status, 200);
        assert_eq!(answer.header("content-encoding"), Some(coding), "Accept-Encoding: {accept}");
        assert!(answer.tokens("vary").contains(&"accept-encoding".to_owned()));
        assert!(answer.body.len() < identity.body.len() / 4, "{coding}: {} bytes", answer.body.len());
        assert_eq!(answer.decoded(), identity.body, "Accept-Encoding: {accept}");
        sizes.push((coding, answer.body.len()));
    }
    eprintln!("dashboard answer, bytes: {sizes:?}");

    // Refused or unknown codings, and an explicit identity, get the body as it is.
    for accept in ["identity", "gzip;q=0, br;q=0", "deflate, zstd", "br;q=0.5, identity"] {
        let answer = post(&app, &leader.access, Some(accept), DASHBOARD, vars.clone()).await;
        assert_eq!(answer.header("content-encoding"), None, "Accept-Encoding: {accept}");
        assert_eq!(answer.body, identity.body);
    }
}

#[tokio::test]
async fn a_tiny_body_and_an_xlsx_are_not_compressed_and_assets_keep_their_gzip_copy() {
    let app = spawn_app().await;
    let admin = app.actor(LUZHAI_ADMIN).await;
    let tiny = post(&app, &admin.access, Some("br, gzip"), "{ me { user { username } } }", json!({})).await;
    assert_eq!(tiny.status, 200);
    assert!(tiny.body.len() < 1024);
    assert_eq!(tiny.header("content-encoding"), None);
    assert_eq!(tiny.json()["data"]["me"]["user"]["username"], LUZHAI_ADMIN);
    assert!(tiny.tokens("vary").contains(&"accept-encoding".to_owned()));

    // An .xlsx is a zip already.
    let luzhai = app.tenant_id("450223").await;
    let url = app.url(&format!("/exports/decomposition.xlsx?tenant={luzhai}&period=2019"));
    let xlsx = Wire::of(
        app.client.get(url).bearer_auth(&admin.access).header("accept-encoding", "br, gzip").send().await.unwrap(),
    )
    .await;
    assert_eq!(xlsx.status, 200);
    assert!(xlsx.body.len() > 1024);
    assert_eq!(xlsx.header("content-encoding"), None);
    assert!(xlsx.body.starts_with(b"PK"));

    // The web client's page: its build-time gzip copy, never coded again.
    let page = Wire::of(app.client.get(app.url("/")).header("accept-encoding", "br, gzip").send().await.unwrap()).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.tokens("content-encoding"), ["gzip"]);
    assert!(String::from_utf8(page.decoded()).unwrap().contains("<html"));
}

#[tokio::test]
async fn the_compression_threshold_comes_from_config() {
    let app = spawn_app_with(&[("SHILIU__HTTP__COMPRESS_MIN_BYTES", "16")]).await;
    let admin = app.actor(LUZHAI_ADMIN).await;
    let tiny = post(&app, &admin.access, Some("gzip"), "{ me { user { username } } }", json!({})).await;
    assert_eq!(tiny.header("content-encoding"), Some("gzip"));
    assert_eq!(tiny.json()["data"]["me"]["user"]["username"], LUZHAI_ADMIN);

    // Exports in text are compressed too: the published 2018 notice as CSV.
    let reviewer = app.actor(CITY_REVIEWER).await;
    let rounds = reviewer.gql("{ assessmentRounds(first: 10) { edges { node { id year } } } }", json!({})).await;
    let round = edges(&rounds["data"]["assessmentRounds"]).into_iter().find(|r| r["year"] == 2018).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let url = app.url(&format!("/exports/assessment-rounds/{round}/notice.csv"));
    let fetch = |ae: &'static str| {
        app.client.get(url.clone()).bearer_auth(&reviewer.access).header("accept-encoding", ae).send()
    };
    let plain = Wire::of(fetch("identity").await.unwrap()).await;
    let packed = Wire::of(fetch("br").await.unwrap()).await;
    assert_eq!((plain.status, packed.status), (200, 200));
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(packed.header("content-encoding"), Some("br"));
    assert_eq!(packed.decoded(), plain.body);
    assert!(String::from_utf8(plain.body).unwrap().contains("名次"));
}

#[tokio::test]
async fn get_queries_answer_304_until_a_figure_changes() {
    let app = spawn_app().await;
    let county = app.actor(LUZHAI_ADMIN).await;
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let leaflets = indicator(&reporter, "PUB_LEAFLETS").await;
    let vars = json!({ "t": app.tenant_id("450223").await, "p": "2021-06", "i": [leaflets] });

    let first = get(&app, Some(&county.access), &[], ROLLUP, &vars).await;
    assert_eq!(first.status, 200);
    assert_ok(&first.json());
    let tag = first.header("etag").expect("a GET query answers with an ETag").to_owned();
    assert!(tag.starts_with('"') && tag.ends_with('"') && tag.len() > 20, "a strong, quoted tag: {tag}");
    assert_eq!(first.header("cache-control"), Some("private, no-cache"));

    // The same answer again: the same tag, and 304 with no body when the client names it.
    let again = get(&app, Some(&county.access), &[], ROLLUP, &vars).await;
    assert_eq!(again.header("etag"), Some(tag.as_str()));
    let not_modified = get(&app, Some(&county.access), &[("if-none-match", &tag)], ROLLUP, &vars).await;
    assert_eq!(not_modified.status, 304);
    assert!(not_modified.body.is_empty());
    assert_eq!(not_modified.header("etag"), Some(tag.as_str()));
    assert_eq!(not_modified.header("cache-control"), Some("private, no-cache"));
    let other = get(&app, Some(&county.access), &[("if-none-match", "\"something-else\"")], ROLLUP, &vars).await;
    assert_eq!(other.status, 200);

    // A figure reported in between: a new answer under a new tag.
    let line = json!({ "indicatorId": vars["i"][0], "period": "2021-06", "value": "40" });
    assert_ok(&reporter.gql(REPORT, json!({ "i": line })).await);
    let changed = get(&app, Some(&county.access), &[("if-none-match", &tag)], ROLLUP, &vars).await;
    assert_eq!(changed.status, 200);
    assert_ne!(changed.json(), first.json());
    assert_eq!(changed.json()["data"]["rollup"][0]["actual"], "40");
    let new_tag = changed.header("etag").unwrap().to_owned();
    assert_ne!(new_tag, tag);

    // A coded answer's tag names its coding, and that tag gives 304 to a client asking the same.
    let leader = app.actor(CITY_VIEWER).await;
    let vars = dashboard_vars(&app, &leader).await;
    let br = get(&app, Some(&leader.access), &[("accept-encoding", "br")], DASHBOARD, &vars).await;
    assert_eq!(br.header("content-encoding"), Some("br"));
    let br_tag = br.header("etag").unwrap().to_owned();
    assert!(br_tag.ends_with("-br\""), "{br_tag}");
    let plain = get(&app, Some(&leader.access), &[], DASHBOARD, &vars).await;
    assert_eq!(plain.decoded(), br.decoded());
    assert_eq!(format!("{}-br\"", plain.header("etag").unwrap().trim_end_matches('"')), br_tag);
    let cached =
        get(&app, Some(&leader.access), &[("accept-encoding", "br"), ("if-none-match", &br_tag)], DASHBOARD, &vars)
            .await;
    assert_eq!(cached.status, 304);
    assert!(cached.body.is_empty());
    assert!(cached.tokens("vary").contains(&"accept-encoding".to_owned()));
    // The identity representation is another one: the br tag does not validate it.
    let identity = get(&app, Some(&leader.access), &[("if-none-match", &br_tag)], DASHBOARD, &vars).await;
    assert_eq!(identity.status, 200);
}

#[tokio::test]
async fn post_answers_and_error_answers_carry_no_etag() {
    let app = spawn_app().await;
    let county = app.actor(LUZHAI_ADMIN).await;
    let posted = post(&app, &county.access, None, "{ me { user { username } } }", json!({})).await;
    assert_eq!(posted.status, 200);
    assert_ok(&posted.json());
    assert_eq!(posted.header("etag"), None);

    // Outside the scope (NOT_FOUND), not signed in, not valid: no tag, and not to be stored.
    let sibling = app.tenant_id("450225").await;
    let cases = [
        (
            Some(county.access.as_str()),
            "query($t: ID!) { tenant(id: $t) { name } }",
            json!({ "t": sibling }),
            "NOT_FOUND",
        ),
        (None, "{ me { roles } }", json!({}), "UNAUTHENTICATED"),
        (Some(county.access.as_str()), "{ nope }", json!({}), "GRAPHQL_VALIDATION_FAILED"),
    ];
    for (token, query, vars, code) in cases {
        let answer = get(&app, token, &[], query, &vars).await;
        assert_code(&answer.json(), code);
        assert_eq!(answer.header("etag"), None, "{code}");
        assert_eq!(answer.header("cache-control"), Some("no-store"), "{code}");
        // Naming any tag changes nothing.
        let again = get(&app, token, &[("if-none-match", "*")], query, &vars).await;
        assert_ne!(again.status, 304, "{code}");
    }
}

async fn preflight(app: &TestApp, path: &str, origin: &str) -> Wire {
    let req = app
        .client
        .request(reqwest::Method::OPTIONS, app.url(path))
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "authorization, content-type");
    Wire::of(req.send().await.unwrap()).await
}

#[tokio::test]
async fn cors_answers_the_configured_origins_only() {
    let app = spawn_app_with(&[("SHILIU__HTTP__CORS_ORIGINS", &format!("{ALLOWED}, http://127.0.0.1:5173"))]).await;

    let ok = preflight(&app, "/graphql", ALLOWED).await;
    assert_eq!(ok.status, 204);
    assert_eq!(ok.header("access-control-allow-origin"), Some(ALLOWED));
    assert_eq!(ok.tokens("access-control-allow-methods"), ["get", "post"]);
    let uploads = preflight(&app, "/uploads/x", ALLOWED).await;
    assert_eq!(uploads.tokens("access-control-allow-methods"), ["get", "post", "patch", "head"]);
    assert!(uploads.tokens("access-control-allow-headers").contains(&"upload-offset".to_owned()));
    let headers = ok.tokens("access-control-allow-headers");
    for h in ["authorization", "content-type", "accept", "if-none-match"] {
        assert!(headers.contains(&h.to_owned()), "{h} not allowed: {headers:?}");
    }
    assert_eq!(ok.header("access-control-max-age"), Some("7200"));
    assert!(ok.tokens("vary").contains(&"origin".to_owned()));
    assert!(ok.body.is_empty());
    // The exports are fetched with the same token.
    assert_eq!(preflight(&app, "/exports/decomposition.xlsx", ALLOWED).await.status, 204);

    for stranger in ["https://evil.example.com", "https://dashboard.example.gov.cn.evil.com", "null"] {
        let refused = preflight(&app, "/graphql", stranger).await;
        assert_eq!(refused.status, 403, "{stranger}");
        assert!(refused.headers.keys().all(|k| !k.as_str().starts_with("access-control-")), "{stranger}");
        assert_code(&refused.json(), "FORBIDDEN");
    }

    // Actual requests: the allowed origin is named (never *), others are not.
    let admin = app.actor(LUZHAI_ADMIN).await;
    let from = |origin: &'static str| {
        app.client
            .post(app.url("/graphql"))
            .bearer_auth(&admin.access)
            .header("origin", origin)
            .json(&json!({ "query": "{ me { user { username } } }" }))
            .send()
    };
    let allowed = Wire::of(from(ALLOWED).await.unwrap()).await;
    assert_eq!(allowed.status, 200);
    assert_eq!(allowed.header("access-control-allow-origin"), Some(ALLOWED));
    assert!(allowed.tokens("access-control-expose-headers").contains(&"etag".to_owned()));
    assert!(allowed.tokens("vary").contains(&"origin".to_owned()));
    assert!(allowed.tokens("vary").contains(&"accept-encoding".to_owned()));
    let stranger = Wire::of(from("https://evil.example.com").await.unwrap()).await;
    assert_eq!(stranger.status, 200);
    assert_eq!(stranger.header("access-control-allow-origin"), None);
    assert!(stranger.tokens("vary").contains(&"origin".to_owned()));

    // A 304 to an allowed page carries the header too, or the browser could not use it.
    let leaflets = indicator(&admin, "PUB_LEAFLETS").await;
    let vars = json!({ "t": app.tenant_id("450223").await, "p": "2019", "i": [leaflets] });
    let first = get(&app, Some(&admin.access), &[("origin", ALLOWED)], ROLLUP, &vars).await;
    let tag = first.header("etag").unwrap().to_owned();
    let cached = get(&app, Some(&admin.access), &[("origin", ALLOWED), ("if-none-match", &tag)], ROLLUP, &vars).await;
    assert_eq!(cached.status, 304);
    assert_eq!(cached.header("access-control-allow-origin"), Some(ALLOWED));
}

#[tokio::test]
async fn without_configured_origins_there_are_no_cors_headers() {
    let app = spawn_app().await;
    let refused = preflight(&app, "/graphql", ALLOWED).await;
    assert_eq!(refused.status, 403);
    assert!(refused.headers.keys().all(|k| !k.as_str().starts_with("access-control-")));
    let answer = Wire::of(
        app.client
            .post(app.url("/graphql"))
            .header("origin", ALLOWED)
            .json(&json!({ "query": "{ __typename }" }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, 200);
    assert!(answer.headers.keys().all(|k| !k.as_str().starts_with("access-control-")));
    assert!(!answer.tokens("vary").contains(&"origin".to_owned()));
    // An OPTIONS that is not a preflight is still a method the endpoint does not take.
    let options = app.client.request(reqwest::Method::OPTIONS, app.url("/graphql")).send().await.unwrap();
    assert_eq!(options.status().as_u16(), 405);
}
