//! GraphQL over HTTP: methods, statuses, content types, limits, and the operational endpoints.

use serde_json::{Value, json};

use crate::helpers::*;

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

async fn raw(
    app: &TestApp,
    accept: Option<&str>,
    content_type: &str,
    body: impl Into<reqwest::Body>,
) -> (u16, String, Value) {
    let mut req = app.client.post(app.url("/graphql")).header("content-type", content_type).body(body);
    if let Some(a) = accept {
        req = req.header("accept", a);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let ct = resp.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    (status, ct, resp.json().await.unwrap())
}

#[tokio::test]
async fn parse_and_validation_errors_are_400_only_for_graphql_response_json() {
    let app = spawn_app().await;
    let bad_syntax = json!({ "query": "{ me { " }).to_string();
    let unknown_field = json!({ "query": "{ nope }" }).to_string();

    let (status, ct, body) = raw(&app, None, "application/json", bad_syntax.clone()).await;
    assert_eq!((status, ct.starts_with("application/json")), (200, true));
    assert_code(&body, "GRAPHQL_PARSE_FAILED");
    let (status, ct, body) = raw(&app, Some(GRAPHQL_RESPONSE), "application/json", bad_syntax).await;
    assert_eq!((status, ct.starts_with(GRAPHQL_RESPONSE)), (400, true));
    assert_code(&body, "GRAPHQL_PARSE_FAILED");

    let (status, _, body) = raw(&app, None, "application/json", unknown_field.clone()).await;
    assert_eq!(status, 200);
    assert_code(&body, "GRAPHQL_VALIDATION_FAILED");
    let (status, _, body) = raw(&app, Some(GRAPHQL_RESPONSE), "application/json", unknown_field).await;
    assert_eq!(status, 400);
    assert_code(&body, "GRAPHQL_VALIDATION_FAILED");

    // A resolver error is not a request error: 200 under either media type.
    let (status, _, body) =
        raw(&app, Some(GRAPHQL_RESPONSE), "application/json", json!({ "query": "{ me { roles } }" }).to_string()).await;
    assert_eq!(status, 200);
    assert_code(&body, "UNAUTHENTICATED");
}

#[tokio::test]
async fn malformed_bodies_and_media_types() {
    let app = spawn_app().await;
    let (status, _, body) = raw(&app, None, "application/json", "{not json").await;
    assert_eq!(status, 400);
    assert_code(&body, "GRAPHQL_PARSE_FAILED");
    let (status, _, body) = raw(&app, None, "text/plain", "{ me { roles } }").await;
    assert_eq!(status, 415);
    assert_code(&body, "BAD_USER_INPUT");
    let (status, _, body) = raw(&app, None, "application/json", json!({ "variables": {} }).to_string()).await;
    assert_eq!(status, 400);
    assert_code(&body, "GRAPHQL_PARSE_FAILED");
}

#[tokio::test]
async fn an_oversize_body_is_413_and_nothing_runs() {
    let app = spawn_app().await;
    let padding = "x".repeat(1_100_000);
    let body =
        json!({ "query": format!("mutation {{ login(username: \"{padding}\", password: \"p\") {{ accessToken }} }}") });
    let (status, _, body) = raw(&app, None, "application/json", body.to_string()).await;
    assert_eq!(status, 413);
    assert_code(&body, "BAD_USER_INPUT");
}

#[tokio::test]
async fn get_runs_queries_but_never_mutations() {
    let app = spawn_app().await;
    let actor = app.actor(CITY_VIEWER).await;
    let resp = app
        .client
        .get(app.url("/graphql"))
        .query(&[("query", "{ me { user { username } } }")])
        .bearer_auth(&actor.access)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["data"]["me"]["user"]["username"], "liuzhou.leader");

    let resp = app
        .client
        .get(app.url("/graphql"))
        .query(&[("query", "mutation { logout }")])
        .bearer_auth(&actor.access)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 405);
    assert_eq!(resp.headers().get("allow").unwrap(), "POST");
    let body: Value = resp.json().await.unwrap();
    assert_code(&body, "BAD_USER_INPUT");
    // The session is still alive: the mutation did not run.
    assert_ok(&actor.gql("{ me { roles } }", json!({})).await);

    let resp = app.client.put(app.url("/graphql")).body("{}").send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 405);
}

#[tokio::test]
async fn depth_and_alias_limits_answer_validation_failed() {
    let app = spawn_app().await;
    let actor = app.actor(CITY_ADMIN).await;
    let mut deep = "code".to_owned();
    for _ in 0..7 {
        deep = format!("children(first: 1) {{ edges {{ node {{ {deep} }} }} }}");
    }
    let (_, body) = actor.post(&format!("{{ me {{ tenant {{ {deep} }} }} }}"), json!({})).await;
    assert_code(&body, "GRAPHQL_VALIDATION_FAILED");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("deep"));

    let aliases: String = (0..31).map(|i| format!("a{i}: me {{ roles }} ")).collect();
    let (_, body) = actor.post(&format!("{{ {aliases} }}"), json!({})).await;
    assert_code(&body, "GRAPHQL_VALIDATION_FAILED");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("aliases"));

    let fan_out = "{ tenants(first: 100) { edges { node { children(first: 100) { edges { node { users(first: 100) { edges { node { username } } } } } } } } } }";
    let (_, body) = actor.post(fan_out, json!({})).await;
    assert_code(&body, "GRAPHQL_VALIDATION_FAILED");
}

const INTROSPECTION: &str = r#"
query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}
"#;

#[tokio::test]
async fn graphiql_introspection_passes_the_limits() {
    let app = spawn_app().await;
    let (status, body) = app.post(None, INTROSPECTION, json!({})).await;
    assert_eq!(status, 200);
    assert_ok(&body);
    assert_eq!(body["data"]["__schema"]["queryType"]["name"], "QueryRoot");
    let page = app.client.get(app.url("/graphiql")).send().await.unwrap();
    assert_eq!(page.status().as_u16(), 200);
    assert!(page.text().await.unwrap().contains("GraphiQL"));
}

#[tokio::test]
async fn introspection_can_be_turned_off() {
    let app =
        spawn_app_with(&[("SHILIU__GRAPHQL__INTROSPECTION", "false"), ("SHILIU__GRAPHQL__GRAPHIQL", "false")]).await;
    let (_, body) = app.post(None, "{ __schema { queryType { name } } }", json!({})).await;
    assert!(body["data"]["__schema"].is_null() || body.get("errors").is_some(), "{body}");
    let page = app.client.get(app.url("/graphiql")).send().await.unwrap();
    assert_eq!(page.status().as_u16(), 404);
}

#[tokio::test]
async fn health_readiness_and_metrics() {
    let app = spawn_app().await;
    let health: Value = app.client.get(app.url("/healthz")).send().await.unwrap().json().await.unwrap();
    assert_eq!(health["status"], "ok");
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status().as_u16(), 200);
    let ready: Value = ready.json().await.unwrap();
    assert_eq!(ready["database"], "ok");
    let expected_cache = if std::env::var("TEST_REDIS_URL").is_ok_and(|v| !v.is_empty()) { "redis" } else { "memory" };
    assert_eq!(ready["cache"]["backend"], expected_cache);

    app.gql(None, "{ me { roles } }", json!({})).await;
    app.gql(None, "query Probe { __typename }", json!({})).await;
    let metrics = app.client.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap();
    assert!(metrics.contains("shiliu_graphql_operation_duration_seconds_count{operation=\"Probe\"} 1"), "{metrics}");
    assert!(metrics.contains("shiliu_graphql_operation_duration_seconds_count{operation=\"anonymous\"} 1"));
    assert!(metrics.contains("shiliu_http_requests_total{status=\"200\"}"), "{metrics}");
    assert!(metrics.contains("shiliu_graphql_errors_total{code=\"UNAUTHENTICATED\"} 1"), "{metrics}");
    assert!(metrics.contains("shiliu_http_request_duration_seconds_count"));
}

#[tokio::test]
async fn internal_details_never_reach_the_client() {
    let app = spawn_app().await;
    let actor = app.actor(CITY_ADMIN).await;
    // An id too large for the key type is bad input, not a database error.
    let body = actor.gql("{ tenant(id: \"99999999999999999999\") { name } }", json!({})).await;
    assert_code(&body, "BAD_USER_INPUT");
    let text = body.to_string().to_lowercase();
    for leak in ["sqlx", "sqlite", "postgres", "sea_orm", "panicked"] {
        assert!(!text.contains(leak), "{text}");
    }
}

#[tokio::test]
async fn an_argument_its_type_cannot_parse_is_bad_input() {
    let app = spawn_app().await;
    let actor = app.actor(CITY_ADMIN).await;
    // A nullable variable left out, for a list argument that cannot be null.
    let body = actor
        .gql("mutation($w: [WaiverInput!]) { submitPeriod(period: \"2021\", waivers: $w) { id } }", json!({}))
        .await;
    assert_code(&body, "BAD_USER_INPUT");
    // A decimal that is not a number.
    let body = actor
        .gql("mutation { setTarget(indicatorId: \"1\", period: \"2021\", value: \"abc\") { target } }", json!({}))
        .await;
    assert!(matches!(code(&body), Some("BAD_USER_INPUT") | Some("GRAPHQL_VALIDATION_FAILED")), "{body}");
}
