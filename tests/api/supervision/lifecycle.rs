//! A rectification task from the inspection's finding to verification: its states, its
//! timeline, a reopen, the evidence a submission needs, and the demo visit in every state.

use super::*;

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
