//! Supervision (督查) and rectification (整改): the task lifecycle, roles and levels, siblings,
//! versions, evidence, overdue detection and the per-tenant roll-up.
//!
//! Overdue detection is deterministic: an inspection recorded after the fact may carry a deadline
//! already past, so no test waits for a clock.

mod evidence_files;
mod lifecycle;
mod overdue;
mod rules;
mod siblings;

use chrono::{Duration, NaiveDate};
use serde_json::{Value, json};
use shiliu::service::supervision::china_today;

use crate::helpers::*;

const CREATE: &str = "mutation($i: InspectionInput!) { createInspection(input: $i) { id version inspectedOn places { tenant { code } unit { name } note } } }";
const UPDATE: &str = "mutation($id: ID!, $v: Int!, $i: InspectionInput!) { updateInspection(id: $id, version: $v, input: $i) { id version inspectedOn places { tenant { code } } } }";
const FINDING: &str =
    "mutation($id: ID!, $d: String!) { addFinding(inspectionId: $id, description: $d) { id description } }";
const OPEN: &str = "mutation($f: ID!, $t: ID, $u: ID, $d: NaiveDate!) { openRectificationTask(input: {findingId: $f, assigneeTenantId: $t, assigneeUnitId: $u, requirement: \"限期整改\", deadline: $d}) { id version status deadline overdue daysOverdue assigneeTenant { code } } }";
const TASK_FIELDS: &str = "id version status statusLabel overdue daysOverdue verifiedLate verifiedOn evidenceText evidence reopenReason assigneeTenant { code } inspectingTenant { code }";
const TASK: &str = "query($id: ID!) { rectificationTask(id: $id) { id version status overdue daysOverdue verifiedLate requirement finding { id } inspection { id } inspectingTenant { code } timeline { action fromStatus toStatus atTenant { code } actorName reason evidenceText evidence } } }";
const TASKS: &str = "query($f: RectificationTaskFilter) { rectificationTasks(filter: $f, first: 100) { totalCount edges { node { id status overdue assigneeTenant { code } } } } }";
const MINE: &str = "query($o: Boolean) { myRectificationTasks(overdue: $o, first: 100) { totalCount edges { node { id status requirement finding { id } inspectingTenant { code } assigneeTenant { code } } } } }";
const INSPECTIONS: &str =
    "query($f: InspectionFilter) { inspections(filter: $f, first: 100) { totalCount edges { node { id } } } }";
const SUMMARY: &str = "query($t: ID!) { rectificationSummary(tenantId: $t) { tenant { code } counts { total open inProgress submitted verified reopened overdue verifiedLate completionRate } children { tenant { code } counts { total open inProgress submitted verified reopened overdue completionRate } } } }";

fn day(offset: i64) -> NaiveDate {
    china_today() + Duration::days(offset)
}

fn step_query(name: &str, args: &str, params: &str) -> String {
    format!("mutation({params}) {{ {name}({args}) {{ {TASK_FIELDS} }} }}")
}

async fn start(actor: &Actor<'_>, t: &Value) -> Value {
    let q = step_query("startRectification", "id: $id, version: $v", "$id: ID!, $v: Int!");
    actor.gql(&q, json!({ "id": t["id"], "v": t["version"] })).await
}

async fn submit(actor: &Actor<'_>, t: &Value, text: &str, evidence: &[&str]) -> Value {
    let q = step_query(
        "submitRectification",
        "input: {id: $id, version: $v, evidenceText: $t, evidence: $e}",
        "$id: ID!, $v: Int!, $t: String!, $e: [String!]!",
    );
    actor.gql(&q, json!({ "id": t["id"], "v": t["version"], "t": text, "e": evidence })).await
}

async fn verify(actor: &Actor<'_>, t: &Value) -> Value {
    let q = step_query("verifyRectification", "id: $id, version: $v", "$id: ID!, $v: Int!");
    actor.gql(&q, json!({ "id": t["id"], "v": t["version"] })).await
}

async fn reopen(actor: &Actor<'_>, t: &Value, reason: &str) -> Value {
    let q = step_query("reopenRectification", "id: $id, version: $v, reason: $r", "$id: ID!, $v: Int!, $r: String!");
    actor.gql(&q, json!({ "id": t["id"], "v": t["version"], "r": reason })).await
}

/// The single field of a successful mutation's data.
#[track_caller]
fn ok(body: Value, field: &str) -> Value {
    assert_ok(&body);
    body["data"][field].clone()
}

fn inspection_input(on: NaiveDate, places: Value) -> Value {
    json!({
        "title": "督查寨沙镇创建工作",
        "inspectedOn": on.to_string(),
        "leaders": ["市创建办主任"],
        "summary": "实地查看宣传阵地和台账",
        "places": places,
    })
}

/// An inspection by `actor`'s tenant of 寨沙镇 on `on`, with one finding: (inspection, finding).
async fn inspection_with_finding(app: &TestApp, actor: &Actor<'_>, on: NaiveDate) -> (Value, Value) {
    let zhaisha = app.tenant_id("450223102").await;
    let i = ok(
        actor
            .gql(CREATE, json!({ "i": inspection_input(on, json!([{ "tenantId": zhaisha, "note": "宣传长廊" }])) }))
            .await,
        "createInspection",
    );
    let f = ok(actor.gql(FINDING, json!({ "id": i["id"], "d": "宣传栏内容陈旧" })).await, "addFinding");
    (i, f)
}

/// A task of the city's inspection of 寨沙镇, assigned to 寨沙镇 with `deadline`.
async fn city_task_for_zhaisha(app: &TestApp, inspected: NaiveDate, deadline: NaiveDate) -> (Value, Value) {
    let city = app.actor(CITY_REVIEWER).await;
    let (i, f) = inspection_with_finding(app, &city, inspected).await;
    let zhaisha = app.tenant_id("450223102").await;
    let t = ok(
        city.gql(OPEN, json!({ "f": f["id"], "t": zhaisha, "d": deadline.to_string() })).await,
        "openRectificationTask",
    );
    (i, t)
}

fn codes_and_statuses(body: &Value) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = body["data"]["rectificationTasks"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["node"]["assigneeTenant"]["code"].as_str().unwrap().to_owned(),
                e["node"]["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    v.sort();
    v
}
