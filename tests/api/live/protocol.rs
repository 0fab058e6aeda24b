//! The graphql-transport-ws protocol as the reference client expects it: each close code
//! provoked, ping/pong, documents refused with an `error` message carrying `extensions.code`.

use super::*;

const ROLLUP_SUB: &str = "subscription($t: ID, $p: String!, $i: [ID!]!) { rollupChanged(tenantId: $t, period: $p, indicatorIds: $i) { indicatorCode actual } }";

#[tokio::test]
async fn a_client_that_does_not_speak_the_protocol_is_refused_before_the_upgrade() {
    let app = live_app(&[]).await;
    let refused = Ws::open(&app, "graphql-ws").await.err().expect("no upgrade");
    assert!(refused.contains("400"), "{refused}");
    // Plain GET and POST keep working on the same path.
    let body = app.gql(None, "{ __typename }", json!({})).await;
    assert_eq!(body["data"]["__typename"], "QueryRoot");
}

#[tokio::test]
async fn an_invalid_message_closes_with_4400() {
    let app = live_app(&[]).await;
    let mut ws = Ws::connect(&app).await;
    ws.send_text("this is not JSON").await;
    assert_eq!(ws.closed().await.0, 4400);

    let mut ws = Ws::connect(&app).await;
    ws.send(&json!({ "type": "subscribe", "id": "1" })).await;
    assert_eq!(ws.closed().await.0, 4400, "a subscribe without a payload");
}

#[tokio::test]
async fn subscribing_before_the_ack_closes_with_4401() {
    let app = live_app(&[]).await;
    let mut ws = Ws::connect(&app).await;
    ws.subscribe("1", "subscription { reviewQueueChanged { totalCount } }", json!({})).await;
    assert_eq!(ws.closed().await, (4401, "Unauthorized".to_owned()));
}

#[tokio::test]
async fn an_invalid_or_missing_token_closes_with_4403() {
    let app = live_app(&[]).await;
    for payload in [json!({ "Authorization": "Bearer not-a-token" }), json!({ "token": "not-a-token" }), json!({})] {
        let mut ws = Ws::connect(&app).await;
        ws.send(&json!({ "type": "connection_init", "payload": payload })).await;
        assert_eq!(ws.closed().await, (4403, "Forbidden".to_owned()), "{payload}");
    }
    // The other form of the payload signs in too.
    let luzhai = app.actor(LUZHAI_ADMIN).await;
    let mut ws = Ws::connect(&app).await;
    ws.send(&json!({ "type": "connection_init", "payload": { "token": luzhai.access } })).await;
    assert_eq!(ws.json().await, json!({ "type": "connection_ack" }));
}

#[tokio::test]
async fn no_connection_init_in_time_closes_with_4408() {
    let app = live_app(&[("SHILIU__GRAPHQL__SUBSCRIPTION_INIT_TIMEOUT_MS", "300")]).await;
    let mut ws = Ws::connect(&app).await;
    assert_eq!(ws.closed().await, (4408, "Connection initialisation timeout".to_owned()));
}

#[tokio::test]
async fn a_second_init_closes_with_4429_and_a_reused_id_with_4409() {
    let app = live_app(&[]).await;
    let luzhai = app.actor(LUZHAI_ADMIN).await;
    let mut ws = Ws::signed_in(&app, &luzhai.access).await;
    ws.send(&json!({ "type": "connection_init", "payload": { "token": luzhai.access } })).await;
    assert_eq!(ws.closed().await, (4429, "Too many initialisation requests".to_owned()));

    let mut ws = Ws::signed_in(&app, &luzhai.access).await;
    let q = "subscription { reviewQueueChanged { totalCount } }";
    ws.subscribe("q1", q, json!({})).await;
    assert!(ws.next_data("q1").await["reviewQueueChanged"]["totalCount"].is_number());
    ws.subscribe("q1", q, json!({})).await;
    assert_eq!(ws.closed().await, (4409, "Subscriber for q1 already exists".to_owned()));
}

#[tokio::test]
async fn ping_is_answered_and_a_completed_id_may_be_used_again() {
    let app = live_app(&[]).await;
    let luzhai = app.actor(LUZHAI_ADMIN).await;
    let mut ws = Ws::signed_in(&app, &luzhai.access).await;
    ws.send(&json!({ "type": "ping", "payload": { "n": 1 } })).await;
    assert_eq!(ws.json().await, json!({ "type": "pong", "payload": { "n": 1 } }));
    let q = "subscription { reviewQueueChanged { totalCount } }";
    ws.subscribe("a", q, json!({})).await;
    ws.next_data("a").await;
    ws.send(&json!({ "type": "complete", "id": "a" })).await;
    ws.subscribe("a", q, json!({})).await;
    ws.next_data("a").await;
}

#[tokio::test]
async fn documents_that_cannot_run_answer_an_error_with_its_code() {
    let app = live_app(&[]).await;
    let luzhai = app.actor(LUZHAI_ADMIN).await;
    let mut ws = Ws::signed_in(&app, &luzhai.access).await;
    let cases = [
        ("{ me { user { username } } }", "BAD_USER_INPUT"),
        ("mutation { logout }", "BAD_USER_INPUT"),
        ("subscription { nope }", "GRAPHQL_VALIDATION_FAILED"),
        (
            "subscription { reviewQueueChanged { totalCount } rectificationChanged { totalCount } }",
            "GRAPHQL_VALIDATION_FAILED",
        ),
        ("subscription { reviewQueueChanged { totalCount ", "GRAPHQL_PARSE_FAILED"),
        (
            &format!("subscription {{ reviewQueueChanged {{ {} }} }}", "edges { node { unit { ".repeat(12)),
            "GRAPHQL_PARSE_FAILED",
        ),
        (
            "subscription { reviewQueueChanged { a1: totalCount a2: totalCount a3: totalCount a4: totalCount a5: totalCount a6: totalCount a7: totalCount a8: totalCount a9: totalCount a10: totalCount a11: totalCount a12: totalCount a13: totalCount a14: totalCount a15: totalCount a16: totalCount a17: totalCount a18: totalCount a19: totalCount a20: totalCount a21: totalCount a22: totalCount a23: totalCount a24: totalCount a25: totalCount a26: totalCount a27: totalCount a28: totalCount a29: totalCount a30: totalCount a31: totalCount } }",
            "GRAPHQL_VALIDATION_FAILED",
        ),
    ];
    for (i, (query, expected)) in cases.iter().enumerate() {
        let id = format!("e{i}");
        ws.subscribe(&id, query, json!({})).await;
        let m = ws.json().await;
        assert_eq!(m["type"], "error", "{query}: {m}");
        assert_eq!(m["id"], id.as_str());
        assert_eq!(m["payload"][0]["extensions"]["code"], *expected, "{query}: {m}");
    }
    // The socket is still usable, and the refused ids are free again.
    ws.subscribe("e0", "subscription { reviewQueueChanged { totalCount } }", json!({})).await;
    ws.next_data("e0").await;
}

#[tokio::test]
async fn a_subscription_over_http_is_refused_with_a_code() {
    let app = live_app(&[]).await;
    let luzhai = app.actor(LUZHAI_ADMIN).await;
    let body = luzhai.gql("subscription { reviewQueueChanged { totalCount } }", json!({})).await;
    assert_code(&body, "BAD_USER_INPUT");
}

#[tokio::test]
async fn a_socket_holds_a_bounded_number_of_subscriptions() {
    let app = live_app(&[("SHILIU__GRAPHQL__SUBSCRIPTIONS_PER_SOCKET", "2")]).await;
    let luzhai = app.actor(LUZHAI_ADMIN).await;
    let ind = indicator(&luzhai, "PUB_ACTIVITIES").await;
    let mut ws = Ws::signed_in(&app, &luzhai.access).await;
    for id in ["1", "2"] {
        ws.subscribe(id, ROLLUP_SUB, json!({ "p": "2020", "i": [ind] })).await;
        ws.next_data(id).await;
    }
    ws.subscribe("3", ROLLUP_SUB, json!({ "p": "2020", "i": [ind] })).await;
    let m = ws.json().await;
    assert_eq!((m["type"].as_str(), m["id"].as_str()), (Some("error"), Some("3")), "{m}");
    assert_eq!(m["payload"][0]["extensions"]["code"], "BAD_USER_INPUT");
}
