//! Overdue detection, filters and the per-tenant summary, and what the summary costs.

use super::*;

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
async fn the_summary_costs_the_same_statements_whatever_the_tree_and_the_tasks() {
    let app = spawn_app().await;
    let city = app.actor(CITY_REVIEWER).await;
    // The node reads a session once, then knows it: no request measured here authenticates
    // with a statement.
    assert_ok(&city.gql("{ __typename }", json!({})).await);
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
    // The summary is four statements; authenticating the known caller costs none.
    assert!(city_cost <= 4, "rectificationSummary costs {city_cost} statements");
}
