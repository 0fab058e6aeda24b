//! The tenancy rule in supervision: a sibling county sees, filters into and changes nothing;
//! an assignee sees its own tasks but not the inspection above it.

use super::*;

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
            ids(&body["data"][field]).into_iter().map(Value::from).collect()
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
