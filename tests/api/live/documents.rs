//! Trusted documents on the socket: under `graphql.documents = "trusted"` a text nobody trusted
//! is refused with PERSISTED_QUERY_REQUIRED; once an ADMIN registered it, it runs by its
//! `documentId` (and as its text), and an unknown id is PERSISTED_QUERY_NOT_FOUND.

use super::*;

const QUEUE_SUB: &str = "subscription { reviewQueueChanged { totalCount } }";
const REGISTER: &str = "mutation($d: [String!]!) { registerDocuments(documents: $d) { id alreadyTrusted } }";

/// Signs in as GraphiQL does (a text login from anyone else is refused in trusted mode).
async fn sign_in(app: &TestApp, username: &str) -> String {
    let q = "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }";
    let body = json!({ "query": q, "variables": { "u": username, "p": PASSWORD } });
    let resp = app.client.post(app.url("/graphql")).header("X-Shiliu-Client", "graphiql").json(&body).send().await;
    let answer: Value = resp.unwrap().json().await.unwrap();
    answer["data"]["login"]["accessToken"].as_str().unwrap_or_else(|| panic!("{answer}")).to_owned()
}

#[tokio::test]
async fn trusted_mode_runs_only_trusted_subscriptions() {
    let app = live_app(&[("SHILIU__GRAPHQL__DOCUMENTS", "trusted")]).await;
    let reviewer = sign_in(&app, LUZHAI_REVIEWER).await;
    let mut ws = Ws::signed_in(&app, &reviewer).await;
    ws.subscribe("text", QUEUE_SUB, json!({})).await;
    let m = ws.json().await;
    assert_eq!((m["type"].as_str(), m["id"].as_str()), (Some("error"), Some("text")), "{m}");
    assert_eq!(m["payload"][0]["extensions"]["code"], "PERSISTED_QUERY_REQUIRED");

    let unknown = format!("sha256:{}", "0".repeat(64));
    ws.send(&json!({ "id": "gone", "type": "subscribe", "payload": { "documentId": unknown } })).await;
    let m = ws.json().await;
    assert_eq!(m["payload"][0]["extensions"]["code"], "PERSISTED_QUERY_NOT_FOUND", "{m}");

    let admin = sign_in(&app, CITY_ADMIN).await;
    let body = app.gql(Some(&admin), REGISTER, json!({ "d": [QUEUE_SUB] })).await;
    assert_ok(&body);
    let id = body["data"]["registerDocuments"][0]["id"].as_str().unwrap().to_owned();
    ws.send(&json!({ "id": "byId", "type": "subscribe", "payload": { "documentId": id } })).await;
    assert!(ws.next_data("byId").await["reviewQueueChanged"]["totalCount"].is_number());
    ws.subscribe("text", QUEUE_SUB, json!({})).await;
    ws.next_data("text").await;
}
