//! SQL statements per request, counted by the driver (`shiliu_sql_statements_total`), for the
//! queries portals poll. The counts must not grow with the data.

use serde_json::json;

use crate::helpers::*;
use crate::units::applications::{decide, submitted_village_application};

async fn cost(app: &TestApp, actor: &Actor<'_>, query: &str, vars: serde_json::Value) -> u64 {
    let before = sql_statements(app).await;
    assert_ok(&actor.gql(query, vars).await);
    sql_statements(app).await - before
}

/// The least of three runs of a query that reads no cache: the counter is the node's, so a
/// statement of a background task (the idempotency sweep at start) can fall into one run.
async fn least_cost(app: &TestApp, actor: &Actor<'_>, query: &str) -> u64 {
    let mut least = u64::MAX;
    for _ in 0..3 {
        least = least.min(cost(app, actor, query, json!({})).await);
    }
    least
}

const QUEUE: &str = "{ reviewQueue(first: 50) { totalCount edges { node { id status version } } } }";
const TIMELINE: &str =
    "query($id: ID!) { application(id: $id) { timeline { action actorName reason at atTenant { code name } } } }";

#[tokio::test]
async fn queue_and_timeline_cost_a_fixed_number_of_statements() {
    let app = spawn_app().await;
    let reviewer = app.actor("zhaisha.reviewer").await;
    // The node reads a session once, then knows it: every request measured here authenticates
    // without a statement.
    assert_ok(&reviewer.gql("{ __typename }", json!({})).await);
    let first = submitted_village_application(&app, "CITY").await;
    let queue_one = cost(&app, &reviewer, QUEUE, json!({})).await;
    for _ in 0..4 {
        submitted_village_application(&app, "CITY").await;
    }
    let queue_five = cost(&app, &reviewer, QUEUE, json!({})).await;
    assert_eq!(queue_one, queue_five, "the queue's cost grew with its length");

    let short = cost(&app, &reviewer, TIMELINE, json!({ "id": first["id"] })).await;
    let a = decide(&reviewer, &first, "RECOMMEND", None).await["data"]["decideApplication"].clone();
    let county = app.actor(LUZHAI_REVIEWER).await;
    let a = decide(&county, &a, "RETURN", Some("补充材料")).await["data"]["decideApplication"].clone();
    assert_eq!(a["status"], "RETURNED");
    let long = cost(&app, &reviewer, TIMELINE, json!({ "id": first["id"] })).await;
    assert_eq!(short, long, "the timeline's cost grew with its length");
    println!(
        "SQL statements per request (none authenticates the caller, whose session the node knows): reviewQueue = {queue_five}, application.timeline = {long}"
    );
    assert!(queue_five <= 2 && long <= 3, "queue {queue_five}, timeline {long}");
}

#[tokio::test]
async fn a_list_with_each_items_unit_and_tenant_costs_the_same_for_2_or_12_items() {
    let app = spawn_app().await;
    let reviewer = app.actor(CITY_REVIEWER).await;
    let q = "{ applications(first: 50) { totalCount edges { node { status unit { name tenant { name } } currentTenant { name } designatingTenant { name } } } } }";
    let before = cost(&app, &reviewer, q, json!({})).await;
    for _ in 0..5 {
        submitted_village_application(&app, "CITY").await;
    }
    let after = cost(&app, &reviewer, q, json!({})).await;
    println!("SQL statements for applications with unit, tenant and levels: {before} (7 items) and {after} (12 items)");
    // Batching is timed (a DataLoader window), so a loaded machine may split a batch in two; one
    // statement per item (five more items, three lookups each) would add 15.
    assert!(after < before + 5, "a list's cost grew with its length: {before} -> {after}");
}

#[tokio::test]
async fn total_count_is_counted_only_when_selected() {
    let app = spawn_app().await;
    let admin = app.actor(CITY_ADMIN).await;
    let with = least_cost(&app, &admin, "{ units(first: 5) { totalCount edges { node { id } } } }").await;
    let without = least_cost(&app, &admin, "{ units(first: 5) { edges { node { id } } } }").await;
    assert_eq!(with, without + 1, "totalCount should cost one COUNT, and only when selected");

    // Selected through a fragment or under an alias, it is still counted, and right.
    let direct = admin.gql("{ units(first: 5) { totalCount } }", json!({})).await;
    let total = direct["data"]["units"]["totalCount"].as_u64().unwrap();
    assert!(total > 5, "the demo city has more than one page of units: {direct}");
    let q = "query { units(first: 5) { ...Counted } } fragment Counted on UnitConnection { n: totalCount }";
    let body = admin.gql(q, json!({})).await;
    assert_ok(&body);
    assert_eq!(body["data"]["units"]["n"].as_u64(), Some(total));
    let body = admin.gql("{ units(first: 5) { ... on UnitConnection { totalCount } } }", json!({})).await;
    assert_eq!(body["data"]["units"]["totalCount"].as_u64(), Some(total));
}
