//! One assessee's record through self-assessment, desk and field verification, combination,
//! feedback, recheck and finalisation: both combine rules, the bonus cap, prefilled criteria.

use super::*;

#[tokio::test]
async fn the_whole_workflow_with_field_overriding_desk_and_the_bonus_cap() {
    let app = spawn_app().await;
    let round = open_city_round(&app, "FIELD_OVERRIDES_DESK", 5).await;
    let reporter = app.actor("rongan.reporter").await;
    let reviewer = app.actor(CITY_REVIEWER).await;
    let inspector = app.actor(INSPECTOR).await;

    // Self-assessment: scores and ledger evidence; nothing missing, nothing above its maximum.
    let rec = round.record(RONGAN);
    let too_high = scored(&reporter, "saveSelfAssessment", &rec, scores(&round.criteria, &["11"])).await;
    assert_code(&too_high, "BAD_USER_INPUT");
    let rec = ok(
        scored(&reporter, "saveSelfAssessment", &rec, scores(&round.criteria, &["9", "18"])).await,
        "saveSelfAssessment",
    );
    assert_code(&plain(&reporter, "submitSelfAssessment", &rec).await, "BAD_USER_INPUT");
    let rec = ok(
        scored(&reporter, "saveSelfAssessment", &rec, scores(&round.criteria, &["", "", "65"])).await,
        "saveSelfAssessment",
    );
    assert_eq!(rec["scores"][0]["evidence"], json!(["台账/1.pdf"]));
    let rec = ok(plain(&reporter, "submitSelfAssessment", &rec).await, "submitSelfAssessment");
    assert_eq!(rec["status"], "SUBMITTED");

    // Desk (first result) must score every criterion; the field group scores what it checked.
    let partial = scored(&reviewer, "verifyAssessmentDesk", &rec, scores(&round.criteria, &["8"])).await;
    assert_code(&partial, "BAD_USER_INPUT");
    let rec = ok(
        scored(&reviewer, "verifyAssessmentDesk", &rec, scores(&round.criteria, &["8", "18", "60", "4", "3"])).await,
        "verifyAssessmentDesk",
    );
    assert_eq!(rec["deskTotal"], "91", "86 + bonus 7 capped at 5");
    let rec = ok(
        scored(&inspector, "verifyAssessmentField", &rec, scores(&round.criteria, &["", "15.5", "66"])).await,
        "verifyAssessmentField",
    );
    // The assessee sees its self-assessment but no verification result before feedback.
    let seen = get_record(&reporter, &rec["id"]).await["data"]["assessmentRecord"].clone();
    assert_eq!(seen["status"], "FIELD_VERIFIED");
    assert_eq!(seen["resultsVisible"], false);
    assert_eq!(seen["scores"][0]["selfScore"], "9");
    assert!(seen["scores"].as_array().unwrap().iter().all(|s| s["deskScore"].is_null() && s["fieldScore"].is_null()));
    assert_eq!(seen["scores"][0]["deskComment"], "");
    assert!(seen["deskTotal"].is_null());

    let rec = ok(plain(&reviewer, "combineAssessment", &rec).await, "combineAssessment");
    assert_eq!(finals(&rec), ["8", "15.5", "66", "4", "3"]);
    assert_eq!((rec["baseScore"].as_str(), rec["bonusScore"].as_str()), (Some("89.5"), Some("5")));
    assert_eq!(rec["totalScore"], "94.5");
    let hidden = get_record(&reporter, &rec["id"]).await["data"]["assessmentRecord"].clone();
    assert!(hidden["totalScore"].is_null(), "combined but not fed back: {hidden}");

    let rec = ok(plain(&reviewer, "sendAssessmentFeedback", &rec).await, "sendAssessmentFeedback");
    let seen = get_record(&reporter, &rec["id"]).await["data"]["assessmentRecord"].clone();
    assert_eq!(seen["resultsVisible"], true);
    assert_eq!(seen["totalScore"], "94.5");
    assert_eq!(seen["scores"][1]["fieldScore"], "15.5");
    assert_eq!(seen["scores"][1]["deskComment"], "意见");

    let rec = ok(plain(&reporter, "acceptAssessment", &rec).await, "acceptAssessment");
    let rec = ok(plain(&reviewer, "finalizeAssessment", &rec).await, "finalizeAssessment");
    assert_eq!(rec["status"], "FINAL");
    let t = get_record(&reviewer, &rec["id"]).await;
    let steps: Vec<(&str, &str)> = t["data"]["assessmentRecord"]["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap(), e["atTenant"]["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        steps,
        [
            ("OPEN", "450200"),
            ("SAVE_SELF", RONGAN),
            ("SAVE_SELF", RONGAN),
            ("SUBMIT", RONGAN),
            ("VERIFY_DESK", "450200"),
            ("VERIFY_FIELD", "450200"),
            ("COMBINE", "450200"),
            ("SEND_FEEDBACK", "450200"),
            ("ACCEPT", RONGAN),
            ("FINALIZE", "450200"),
        ]
    );
    // Each step left an audit row.
    let log = app
        .actor(CITY_ADMIN)
        .await
        .gql(
            "query($f: AuditLogFilter) { auditLog(first: 100, filter: $f) { totalCount } }",
            json!({ "f": { "entityType": "assessment_record", "entityId": rec["id"] } }),
        )
        .await;
    assert_eq!(log["data"]["auditLog"]["totalCount"], 9, "{log}");
}

#[tokio::test]
async fn the_weighted_mean_combines_per_criterion_and_keeps_the_desk_score_elsewhere() {
    let app = spawn_app().await;
    let round = open_city_round(&app, "WEIGHTED_MEAN", 5).await;
    // desk 8, field 5 -> 8×0.4 + 5×0.6 = 6.2; desk 20, no field -> 20; desk 70, field 55 -> 61;
    // bonus 4 and 3 (7) capped at 5.
    let rec = to_combined(&app, &round, RONGSHUI, &["8", "20", "70", "4", "3"], &["5", "", "55"]).await;
    assert_eq!(finals(&rec), ["6.2", "20", "61", "4", "3"]);
    assert_eq!(rec["baseScore"], "87.2");
    assert_eq!(rec["bonusScore"], "5");
    assert_eq!(rec["totalScore"], "92.2");
    // The assessee's own ADMIN cannot read the results early through the audit log either.
    let log = app
        .actor(RONGSHUI_ADMIN)
        .await
        .gql(
            "query($f: AuditLogFilter) { auditLog(first: 100, filter: $f) { totalCount } }",
            json!({ "f": { "entityType": "assessment_record" } }),
        )
        .await;
    assert_eq!(log["data"]["auditLog"]["totalCount"], 0, "{log}");
}

/// Full marks everywhere: every criterion at its maximum and both bonus items at theirs (4 + 3,
/// above the cap of 5). The total is the scheme's maximum (100 + 5), not more; a desk or field
/// score above a criterion's maximum is refused and leaves the record as it was.
#[tokio::test]
async fn full_marks_reach_the_schemes_maximum_total_and_no_more() {
    let app = spawn_app().await;
    let round = open_city_round(&app, "WEIGHTED_MEAN", 5).await;
    let full = ["10", "20", "70", "4", "3"];
    let reporter = app.actor("rongan.reporter").await;
    let reviewer = app.actor(CITY_REVIEWER).await;
    let inspector = app.actor(INSPECTOR).await;
    let rec = round.record(RONGAN);
    let rec =
        ok(scored(&reporter, "saveSelfAssessment", &rec, scores(&round.criteria, &full)).await, "saveSelfAssessment");
    let rec = ok(plain(&reporter, "submitSelfAssessment", &rec).await, "submitSelfAssessment");

    // The desk gives 领导小组 11 of 10, then 上级表彰 5 of 4 (though the cap is 5).
    for over in [["11", "20", "70", "4", "3"], ["10", "20", "70", "5", "3"]] {
        let body = scored(&reviewer, "verifyAssessmentDesk", &rec, scores(&round.criteria, &over)).await;
        assert_code(&body, "BAD_USER_INPUT");
        assert_eq!(body["errors"][0]["extensions"]["field"], "scores.score", "{body}");
    }
    // Still SUBMITTED at the same version: the next step goes through with it.
    let rec = ok(
        scored(&reviewer, "verifyAssessmentDesk", &rec, scores(&round.criteria, &full)).await,
        "verifyAssessmentDesk",
    );
    assert_eq!(rec["deskTotal"], "105", "100 + bonus 7 capped at 5");

    // The field group gives 工作方案 20.0001 of 20, then 经验推广 3.5 of 3.
    for over in [&["", "20.0001"][..], &["", "", "", "", "3.5"][..]] {
        let body = scored(&inspector, "verifyAssessmentField", &rec, scores(&round.criteria, over)).await;
        assert_code(&body, "BAD_USER_INPUT");
        assert_eq!(body["errors"][0]["extensions"]["field"], "scores.score", "{body}");
    }
    let rec = ok(
        scored(&inspector, "verifyAssessmentField", &rec, scores(&round.criteria, &full)).await,
        "verifyAssessmentField",
    );
    let rec = ok(plain(&reviewer, "combineAssessment", &rec).await, "combineAssessment");
    assert_eq!(finals(&rec), full);
    assert_eq!((rec["baseScore"].as_str(), rec["bonusScore"].as_str()), (Some("100"), Some("5")));
    let max = reviewer
        .gql(
            "query($r: ID!) { assessmentRound(id: $r) { scheme { maxTotal(kind: TENANT) } } }",
            json!({ "r": round.id }),
        )
        .await;
    assert_eq!(max["data"]["assessmentRound"]["scheme"]["maxTotal"], "105", "{max}");
    assert_eq!(rec["totalScore"], "105");
}

#[tokio::test]
async fn a_recheck_is_only_possible_within_the_window() {
    let app = spawn_app().await;
    let reviewer = app.actor(CITY_REVIEWER).await;
    // A zero-day window: closed as soon as the feedback is sent.
    let closed = open_city_round(&app, "FIELD_OVERRIDES_DESK", 0).await;
    let rec = to_combined(&app, &closed, RONGAN, &["8", "18", "60", "0", "0"], &[]).await;
    let rec = ok(plain(&reviewer, "sendAssessmentFeedback", &rec).await, "sendAssessmentFeedback");
    let rongan = app.actor("rongan.reporter").await;
    let late = recheck(&rongan, &rec, "分数偏低").await;
    assert_code(&late, "CONFLICT");
    assert!(late["errors"][0]["message"].as_str().unwrap().contains("recheck window closed"), "{late}");
    // Once the window closed, the assessing level may finalise without an answer.
    let rec = ok(plain(&reviewer, "finalizeAssessment", &rec).await, "finalizeAssessment");
    assert_eq!(rec["status"], "FINAL");

    // A five-day window: the assessee objects; the reviewer answers and revises a score.
    let open = open_city_round(&app, "FIELD_OVERRIDES_DESK", 5).await;
    let rec = to_combined(&app, &open, RONGAN, &["8", "18", "60", "0", "0"], &[]).await;
    let rec = ok(plain(&reviewer, "sendAssessmentFeedback", &rec).await, "sendAssessmentFeedback");
    assert!(rec["recheckUntil"].is_string());
    assert_code(&plain(&reviewer, "finalizeAssessment", &rec).await, "CONFLICT");
    assert_code(&recheck(&rongan, &rec, "   ").await, "BAD_USER_INPUT");
    let rec = ok(recheck(&rongan, &rec, "示范单位台账漏报一份").await, "requestAssessmentRecheck");
    assert_eq!(rec["status"], "RECHECK_REQUESTED");
    let rec = ok(
        resolve(&reviewer, &rec, "经复核补计一个示范单位", scores(&open.criteria, &["", "", "65"])).await,
        "resolveAssessmentRecheck",
    );
    assert_eq!(rec["status"], "FINAL");
    assert_eq!(rec["totalScore"], "91");
    assert_eq!(rec["reply"], "经复核补计一个示范单位");
}

#[tokio::test]
async fn a_criterion_linked_to_an_indicator_is_prefilled_from_its_completion() {
    let app = spawn_app().await;
    let admin = app.actor(CITY_ADMIN).await;
    let inds = admin.gql("{ indicators(first: 50) { edges { node { id code } } } }", json!({})).await;
    let activities = inds["data"]["indicators"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["code"] == "PUB_ACTIVITIES")
        .unwrap()["node"]["id"]
        .clone();
    let mut input = scheme_input("2019宣传考评");
    input["year"] = json!(2019);
    input["aspects"][0]["items"][0]["criteria"][0] =
        json!({ "title": "宣传活动", "maxScore": "15", "indicatorId": activities });
    let scheme = ok(admin.gql(CREATE_SCHEME, json!({ "i": input })).await, "createAssessmentScheme");
    let open = json!({ "i": {
        "schemeId": scheme["id"], "name": "2019", "deadline": "2019-12-31", "combineRule": "FIELD_OVERRIDES_DESK",
        "excellentMin": "90", "goodMin": "80", "passMin": "60",
        "fieldGroups": [{ "name": "组", "memberIds": [admin.user_id.clone()] }],
        "assessees": [{ "tenantId": app.tenant_id(SANJIANG).await, "fieldGroup": "组" }] } });
    let round = ok(admin.gql(OPEN_ROUND, open).await, "openAssessmentRound");
    let rec = round["records"]["edges"][0]["node"].clone();
    // 三江 reported 800 activities in 2019 (demo); its own target is 1000: 80% of 15 = 12.
    let target = "mutation($i: ID!) { setTarget(indicatorId: $i, period: \"2019\", value: \"1000\") { target } }";
    assert_ok(&app.actor("sanjiang.admin").await.gql(target, json!({ "i": activities })).await);
    let reporter = app.actor("sanjiang.reporter").await;
    let rec = ok(plain(&reporter, "prefillSelfAssessment", &rec).await, "prefillSelfAssessment");
    assert_eq!(rec["scores"][0]["selfScore"], "12", "{rec}");
    assert!(rec["scores"][1]["selfScore"].is_null(), "criteria without an indicator stay empty");
    assert_code(&plain(&app.actor(CITY_REVIEWER).await, "prefillSelfAssessment", &rec).await, "FORBIDDEN");
}
