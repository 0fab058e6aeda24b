//! SQL statements per request, counted by the driver (`shiliu_sql_statements_total`), for the
//! queries portals poll. The counts must not grow with the data.

use serde_json::{Value, json};

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

/// The bench's R3 (`rollup` of one tenant over many indicators), then with the children's parts.
const R3: &str = "query($t: ID!, $p: String!, $i: [ID!]!) { rollup(tenantId: $t, period: $p, indicatorIds: $i) { indicatorCode target actual completion subjects } }";
const R3_CHILDREN: &str = "query($t: ID!, $p: String!, $i: [ID!]!) { rollup(tenantId: $t, period: $p, indicatorIds: $i) { indicatorCode target actual completion subjects acceptedActual children { tenant { code } actual share accepted } } }";
const LINES: &str = "mutation($r: [ReportInput!]!) { reportBatch(reports: $r) { id } }";

#[tokio::test]
async fn a_cold_rollup_costs_at_most_three_statements_whatever_it_selects() {
    let app = spawn_app().await;
    let city = app.actor(CITY_ADMIN).await;
    assert_ok(&city.gql("{ __typename }", json!({})).await);
    // Every aggregation: the demo's SUM and AVG indicators and one of each other kind.
    let body = city.gql("{ indicators(first: 100) { edges { node { id } } } }", json!({})).await;
    let mut ids: Vec<Value> = edges(&body["data"]["indicators"]).into_iter().map(|n| n["id"].clone()).collect();
    let define = "mutation($c: String!, $a: Aggregation!) { defineIndicator(input: {code: $c, name: \"x\", measureUnit: \"%\", valueType: PERCENT, aggregation: $a, category: OTHER}) { id } }";
    for a in ["MIN", "MAX", "LATEST"] {
        let body = city.gql(define, json!({ "c": format!("C_{a}"), "a": a })).await;
        ids.push(body["data"]["defineIndicator"]["id"].clone());
    }
    let (luzhai, liuzhou) = (app.tenant_id("450223").await, app.tenant_id("450200").await);
    for (step, who) in ["rpt.450223100", "rpt.450223101"].into_iter().enumerate() {
        let reporter = app.actor(who).await;
        let lines: Vec<Value> = ids
            .iter()
            .map(|i| json!({ "indicatorId": i, "period": "2024-02", "value": (step * 10 + 5).to_string() }))
            .collect();
        assert_ok(&reporter.gql(LINES, json!({ "r": lines })).await);
    }
    assert_ok(&city.gql("{ __typename }", json!({})).await);
    // Each read below follows a write (a fresh data version) or asks another period: cold.
    let mut costs = Vec::new();
    for (q, t, p) in [
        (R3, &liuzhou, "2024"),
        (R3, &luzhai, "2024-Q1"),
        (R3_CHILDREN, &luzhai, "2024"),
        (R3_CHILDREN, &liuzhou, "2024-02"),
    ] {
        let vars = json!({ "t": t, "p": p, "i": ids });
        let cold = cost(&app, &city, q, vars.clone()).await;
        let warm = cost(&app, &city, q, vars).await;
        costs.push((cold, warm));
    }
    println!("SQL statements for rollup over {} indicators (cold, cached): {costs:?}", ids.len());
    assert!(costs.iter().all(|(cold, warm)| *cold <= 3 && *warm == 0), "{costs:?}");

    // What is selected changes what is computed, not the figures.
    let vars = json!({ "t": luzhai, "p": "2024", "i": ids });
    let (own, all) = (city.gql(R3, vars.clone()).await, city.gql(R3_CHILDREN, vars).await);
    let figures = |b: &Value| -> Vec<Value> {
        b["data"]["rollup"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| json!([r["indicatorCode"], r["target"], r["actual"], r["subjects"]]))
            .collect()
    };
    assert_eq!(figures(&own), figures(&all));
    assert_eq!(figures(&own).len(), ids.len());
    let accepted = "query($t: ID!, $p: String!, $i: [ID!]!) { rollup(tenantId: $t, period: $p, indicatorIds: $i) { acceptedActual } }";
    let alone = city.gql(accepted, json!({ "t": luzhai, "p": "2024", "i": ids })).await;
    let of = |b: &Value| -> Vec<Value> {
        b["data"]["rollup"].as_array().unwrap().iter().map(|r| r["acceptedActual"].clone()).collect()
    };
    assert_eq!(of(&alone), of(&all), "acceptedActual alone and with the children's parts");
    let first = &all["data"]["rollup"][0];
    assert_eq!(first["children"].as_array().map(Vec::len), Some(3), "鹿寨县 has three townships: {first}");
}
