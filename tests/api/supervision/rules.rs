//! Who may take each step at which level, and what an inspection's places, assignees and deadlines may be.

use super::*;

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
