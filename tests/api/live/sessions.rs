//! A socket lives only as long as its token: it closes with 4403 when the session is ended by
//! logout, when the user is disabled, and when the token expires; another session of the same
//! user goes on.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::*;

const QUEUE_SUB: &str = "subscription { reviewQueueChanged { totalCount } }";
pub(super) const UPDATE_ROLES: &str = "mutation($i: UpdateUserRolesInput!) { updateUserRoles(input: $i) { roles } }";

#[tokio::test]
async fn logout_closes_the_sessions_socket_with_4403_and_only_that_one() {
    let app = live_app(&[]).await;
    let ended = app.actor(LUZHAI_REVIEWER).await;
    let other = app.actor(LUZHAI_REVIEWER).await;
    let mut ws = Ws::signed_in(&app, &ended.access).await;
    ws.subscribe("q", QUEUE_SUB, json!({})).await;
    ws.next_data("q").await;
    let mut goes_on = Ws::signed_in(&app, &other.access).await;

    assert_eq!(ended.gql("mutation { logout }", json!({})).await["data"]["logout"], true);
    assert_eq!(ws.closed().await, (4403, "Forbidden".to_owned()));

    // The other session's socket still answers.
    goes_on.send(&json!({ "type": "ping" })).await;
    assert_eq!(goes_on.json().await, json!({ "type": "pong" }));
    // A token that stopped working cannot open a new socket either.
    let mut again = Ws::connect(&app).await;
    again.send(&json!({ "type": "connection_init", "payload": { "token": ended.access } })).await;
    assert_eq!(again.closed().await.0, 4403);
}

#[tokio::test]
async fn disabling_the_user_closes_its_socket_with_4403() {
    let app = live_app(&[]).await;
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let admin = app.actor(LUZHAI_ADMIN).await;
    let mut ws = Ws::signed_in(&app, &reporter.access).await;
    ws.subscribe("t", "subscription { rectificationChanged { totalCount } }", json!({})).await;
    ws.next_data("t").await;
    let body = admin
        .gql("mutation($id: ID!) { disableUser(userId: $id) { disabled } }", json!({ "id": reporter.user_id }))
        .await;
    assert_eq!(body["data"]["disableUser"]["disabled"], true, "{body}");
    assert_eq!(ws.closed().await, (4403, "Forbidden".to_owned()));
}

/// A group shares answers by roles, so a socket does not outlive the roles it was opened with:
/// an ADMIN changing them closes it, and a new socket runs with the new roles.
#[tokio::test]
async fn changing_the_users_roles_closes_its_socket_with_4403() {
    let app = live_app(&[]).await;
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let admin = app.actor(LUZHAI_ADMIN).await;
    let mut ws = Ws::signed_in(&app, &reporter.access).await;
    ws.subscribe("t", "subscription { rectificationChanged { totalCount } }", json!({})).await;
    ws.next_data("t").await;
    let body =
        admin.gql(UPDATE_ROLES, json!({ "i": { "userId": reporter.user_id, "roles": ["REPORTER", "VIEWER"] } })).await;
    assert_eq!(body["data"]["updateUserRoles"]["roles"], json!(["REPORTER", "VIEWER"]), "{body}");
    assert_eq!(ws.closed().await, (4403, "Forbidden".to_owned()));
    // The same token opens a socket again: the session goes on, with the new roles.
    let mut again = Ws::signed_in(&app, &reporter.access).await;
    again.subscribe("t", "subscription { rectificationChanged { totalCount } }", json!({})).await;
    again.next_data("t").await;
}

#[tokio::test]
async fn the_socket_closes_with_4403_when_its_token_expires() {
    let app = live_app(&[]).await;
    let actor = app.actor(LUZHAI_ADMIN).await;
    let short = expiring_soon(&actor.access);
    let mut ws = Ws::signed_in(&app, &short).await;
    ws.subscribe("q", QUEUE_SUB, json!({})).await;
    ws.next_data("q").await;
    assert_eq!(ws.closed().await, (4403, "Forbidden".to_owned()));
}

#[tokio::test]
async fn a_user_holds_a_bounded_number_of_sockets() {
    let app = live_app(&[("SHILIU__GRAPHQL__SOCKETS_PER_USER", "1")]).await;
    let actor = app.actor(LUZHAI_ADMIN).await;
    let first = Ws::signed_in(&app, &actor.access).await;
    let mut second = Ws::connect(&app).await;
    second.send(&json!({ "type": "connection_init", "payload": { "token": actor.access } })).await;
    assert_eq!(second.closed().await.0, 4429);
    drop(first);
}

/// Two API nodes on one database (and, with TEST_REDIS_URL, one Redis: the bus; without it the
/// two share one in-process feed, see `startup::share_feed_in_process`): a logout on node a
/// closes the session's socket on node b, and so does disabling the user on node a.
#[tokio::test]
async fn a_logout_or_a_disabled_user_on_one_node_closes_the_socket_on_the_other() {
    let nodes = spawn_two_nodes().await;
    let ended = nodes.a.actor(LUZHAI_REVIEWER).await;
    let mut ws = Ws::signed_in(&nodes.b, &ended.access).await;
    ws.subscribe("q", QUEUE_SUB, json!({})).await;
    ws.next_data("q").await;
    assert_eq!(ended.gql("mutation { logout }", json!({})).await["data"]["logout"], true);
    assert_eq!(ws.closed().await, (4403, "Forbidden".to_owned()));

    let reporter = nodes.b.actor(ZHAISHA_REPORTER).await;
    let mut ws = Ws::signed_in(&nodes.b, &reporter.access).await;
    ws.subscribe("t", "subscription { rectificationChanged { totalCount } }", json!({})).await;
    ws.next_data("t").await;
    let admin = nodes.a.actor(LUZHAI_ADMIN).await;
    let body = admin
        .gql("mutation($id: ID!) { disableUser(userId: $id) { disabled } }", json!({ "id": reporter.user_id }))
        .await;
    assert_eq!(body["data"]["disableUser"]["disabled"], true, "{body}");
    assert_eq!(ws.closed().await, (4403, "Forbidden".to_owned()));
}

/// The same session's token, expiring in two seconds.
pub(super) fn expiring_soon(token: &str) -> String {
    let payload = token.split('.').nth(1).unwrap();
    let mut claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
    claims["exp"] = json!(chrono::Utc::now().timestamp() + 2);
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(JWT_SECRET.as_bytes()),
    )
    .unwrap()
}
