//! Sign-ins kept per node: a known session is authenticated without a database statement, and a
//! revocation on one node takes effect on the other at its next request.
//!
//! The two-node tests run on both backends. With `TEST_REDIS_URL` the nodes hear each other on
//! Redis (the deployment's shape) and node `a` can be cut from it; without it they share one
//! in-process change feed (`spawn_two_nodes`), which checks the same rule — every node forgets a
//! revoked sign-in before the revoking mutation answers — but not the bus. The cut test needs
//! Redis and returns at once without it.

use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::*;

const ME: &str = "{ me { user { username } } }";
const TYPENAME: &str = "{ __typename }";
const SET_TARGET: &str =
    "mutation($i: ID!, $p: String!, $v: Decimal!) { setTarget(indicatorId: $i, period: $p, value: $v) { target } }";
const ROLLUP: &str =
    "query($t: ID, $p: String!, $i: [ID!]!) { rollup(tenantId: $t, period: $p, indicatorIds: $i) { target } }";
const ROLES: &str = "mutation($id: ID!, $r: [Role!]!) { updateUserRoles(input: {userId: $id, roles: $r}) { roles } }";

/// Statements one request costs on `app`: the least of three runs, since the counter is the
/// node's and a background task's statement can fall into one run.
async fn least_cost(actor: &Actor<'_>, on: &TestApp, query: &str) -> u64 {
    let mut least = u64::MAX;
    for _ in 0..3 {
        let before = sql_statements(on).await;
        assert_ok(&on.gql(Some(&actor.access), query, json!({})).await);
        least = least.min(sql_statements(on).await - before);
    }
    least
}

/// The same token, sent to another node.
async fn on(node: &TestApp, actor: &Actor<'_>, query: &str) -> (u16, Value) {
    node.post(Some(&actor.access), query, json!({})).await
}

#[tokio::test]
async fn a_known_session_is_authenticated_without_a_statement() {
    let app = spawn_app().await;
    let admin = app.actor(CITY_ADMIN).await;
    assert_ok(&admin.gql(TYPENAME, json!({})).await);
    assert_eq!(least_cost(&admin, &app, TYPENAME).await, 0, "the second request asked the database");
}

#[tokio::test]
async fn logout_on_one_node_ends_the_token_on_the_other_at_its_next_request() {
    let nodes = spawn_two_nodes().await;
    let reviewer = nodes.a.actor(LUZHAI_REVIEWER).await;
    // Node b knows the session (and keeps it) before the logout.
    assert_ok(&on(&nodes.b, &reviewer, ME).await.1);
    assert_eq!(least_cost(&reviewer, &nodes.b, TYPENAME).await, 0);
    assert_eq!(reviewer.gql("mutation { logout }", json!({})).await["data"]["logout"], true);
    let (status, body) = on(&nodes.b, &reviewer, ME).await;
    assert_eq!(status, 401, "node b still accepts a logged-out token: {body}");
    assert_code(&body, "UNAUTHENTICATED");
    let (status, _) = on(&nodes.a, &reviewer, ME).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn a_user_disabled_on_one_node_is_refused_on_the_other() {
    let nodes = spawn_two_nodes().await;
    let reporter = nodes.b.actor(ZHAISHA_REPORTER).await;
    assert_ok(&reporter.gql(ME, json!({})).await);
    assert_eq!(least_cost(&reporter, &nodes.b, TYPENAME).await, 0);
    let admin = nodes.a.actor(LUZHAI_ADMIN).await;
    let body = admin
        .gql("mutation($id: ID!) { disableUser(userId: $id) { disabled } }", json!({ "id": reporter.user_id }))
        .await;
    assert_eq!(body["data"]["disableUser"]["disabled"], true, "{body}");
    let (status, body) = reporter.post(ME, json!({})).await;
    assert_eq!(status, 401, "node b still accepts a disabled user: {body}");
    assert_code(&body, "UNAUTHENTICATED");
}

#[tokio::test]
async fn a_role_change_on_one_node_takes_effect_on_the_other() {
    let nodes = spawn_two_nodes().await;
    let county_admin = nodes.b.actor(LUZHAI_ADMIN).await;
    let reporter = nodes.b.user_id(ZHAISHA_REPORTER).await;
    // As ADMIN on b: setting the reporter's roles to what they are is allowed (and kept on b).
    assert_ok(&county_admin.gql(ROLES, json!({ "id": reporter, "r": ["REPORTER"] })).await);
    let city_admin = nodes.a.actor(CITY_ADMIN).await;
    let body = city_admin.gql(ROLES, json!({ "id": county_admin.user_id, "r": ["VIEWER"] })).await;
    assert_eq!(body["data"]["updateUserRoles"]["roles"], json!(["VIEWER"]), "{body}");
    assert_code(&county_admin.gql(ROLES, json!({ "id": reporter, "r": ["REPORTER"] })).await, "FORBIDDEN");
}

#[tokio::test]
async fn another_nodes_commit_moves_the_version_without_a_statement_and_the_figure_is_new() {
    let nodes = spawn_two_nodes().await;
    let (writer, reader) = (nodes.a.actor(CITY_ADMIN).await, nodes.b.actor(CITY_ADMIN).await);
    let city = nodes.b.tenant_id("450200").await;
    let fund = indicator(&reader, "FUND_POVERTY").await;
    let vars = json!({ "t": city, "p": "2019", "i": [fund] });
    assert_eq!(reader.gql(ROLLUP, vars.clone()).await["data"]["rollup"][0]["target"], "47371");
    assert_ok(&writer.gql(SET_TARGET, json!({ "i": fund, "p": "2019", "v": "60000" })).await);
    // The commit's event carried the city's new version: b authenticates without a statement.
    assert_eq!(least_cost(&reader, &nodes.b, TYPENAME).await, 0);
    assert_eq!(reader.gql(ROLLUP, vars).await["data"]["rollup"][0]["target"], "60000");
}

/// Waits (ten seconds at most) until node `app`'s change bus is `live` or not.
async fn bus_becomes(app: &TestApp, live: bool) -> bool {
    for _ in 0..200 {
        if (metric(app, "shiliu_change_bus_live").await == 1) == live {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

/// Needs Redis (see the module doc).
#[tokio::test]
async fn a_node_cut_from_redis_asks_the_database_until_it_hears_again() {
    if std::env::var("TEST_REDIS_URL").map_or(true, |u| u.is_empty()) {
        return;
    }
    let nodes = spawn_two_nodes().await;
    let on_a = nodes.a.actor(CITY_ADMIN).await;
    let on_b = nodes.b.actor(CITY_ADMIN).await;
    let city = nodes.b.tenant_id("450200").await;
    let fund = indicator(&on_b, "FUND_POVERTY").await;
    let vars = json!({ "t": city, "p": "2019", "i": [fund] });
    assert_eq!(on_a.gql(ROLLUP, vars.clone()).await["data"]["rollup"][0]["target"], "47371");
    assert_eq!(least_cost(&on_a, &nodes.a, TYPENAME).await, 0);

    nodes.cut_writers_cache();
    assert!(bus_becomes(&nodes.a, false).await, "node a did not notice it lost its subscription");
    assert_eq!(metric(&nodes.a, "shiliu_sessions_kept").await, 0, "a deaf node kept its sessions");
    assert!(least_cost(&on_a, &nodes.a, TYPENAME).await >= 1, "a deaf node trusted its sign-ins");
    // b's commit is not heard on a, which reads the version (and so the figure) from the database.
    assert_ok(&on_b.gql(SET_TARGET, json!({ "i": fund, "p": "2019", "v": "60000" })).await);
    assert_eq!(on_a.gql(ROLLUP, vars.clone()).await["data"]["rollup"][0]["target"], "60000");
    let other = nodes.a.actor(CITY_VIEWER).await;
    assert_eq!(on(&nodes.b, &other, "mutation { logout }").await.1["data"]["logout"], true);
    assert_eq!(on(&nodes.a, &other, ME).await.0, 401);

    nodes.restore_writers_cache();
    assert!(bus_becomes(&nodes.a, true).await, "node a did not subscribe again");
    assert_ok(&on_a.gql(TYPENAME, json!({})).await);
    assert_eq!(least_cost(&on_a, &nodes.a, TYPENAME).await, 0, "node a did not trust its sign-ins again");
    let heard = metric(&nodes.a, "shiliu_change_events_heard_total").await;
    let viewer = nodes.a.actor(CITY_VIEWER).await;
    assert_ok(&on(&nodes.a, &viewer, ME).await.1);
    assert_eq!(on(&nodes.b, &viewer, "mutation { logout }").await.1["data"]["logout"], true);
    assert!(metric(&nodes.a, "shiliu_change_events_heard_total").await > heard, "b's events do not reach a");
    assert_eq!(on(&nodes.a, &viewer, ME).await.0, 401);
    assert_ok(&on_b.gql(SET_TARGET, json!({ "i": fund, "p": "2019", "v": "61000" })).await);
    assert_eq!(on_a.gql(ROLLUP, vars).await["data"]["rollup"][0]["target"], "61000");
}
