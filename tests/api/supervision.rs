//! Supervision (督查) and rectification (整改): the task lifecycle, roles and levels, siblings,
//! versions, evidence, overdue detection and the per-tenant roll-up.
//!
//! Overdue detection is deterministic: an inspection recorded after the fact may carry a deadline
//! already past, so no test waits for a clock.

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

#[tokio::test]
async fn the_demo_visit_has_tasks_in_every_state_and_rolls_up_per_county() {
    let app = spawn_app().await;
    let city = app.actor(CITY_REVIEWER).await;
    let body = city
        .gql(
            "{ inspections(first: 10) { totalCount edges { node { title leaders places { tenant { code } unit { name } } findings { description tasks { status } } } } } }",
            json!({}),
        )
        .await;
    assert_ok(&body);
    assert_eq!(body["data"]["inspections"]["totalCount"], 1);
    let insp = &body["data"]["inspections"]["edges"][0]["node"];
    assert_eq!(insp["findings"].as_array().unwrap().len(), 3);
    assert_eq!(insp["places"][0]["unit"]["name"], "元宝村");
    assert_eq!(insp["places"][0]["tenant"]["code"], "450225203");

    let all = city.gql(TASKS, json!({})).await;
    let expected = [
        ("450225", "IN_PROGRESS"),
        ("450225203", "VERIFIED"),
        ("450225208", "OPEN"),
        ("450226", "SUBMITTED"),
        ("450226101", "REOPENED"),
    ];
    assert_eq!(codes_and_statuses(&all), expected.map(|(a, b)| (a.to_owned(), b.to_owned())));
    let overdue = city.gql(TASKS, json!({ "f": { "overdue": true } })).await;
    assert_eq!(codes_and_statuses(&overdue), [("450225".to_owned(), "IN_PROGRESS".to_owned())]);
    let sanjiang = app.tenant_id("450226").await;
    let in_sanjiang = city.gql(TASKS, json!({ "f": { "assigneeTenantId": sanjiang, "status": "REOPENED" } })).await;
    assert_eq!(codes_and_statuses(&in_sanjiang), [("450226101".to_owned(), "REOPENED".to_owned())]);

    let liuzhou = app.tenant_id("450200").await;
    let s = ok(city.gql(SUMMARY, json!({ "t": liuzhou })).await, "rectificationSummary");
    assert_eq!(
        s["counts"],
        json!({ "total": 5, "open": 1, "inProgress": 1, "submitted": 1, "verified": 1, "reopened": 1,
                "overdue": 1, "verifiedLate": 0, "completionRate": "0.2" })
    );
    let child = |code: &str| {
        s["children"].as_array().unwrap().iter().find(|c| c["tenant"]["code"] == code).unwrap()["counts"].clone()
    };
    assert_eq!(s["children"].as_array().unwrap().len(), 10, "every county, tasks or not");
    assert_eq!(
        child("450225"),
        json!({ "total": 3, "open": 1, "inProgress": 1, "submitted": 0, "verified": 1, "reopened": 0,
                "overdue": 1, "completionRate": "0.3333" })
    );
    assert_eq!(
        child("450226"),
        json!({ "total": 2, "open": 0, "inProgress": 0, "submitted": 1, "verified": 0, "reopened": 1,
                "overdue": 0, "completionRate": "0" })
    );
    assert_eq!(child("450223")["total"], 0);
    assert_eq!(child("450223")["completionRate"], Value::Null);
}

#[tokio::test]
async fn a_task_runs_its_whole_lifecycle_with_a_reopen_and_keeps_its_timeline() {
    let app = spawn_app().await;
    let (_, t) = city_task_for_zhaisha(&app, day(-3), day(20)).await;
    assert_eq!(t["status"], "OPEN");
    assert_eq!(t["assigneeTenant"]["code"], "450223102");
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let city = app.actor(CITY_REVIEWER).await;

    let t = ok(start(&reporter, &t).await, "startRectification");
    assert_eq!(t["status"], "IN_PROGRESS");
    let t = ok(submit(&reporter, &t, "已更新宣传栏", &["整改/照片1.jpg"]).await, "submitRectification");
    assert_eq!(t["status"], "SUBMITTED");
    assert_eq!(t["evidence"], json!(["整改/照片1.jpg"]));
    for reason in ["", "   "] {
        let body = reopen(&city, &t, reason).await;
        assert_code(&body, "BAD_USER_INPUT");
        assert_eq!(body["errors"][0]["extensions"]["field"], "reason");
    }
    let t = ok(reopen(&city, &t, "照片不清晰,请补充现场照片").await, "reopenRectification");
    assert_eq!(t["status"], "REOPENED");
    assert_eq!(t["statusLabel"], "重新整改");
    assert_eq!(t["reopenReason"], "照片不清晰,请补充现场照片");
    // A verified task cannot be verified before it is resubmitted.
    assert_code(&verify(&city, &t).await, "CONFLICT");
    let t = ok(
        submit(&reporter, &t, "已补充现场照片", &["整改/照片2.jpg", "https://example.org/p"]).await,
        "submitRectification",
    );
    let t = ok(verify(&city, &t).await, "verifyRectification");
    assert_eq!(t["status"], "VERIFIED");
    assert_eq!(t["verifiedLate"], false);
    assert_eq!(t["verifiedOn"], china_today().to_string());
    assert_eq!(t["overdue"], false);
    assert_code(&reopen(&city, &t, "再看看").await, "CONFLICT");

    let tl = ok(city.gql(TASK, json!({ "id": t["id"] })).await, "rectificationTask");
    let steps: Vec<(&str, &str, &str)> = tl["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (e["action"].as_str().unwrap(), e["toStatus"].as_str().unwrap(), e["atTenant"]["code"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("OPEN", "OPEN", "450200"),
            ("START", "IN_PROGRESS", "450223102"),
            ("SUBMIT", "SUBMITTED", "450223102"),
            ("REOPEN", "REOPENED", "450200"),
            ("SUBMIT", "SUBMITTED", "450223102"),
            ("VERIFY", "VERIFIED", "450200"),
        ]
    );
    assert_eq!(tl["timeline"][3]["reason"], "照片不清晰,请补充现场照片");
    assert_eq!(tl["timeline"][4]["evidence"], json!(["整改/照片2.jpg", "https://example.org/p"]));
    assert_eq!(tl["timeline"][4]["evidenceText"], "已补充现场照片");

    // Every step left an audit row with the task.
    let admin = app.actor(CITY_ADMIN).await;
    let log = admin
        .gql(
            "query($f: AuditLogFilter) { auditLog(first: 50, filter: $f) { totalCount } }",
            json!({ "f": { "entityType": "rectification_task", "entityId": t["id"] } }),
        )
        .await;
    assert_eq!(log["data"]["auditLog"]["totalCount"], 6, "{log}");
}

#[tokio::test]
async fn submitting_needs_a_description_and_evidence() {
    let app = spawn_app().await;
    let (_, t) = city_task_for_zhaisha(&app, day(-1), day(10)).await;
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    // Not before it is started.
    assert_code(&submit(&reporter, &t, "已整改", &["a.pdf"]).await, "CONFLICT");
    let t = ok(start(&reporter, &t).await, "startRectification");
    let body = submit(&reporter, &t, "已整改", &[]).await;
    assert_code(&body, "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "evidence");
    let body = submit(&reporter, &t, "  ", &["a.pdf"]).await;
    assert_code(&body, "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "evidenceText");
    assert_code(&submit(&reporter, &t, "已整改", &[" "]).await, "BAD_USER_INPUT");
    // Nothing changed.
    let city = app.actor(CITY_REVIEWER).await;
    let now = ok(city.gql(TASK, json!({ "id": t["id"] })).await, "rectificationTask");
    assert_eq!(now["status"], "IN_PROGRESS");
    assert_eq!(now["version"], t["version"]);
    assert_eq!(now["timeline"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn each_step_needs_the_right_role_at_the_right_level() {
    let app = spawn_app().await;
    let zhaisha = app.tenant_id("450223102").await;
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let input = inspection_input(day(-1), json!([{ "tenantId": zhaisha }]));
    // Only a REVIEWER inspects.
    assert_code(&reporter.gql(CREATE, json!({ "i": input })).await, "FORBIDDEN");
    assert_code(&app.actor(CITY_VIEWER).await.gql(CREATE, json!({ "i": input })).await, "FORBIDDEN");

    let (i, t) = city_task_for_zhaisha(&app, day(-2), day(10)).await;
    let county = app.actor(LUZHAI_REVIEWER).await;
    let city = app.actor(CITY_REVIEWER).await;
    let city_reporter = app.actor("liuzhou.reporter").await;
    // The county sees the task (it is in its subtree) but cannot act for the city...
    assert_ok(&county.gql(TASK, json!({ "id": t["id"] })).await);
    // ...nor answer for the township; the city's reporter cannot answer either; a reviewer
    // does not answer.
    assert_code(&start(&city_reporter, &t).await, "FORBIDDEN");
    assert_code(&start(&city, &t).await, "FORBIDDEN");
    let t = ok(start(&reporter, &t).await, "startRectification");
    let t = ok(submit(&reporter, &t, "已整改", &["a.pdf"]).await, "submitRectification");
    // The assignee cannot verify its own work; the county reviewer cannot verify the city's task.
    assert_code(&verify(&reporter, &t).await, "FORBIDDEN");
    assert_code(&verify(&county, &t).await, "FORBIDDEN");
    assert_code(&reopen(&county, &t, "不行").await, "FORBIDDEN");
    // The county cannot see the city's inspection, so cannot add findings to it.
    assert_code(&county.gql(FINDING, json!({ "id": i["id"], "d": "x" })).await, "NOT_FOUND");
    assert_code(&reporter.gql(FINDING, json!({ "id": i["id"], "d": "x" })).await, "FORBIDDEN");
    let t = ok(verify(&city, &t).await, "verifyRectification");
    assert_eq!(t["status"], "VERIFIED");
}

#[tokio::test]
async fn places_assignees_and_deadlines_must_fit_the_inspection() {
    let app = spawn_app().await;
    let county = app.actor(LUZHAI_REVIEWER).await;
    let (luzhai, anta, zhaisha) =
        (app.tenant_id("450223").await, app.tenant_id("450225203").await, app.tenant_id("450223102").await);
    // A place outside the subtree is not found; the inspecting tenant itself is not a place.
    let body = county.gql(CREATE, json!({ "i": inspection_input(day(-1), json!([{ "tenantId": anta }])) })).await;
    assert_code(&body, "NOT_FOUND");
    let body = county.gql(CREATE, json!({ "i": inspection_input(day(-1), json!([{ "tenantId": luzhai }])) })).await;
    assert_code(&body, "BAD_USER_INPUT");
    let body = county.gql(CREATE, json!({ "i": inspection_input(day(1), json!([{ "tenantId": zhaisha }])) })).await;
    assert_code(&body, "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "inspectedOn");
    let mut no_leaders = inspection_input(day(-1), json!([{ "tenantId": zhaisha }]));
    no_leaders["leaders"] = json!([]);
    assert_code(&county.gql(CREATE, json!({ "i": no_leaders })).await, "BAD_USER_INPUT");

    let (i, f) = inspection_with_finding(&app, &county, day(-5)).await;
    let open = |t: Option<&str>, u: Option<&str>, d: NaiveDate| {
        county.gql(OPEN, json!({ "f": f["id"], "t": t, "u": u, "d": d.to_string() }))
    };
    let rongshui = app.tenant_id("450225").await;
    assert_code(&open(Some(&rongshui), None, day(5)).await, "NOT_FOUND");
    assert_code(&open(Some(&luzhai), None, day(5)).await, "BAD_USER_INPUT");
    assert_code(&open(None, None, day(5)).await, "BAD_USER_INPUT");
    let body = open(Some(&zhaisha), None, day(-6)).await;
    assert_code(&body, "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "deadline");
    // A unit of the county's own tenant may be assigned; its tenant answers.
    let school = app.unit_id("鹿寨县民族中学").await;
    let t = ok(open(None, Some(&school), day(-5)).await, "openRectificationTask");
    assert_eq!(t["assigneeTenant"]["code"], "450223");
    // The inspection date cannot move past that deadline afterwards.
    let body = county
        .gql(UPDATE, json!({ "id": i["id"], "v": i["version"], "i": inspection_input(day(-2), json!([{ "tenantId": zhaisha }])) }))
        .await;
    assert_code(&body, "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "inspectedOn");
}

#[tokio::test]
async fn a_sibling_county_can_neither_see_nor_change_anything() {
    let app = spawn_app().await;
    let county = app.actor(LUZHAI_REVIEWER).await;
    let (i, f) = inspection_with_finding(&app, &county, day(-3)).await;
    let zhaisha = app.tenant_id("450223102").await;
    let t = ok(
        county.gql(OPEN, json!({ "f": f["id"], "t": zhaisha, "d": day(10).to_string() })).await,
        "openRectificationTask",
    );
    let luzhai = app.tenant_id("450223").await;
    let anta = app.tenant_id("450225203").await;
    let input = inspection_input(day(-3), json!([{ "tenantId": anta }]));

    for who in [RONGSHUI_REVIEWER, RONGSHUI_ADMIN, "rongshui.reporter", ANTAI_REPORTER] {
        let s = app.actor(who).await;
        assert_code(
            &s.gql("query($id: ID!) { inspection(id: $id) { id } }", json!({ "id": i["id"] })).await,
            "NOT_FOUND",
        );
        assert_code(&s.gql(TASK, json!({ "id": t["id"] })).await, "NOT_FOUND");
        assert_code(&s.gql(SUMMARY, json!({ "t": luzhai })).await, "NOT_FOUND");
        assert_code(&s.gql(TASKS, json!({ "f": { "assigneeTenantId": zhaisha } })).await, "NOT_FOUND");
        let ids = |body: &Value, field: &str| -> Vec<Value> {
            body["data"][field]["edges"].as_array().unwrap().iter().map(|e| e["node"]["id"].clone()).collect()
        };
        let list = s.gql("{ inspections(first: 100) { edges { node { id } } } }", json!({})).await;
        assert!(!ids(&list, "inspections").contains(&i["id"]), "{who} lists the inspection");
        let tasks = s.gql(TASKS, json!({})).await;
        assert!(!ids(&tasks, "rectificationTasks").contains(&t["id"]), "{who} lists the task");
        let mine = s.gql(MINE, json!({})).await;
        assert!(!ids(&mine, "myRectificationTasks").contains(&t["id"]));
        // Mutations: refused, and for the role that could otherwise do them, not found.
        let expected = if who == RONGSHUI_REVIEWER { "NOT_FOUND" } else { "FORBIDDEN" };
        assert_code(&s.gql(UPDATE, json!({ "id": i["id"], "v": i["version"], "i": input })).await, expected);
        assert_code(&s.gql(FINDING, json!({ "id": i["id"], "d": "x" })).await, expected);
        assert_code(&s.gql(OPEN, json!({ "f": f["id"], "t": anta, "d": day(5).to_string() })).await, expected);
    }
    let reviewer = app.actor(RONGSHUI_REVIEWER).await;
    let reporter = app.actor(ANTAI_REPORTER).await;
    assert_code(&start(&reporter, &t).await, "NOT_FOUND");
    // Move it along so every step has a sibling attempt at the right state.
    let own = app.actor(ZHAISHA_REPORTER).await;
    let t = ok(start(&own, &t).await, "startRectification");
    assert_code(&submit(&reporter, &t, "x", &["x"]).await, "NOT_FOUND");
    let t = ok(submit(&own, &t, "已整改", &["a.pdf"]).await, "submitRectification");
    assert_code(&verify(&reviewer, &t).await, "NOT_FOUND");
    assert_code(&reopen(&reviewer, &t, "x").await, "NOT_FOUND");

    let now = ok(county.gql(TASK, json!({ "id": t["id"] })).await, "rectificationTask");
    assert_eq!(now["status"], "SUBMITTED");
    assert_eq!(now["version"], t["version"]);
    assert_eq!(now["timeline"].as_array().unwrap().len(), 3);
    let insp = county
        .gql("query($id: ID!) { inspection(id: $id) { version findings { id } } }", json!({ "id": i["id"] }))
        .await;
    assert_eq!(insp["data"]["inspection"]["version"], i["version"]);
    assert_eq!(insp["data"]["inspection"]["findings"].as_array().unwrap().len(), 1);
    // And the demo's 融水 tasks stay out of 三江's sight.
    let sanjiang = app.actor("sanjiang.reporter").await;
    let seen = sanjiang.gql(TASKS, json!({})).await;
    assert!(codes_and_statuses(&seen).iter().all(|(code, _)| code.starts_with("450226")), "{seen}");
}

/// 融水 cannot filter its way into 鹿寨's supervision: naming 鹿寨 or its township, 鹿寨's
/// inspection or its finding is NOT_FOUND, as naming 鹿寨's township as the assignee tenant is.
/// Nor can 鹿寨 hand a task to a unit in 融水's subtree.
#[tokio::test]
async fn a_sibling_county_cannot_filter_or_assign_its_way_into_another() {
    let app = spawn_app().await;
    let county = app.actor(LUZHAI_REVIEWER).await;
    let (i, f) = inspection_with_finding(&app, &county, day(-3)).await;
    let (luzhai, zhaisha) = (app.tenant_id("450223").await, app.tenant_id("450223102").await);
    let t = ok(
        county.gql(OPEN, json!({ "f": f["id"], "t": zhaisha, "d": day(10).to_string() })).await,
        "openRectificationTask",
    );
    let inspections = [json!({ "tenantId": luzhai }), json!({ "tenantId": zhaisha })];
    let tasks =
        [json!({ "assigneeTenantId": zhaisha }), json!({ "inspectionId": i["id"] }), json!({ "findingId": f["id"] })];
    // 鹿寨 finds its inspection and its task so.
    let body = county.gql(INSPECTIONS, json!({ "f": inspections[0] })).await;
    assert_eq!(body["data"]["inspections"]["edges"][0]["node"]["id"], i["id"], "{body}");
    for filter in &tasks {
        let body = county.gql(TASKS, json!({ "f": filter })).await;
        assert_eq!(body["data"]["rectificationTasks"]["totalCount"], 1, "{filter}: {body}");
        assert_eq!(body["data"]["rectificationTasks"]["edges"][0]["node"]["id"], t["id"]);
    }
    for who in [RONGSHUI_REVIEWER, RONGSHUI_ADMIN, ANTAI_REPORTER] {
        let s = app.actor(who).await;
        for filter in &inspections {
            assert_code(&s.gql(INSPECTIONS, json!({ "f": filter })).await, "NOT_FOUND");
        }
        for filter in &tasks {
            assert_code(&s.gql(TASKS, json!({ "f": filter })).await, "NOT_FOUND");
        }
    }

    // Assigning to 安太乡's 元宝村 or to 融水's service centre: not found, and no task is opened.
    for unit in ["元宝村", "融水县政务服务中心"] {
        let u = app.unit_id(unit).await;
        let body = county.gql(OPEN, json!({ "f": f["id"], "u": u, "d": day(10).to_string() })).await;
        assert_code(&body, "NOT_FOUND");
        assert_eq!(body["errors"][0]["message"], "unit not found");
    }
    let body = county.gql(TASKS, json!({ "f": { "findingId": f["id"] } })).await;
    assert_eq!(body["data"]["rectificationTasks"]["totalCount"], 1, "{body}");
    let body = county
        .gql("query($id: ID!) { inspection(id: $id) { findings { tasks { id } } } }", json!({ "id": i["id"] }))
        .await;
    assert_eq!(body["data"]["inspection"]["findings"][0]["tasks"], json!([{ "id": t["id"] }]), "{body}");
}

#[tokio::test]
async fn a_stale_version_is_a_conflict() {
    let app = spawn_app().await;
    let (i, t) = city_task_for_zhaisha(&app, day(-2), day(10)).await;
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let started = ok(start(&reporter, &t).await, "startRectification");
    // The same stale version again (a second phone, say).
    let body = submit(&reporter, &t, "已整改", &["a.pdf"]).await;
    assert_code(&body, "CONFLICT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "version");
    assert_ok(&submit(&reporter, &started, "已整改", &["a.pdf"]).await);

    let city = app.actor(CITY_REVIEWER).await;
    let zhaisha = app.tenant_id("450223102").await;
    let input = inspection_input(day(-2), json!([{ "tenantId": zhaisha, "note": "改" }]));
    let updated =
        ok(city.gql(UPDATE, json!({ "id": i["id"], "v": i["version"], "i": input })).await, "updateInspection");
    assert_eq!(updated["version"], 2);
    assert_eq!(updated["places"].as_array().unwrap().len(), 1, "places are replaced");
    assert_code(&city.gql(UPDATE, json!({ "id": i["id"], "v": i["version"], "i": input })).await, "CONFLICT");
}

#[tokio::test]
async fn overdue_tasks_are_detected_filtered_rolled_up_and_verified_late() {
    let app = spawn_app().await;
    // Recorded after the fact: inspected a month ago, deadline a week ago.
    let (_, t) = city_task_for_zhaisha(&app, day(-30), day(-7)).await;
    assert_eq!(t["overdue"], true);
    assert_eq!(t["daysOverdue"], 7);
    let (_, fresh) = city_task_for_zhaisha(&app, day(-1), day(7)).await;
    assert_eq!(fresh["overdue"], false);
    assert_eq!(fresh["daysOverdue"], 0);

    let city = app.actor(CITY_REVIEWER).await;
    let zhaisha = app.tenant_id("450223102").await;
    let overdue = city.gql(TASKS, json!({ "f": { "overdue": true, "assigneeTenantId": zhaisha } })).await;
    assert_eq!(overdue["data"]["rectificationTasks"]["totalCount"], 1);
    assert_eq!(overdue["data"]["rectificationTasks"]["edges"][0]["node"]["id"], t["id"]);
    let within = city.gql(TASKS, json!({ "f": { "overdue": false, "assigneeTenantId": zhaisha } })).await;
    assert_eq!(within["data"]["rectificationTasks"]["totalCount"], 1);
    assert_eq!(within["data"]["rectificationTasks"]["edges"][0]["node"]["id"], fresh["id"]);
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let mine = reporter.gql(MINE, json!({ "o": true })).await;
    assert_eq!(mine["data"]["myRectificationTasks"]["totalCount"], 1);

    let luzhai = app.tenant_id("450223").await;
    let county = app.actor(LUZHAI_REVIEWER).await;
    let s = ok(county.gql(SUMMARY, json!({ "t": luzhai })).await, "rectificationSummary");
    assert_eq!(s["counts"]["total"], 2);
    assert_eq!(s["counts"]["overdue"], 1);
    assert_eq!(s["counts"]["open"], 2);
    let zs = s["children"].as_array().unwrap().iter().find(|c| c["tenant"]["code"] == "450223102").unwrap();
    assert_eq!(zs["counts"]["overdue"], 1);
    assert_eq!(zs["counts"]["total"], 2);

    // Verified after the deadline: no longer overdue, but recorded as late.
    let t = ok(start(&reporter, &t).await, "startRectification");
    let t = ok(submit(&reporter, &t, "已整改", &["a.pdf"]).await, "submitRectification");
    assert_eq!(t["overdue"], true, "a submitted task is still overdue until verified");
    let t = ok(verify(&city, &t).await, "verifyRectification");
    assert_eq!(t["overdue"], false);
    assert_eq!(t["daysOverdue"], 0);
    assert_eq!(t["verifiedLate"], true);
    let s = ok(county.gql(SUMMARY, json!({ "t": luzhai })).await, "rectificationSummary");
    assert_eq!(s["counts"]["overdue"], 0);
    assert_eq!(s["counts"]["verified"], 1);
    assert_eq!(s["counts"]["verifiedLate"], 1);
    assert_eq!(s["counts"]["completionRate"], "0.5");
}

#[tokio::test]
async fn the_assignee_sees_its_own_tasks_but_not_the_inspection_above_it() {
    let app = spawn_app().await;
    let reporter = app.actor("rongshui.reporter").await;
    let mine = reporter.gql(MINE, json!({})).await;
    assert_ok(&mine);
    let edges = mine["data"]["myRectificationTasks"]["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 1, "only 融水县's own task, not its townships': {mine}");
    let node = &edges[0]["node"];
    assert_eq!(node["assigneeTenant"]["code"], "450225");
    assert_eq!(node["inspectingTenant"]["code"], "450200");
    assert_eq!(node["finding"], Value::Null, "the city's finding is above the county's scope");
    assert!(node["requirement"].as_str().unwrap().contains("经费使用凭证"));
    // Its subtree's tasks (融水县, 安太乡's 元宝村, 杆洞乡) are all readable.
    let all = reporter.gql(TASKS, json!({})).await;
    assert_eq!(all["data"]["rectificationTasks"]["totalCount"], 3);
    // The city sees the finding behind the same task.
    let city = app.actor(CITY_REVIEWER).await;
    let seen = ok(city.gql(TASK, json!({ "id": node["id"] })).await, "rectificationTask");
    assert!(seen["finding"]["id"].is_string());
    assert!(seen["inspection"]["id"].is_string());
    // Nor does the county filter its tasks by that inspection or finding: it cannot read them.
    for filter in [json!({ "inspectionId": seen["inspection"]["id"] }), json!({ "findingId": seen["finding"]["id"] })] {
        assert_code(&reporter.gql(TASKS, json!({ "f": filter })).await, "NOT_FOUND");
    }
}

async fn sql_statements(app: &TestApp) -> u64 {
    let text = app.client.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("shiliu_sql_statements_total "))
        .and_then(|v| v.trim().parse().ok())
        .expect("sql statement counter")
}

#[tokio::test]
async fn the_summary_costs_the_same_statements_whatever_the_tree_and_the_tasks() {
    let app = spawn_app().await;
    let city = app.actor(CITY_REVIEWER).await;
    let cost = |tenant: String| {
        let (app, city) = (&app, &city);
        async move {
            let before = sql_statements(app).await;
            assert_ok(&city.gql(SUMMARY, json!({ "t": tenant })).await);
            sql_statements(app).await - before
        }
    };
    let (liuzhou, luzhai) = (app.tenant_id("450200").await, app.tenant_id("450223").await);
    let city_cost = cost(liuzhou.clone()).await;
    let county_cost = cost(luzhai).await;
    for _ in 0..3 {
        city_task_for_zhaisha(&app, day(-2), day(5)).await;
    }
    let more_tasks = cost(liuzhou).await;
    assert_eq!(city_cost, county_cost, "the cost grew with the number of children");
    assert_eq!(city_cost, more_tasks, "the cost grew with the number of tasks");
    // One statement authenticates the caller; the summary itself is four.
    assert!(city_cost <= 5, "rectificationSummary costs {city_cost} statements");
}
