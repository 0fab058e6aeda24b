//! Requests an attacker sends with no token at all: each is refused with its code, fast, and the
//! server keeps answering afterwards.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::*;

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";
/// Every refusal below must come back within this (the acceptance bound of the issue).
const FAST: Duration = Duration::from_millis(100);

async fn post_raw(app: &TestApp, body: Value) -> (u16, Value, Duration) {
    let started = Instant::now();
    let resp = app
        .client
        .post(app.url("/graphql"))
        .header("accept", GRAPHQL_RESPONSE)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .expect("the server answers");
    let status = resp.status().as_u16();
    let body: Value = resp.json().await.expect("JSON body");
    (status, body, started.elapsed())
}

async fn still_alive(app: &TestApp) {
    let (status, body) = app.post(None, "{ __typename }", json!({})).await;
    assert_eq!((status, &body["data"]["__typename"]), (200, &json!("QueryRoot")), "{body}");
}

fn nested_list(depth: usize) -> String {
    format!("{}1{}", "[".repeat(depth), "]".repeat(depth))
}

#[tokio::test]
async fn documents_nested_thousands_deep_are_parse_failures_and_the_server_lives() {
    let app = spawn_app().await;
    let deep = nested_list(3000);
    let object = format!("{}1{}", "{a: ".repeat(3000), "}".repeat(3000));
    let selections = format!("{}{}", "{ me ".repeat(3000), "}".repeat(3000));
    let documents = [
        format!("{{ tenant(id: {deep}) {{ name }} }}"),
        format!("{{ tenant(id: {object}) {{ name }} }}"),
        format!("query($v: ID = {deep}) {{ tenant(id: $v) {{ name }} }}"),
        format!("{{ me @include(if: {deep}) {{ roles }} }}"),
        format!("query($v: {}ID{}) {{ me {{ roles }} }}", "[".repeat(3000), "]".repeat(3000)),
        selections,
    ];
    for doc in documents {
        let (status, body, took) = post_raw(&app, json!({ "query": doc })).await;
        assert_eq!(status, 400, "{body}");
        assert_code(&body, "GRAPHQL_PARSE_FAILED");
        assert!(took < FAST, "{took:?}");
    }
    still_alive(&app).await;
}

#[tokio::test]
async fn a_deep_document_over_get_is_a_parse_failure() {
    let app = spawn_app().await;
    let started = Instant::now();
    let resp = app
        .client
        .get(app.url("/graphql"))
        .header("accept", GRAPHQL_RESPONSE)
        .query(&[("query", format!("{{ tenant(id: {}) {{ name }} }}", nested_list(3000)))])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    assert_code(&resp.json::<Value>().await.unwrap(), "GRAPHQL_PARSE_FAILED");
    assert!(started.elapsed() < FAST);
    still_alive(&app).await;
}

#[tokio::test]
async fn deeply_nested_variables_json_is_refused() {
    let app = spawn_app().await;
    // serde_json stops at 128 levels: the body is not a GraphQL request.
    let variables = nested_list(3000);
    let body = format!(r#"{{"query": "query($v: ID) {{ me {{ roles }} }}", "variables": {{"v": {variables}}}}}"#);
    let started = Instant::now();
    let resp = app
        .client
        .post(app.url("/graphql"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    assert_code(&resp.json::<Value>().await.unwrap(), "GRAPHQL_PARSE_FAILED");
    assert!(started.elapsed() < FAST);
    still_alive(&app).await;
}

#[tokio::test]
async fn a_document_of_too_many_tokens_is_refused_under_the_body_limit() {
    let app = spawn_app().await;
    let doc = format!("{{ {} }}", "__typename ".repeat(30_000));
    let (status, body, took) = post_raw(&app, json!({ "query": doc })).await;
    assert_eq!(status, 400);
    assert_code(&body, "GRAPHQL_PARSE_FAILED");
    assert!(took < FAST, "{took:?}");
}

fn doubling_fragments(n: usize) -> String {
    let mut doc = "query { ...F0 }".to_owned();
    for i in 0..n {
        doc.push_str(&format!(" fragment F{i} on QueryRoot {{ ...F{next} ...F{next} }}", next = i + 1));
    }
    doc.push_str(&format!(" fragment F{n} on QueryRoot {{ __typename }}"));
    doc
}

#[tokio::test]
async fn doubling_fragments_are_refused_in_milliseconds_with_the_figure() {
    let app = spawn_app().await;
    for n in [24, 64] {
        let (status, body, took) = post_raw(&app, json!({ "query": doubling_fragments(n) })).await;
        assert_eq!(status, 400, "{body}");
        assert_code(&body, "GRAPHQL_VALIDATION_FAILED");
        assert!(took < FAST, "{n} fragments took {took:?}");
    }
    let (_, body, _) = post_raw(&app, json!({ "query": doubling_fragments(24) })).await;
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("16777216"), "{body}");
    // Within the budget, the same shape runs.
    let (status, body, _) = post_raw(&app, json!({ "query": doubling_fragments(8) })).await;
    assert_eq!((status, &body["data"]["__typename"]), (200, &json!("QueryRoot")), "{body}");
}

#[tokio::test]
async fn field_suggestions_are_off_in_production() {
    let dev = spawn_app().await;
    let (_, body, _) = post_raw(&dev, json!({ "query": "{ tenantz { name } }" })).await;
    assert!(body.to_string().contains("Did you mean"), "development suggests: {body}");
    let app = spawn_app_with(&[
        ("SHILIU_PROFILE", "production"),
        ("SHILIU__GRAPHQL__INTROSPECTION", "false"),
        ("SHILIU__GRAPHQL__DOCUMENTS", "any"),
    ])
    .await;
    let (_, body, _) = post_raw(&app, json!({ "query": "{ tenantz { name } }" })).await;
    assert_code(&body, "GRAPHQL_VALIDATION_FAILED");
    assert!(!body.to_string().contains("Did you mean"), "{body}");
}

const UNITS_NAMED: &str =
    "query($n: String!) { units(first: 100, filter: {nameContains: $n}) { edges { node { name } } } }";

#[tokio::test]
async fn a_name_search_matches_wildcards_literally_and_refuses_oversize_text() {
    let app = spawn_app().await;
    let admin = app.actor(CITY_ADMIN).await;
    for wildcard in ["%", "_", "\\"] {
        let body = admin.gql(UNITS_NAMED, json!({ "n": wildcard })).await;
        assert_ok(&body);
        assert_eq!(body["data"]["units"]["edges"], json!([]), "{wildcard} matched: {body}");
    }
    let body = admin.gql(UNITS_NAMED, json!({ "n": "兴等" })).await;
    assert_eq!(body["data"]["units"]["edges"][0]["node"]["name"], "兴等村", "{body}");

    let started = Instant::now();
    let body = admin.gql(UNITS_NAMED, json!({ "n": "x".repeat(100_000) })).await;
    assert!(started.elapsed() < FAST);
    assert_code(&body, "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "filter.nameContains", "{body}");
}

#[tokio::test]
async fn a_required_variable_left_out_is_bad_input() {
    let app = spawn_app().await;
    let admin = app.actor(CITY_ADMIN).await;
    let started = Instant::now();
    let body = admin.gql(UNITS_NAMED, json!({})).await;
    assert!(started.elapsed() < FAST);
    assert_code(&body, "BAD_USER_INPUT");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("Variable n"), "{body}");
}

#[tokio::test]
async fn text_with_a_nul_character_is_bad_input_on_every_backend() {
    let app = spawn_app().await;
    let actor = app.actor(ZHAISHA_REPORTER).await;
    let search = "query($t: String) { units(filter: { nameContains: $t }) { totalCount } }";
    let body = actor.gql(search, json!({ "t": "a\u{0}b" })).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], json!("BAD_USER_INPUT"), "{body}");
    for doc in [
        r#"{ units(filter: { nameContains: "a\u0000" }) { totalCount } }"#,
        r#"{ units(filter: { nameContains: "a\u{000}" }) { totalCount } }"#,
    ] {
        let body = actor.gql(doc, json!({})).await;
        assert_eq!(body["errors"][0]["extensions"]["code"], json!("BAD_USER_INPUT"), "{doc}: {body}");
    }
    let body = app
        .gql(
            None,
            "mutation($u: String!) { login(username: $u, password: \"x\") { accessToken } }",
            json!({ "u": "\u{0}" }),
        )
        .await;
    assert_eq!(body["errors"][0]["extensions"]["code"], json!("BAD_USER_INPUT"), "{body}");
    // Other escapes still work.
    let body = actor.gql(r#"{ units(filter: { nameContains: "\u5be8" }) { totalCount } }"#, json!({})).await;
    assert!(body["errors"].is_null(), "{body}");
}
