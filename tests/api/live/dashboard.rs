//! `liveQuery`: a whole dashboard live in one subscription (any query's selection), in the
//! caller's scope: the city's leader sees a township's new task in the summary, a sibling county
//! gets NOT_FOUND for the other county and only its own changes.

use super::queues::{city_finding, open_task};
use super::*;

const DASHBOARD: &str = "subscription($t: ID!, $o: ID!) { liveQuery { rectificationSummary(tenantId: $t) { counts { total } } designationCounts(tenantId: $t) { total } other: tenant(id: $o) { name } } }";

fn total(data: &Value) -> u64 {
    data["liveQuery"]["rectificationSummary"]["counts"]["total"].as_u64().unwrap()
}

#[tokio::test]
async fn a_dashboard_follows_the_subtree_and_a_sibling_only_its_own() {
    let app = live_app(&[]).await;
    let (city_id, luzhai, rongshui) =
        (app.tenant_id("450200").await, app.tenant_id("450223").await, app.tenant_id("450225").await);
    let leader = app.actor(CITY_VIEWER).await;
    let mut wall = Ws::signed_in(&app, &leader.access).await;
    wall.subscribe("d", DASHBOARD, json!({ "t": city_id, "o": luzhai })).await;
    let before = wall.next_data("d").await;
    assert_eq!(before["liveQuery"]["other"]["name"], "鹿寨县");

    let rongshui_admin = app.actor(RONGSHUI_ADMIN).await;
    let mut sibling = Ws::signed_in(&app, &rongshui_admin.access).await;
    sibling.subscribe("d", DASHBOARD, json!({ "t": rongshui, "o": luzhai })).await;
    let m = sibling.json().await;
    assert_eq!(m["type"], "next", "{m}");
    assert_eq!(m["payload"]["data"]["liveQuery"]["other"], Value::Null, "{m}");
    assert_eq!(m["payload"]["errors"][0]["extensions"]["code"], "NOT_FOUND", "{m}");
    let sibling_before = total(&m["payload"]["data"]);

    let city = app.actor(CITY_REVIEWER).await;
    let (f, deadline) = city_finding(&app, &city).await;
    open_task(&city, &f, &app.tenant_id("450223102").await, &deadline).await;
    // The inspection and the finding changed no figure on the wall; the task does.
    let now = wall.next_data("d").await;
    assert_eq!(total(&now), total(&before) + 1, "{now}");

    // 融水's own task is the first push its admin gets.
    open_task(&city, &f, &app.tenant_id("450225203").await, &deadline).await;
    let m = sibling.json().await;
    assert_eq!(total(&m["payload"]["data"]), sibling_before + 1, "{m}");
}

#[tokio::test]
async fn two_users_of_one_scope_each_get_their_own_answer() {
    let app = live_app(&[]).await;
    // Both REPORTERs of 寨沙镇: the same scope, different callers.
    let q = "subscription { liveQuery { me { user { username } } } }";
    // Both sockets stay open, so the second would join the first's group if it could.
    let mut sockets = Vec::new();
    for user in [ZHAISHA_REPORTER, "rpt.450223102"] {
        let actor = app.actor(user).await;
        let mut ws = Ws::signed_in(&app, &actor.access).await;
        ws.subscribe("me", q, json!({})).await;
        let data = ws.next_data("me").await;
        assert_eq!(data["liveQuery"]["me"]["user"]["username"], user, "{data}");
        sockets.push(ws);
    }
}

/// Viewers of one scope share a `liveQuery` that names no caller's field: one computation per
/// change for both REPORTERs of 寨沙镇, and the same answer to each.
#[tokio::test]
async fn two_users_of_one_scope_share_a_dashboard_that_names_no_caller() {
    use super::rollups::{PERIOD, actual, report};
    let app = live_app(&[]).await;
    let first = app.actor(ZHAISHA_REPORTER).await;
    let second = app.actor("rpt.450223102").await;
    let leaflets = indicator(&first, "PUB_LEAFLETS").await;
    let q = "subscription($t: ID!, $p: String!, $i: [ID!]!) { liveQuery { rollupChanged: rollup(tenantId: $t, period: $p, indicatorIds: $i) { tenantId indicatorCode actual } } }";
    let vars = json!({ "t": app.tenant_id("450223102").await, "p": PERIOD, "i": [leaflets] });
    let (mut a, mut b) = (Ws::signed_in(&app, &first.access).await, Ws::signed_in(&app, &second.access).await);
    a.subscribe("d", q, vars.clone()).await;
    let before = a.next_data("d").await;
    b.subscribe("d", q, vars).await;
    assert_eq!(b.next_data("d").await, before);
    let computed = computations(&app).await;
    report(&first, &leaflets, "12").await;
    let (pushed_a, pushed_b) = (a.next_data("d").await, b.next_data("d").await);
    assert_eq!(pushed_a, pushed_b);
    let moved: rust_decimal::Decimal = actual(&pushed_a["liveQuery"]).parse().unwrap();
    let was: rust_decimal::Decimal = actual(&before["liveQuery"]).parse().unwrap();
    assert_eq!(moved - was, rust_decimal::Decimal::from(12));
    assert_eq!(computations(&app).await - computed, 1, "the group computed once for both viewers");
}
