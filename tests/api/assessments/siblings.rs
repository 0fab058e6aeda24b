//! The tenancy rule in assessments: a sibling county, and fellow assessees of one round.

use super::*;

/// A round of 鹿寨县 over its township 寨沙镇; 融水 (its sibling) must see and change nothing.
#[tokio::test]
async fn a_sibling_county_sees_and_changes_nothing() {
    let app = spawn_app().await;
    let luzhai_admin = app.actor(LUZHAI_ADMIN).await;
    let round = open_luzhai_round(&app).await;
    let rec = round.record(ZHAISHA);
    let ids = json!({ "s": round.scheme_id, "r": round.id, "rec": rec["id"] });
    let some = scores(&round.criteria, &["5"]);
    let reads = [
        "query($s: ID!) { assessmentScheme(id: $s) { id } }",
        "query($r: ID!) { assessmentRound(id: $r) { id } }",
        "query($rec: ID!) { assessmentRecord(id: $rec) { id } }",
        "query($r: ID!) { assessmentResults(roundId: $r) { rank } }",
    ];
    for who in [RONGSHUI_ADMIN, RONGSHUI_REVIEWER, ANTAI_REPORTER, "rongshui.reporter"] {
        let sibling = app.actor(who).await;
        for q in reads {
            let vars = ids.clone();
            assert_code(&sibling.gql(q, vars).await, "NOT_FOUND");
        }
        let lists = sibling.gql("{ assessmentSchemes(first: 50) { edges { node { name } } } assessmentRounds(first: 50) { edges { node { name } } } }", json!({})).await;
        let names = lists.to_string();
        assert!(!names.contains("鹿寨"), "{who} lists {names}");
        // Every step on the record: NOT_FOUND whenever the caller holds the step's role (the role
        // is checked first and says nothing about the record).
        let reporter = who.ends_with("reporter");
        let reviewer = who == RONGSHUI_REVIEWER;
        for op in ["saveSelfAssessment", "verifyAssessmentDesk", "verifyAssessmentField"] {
            let has_role = match op {
                "saveSelfAssessment" => reporter,
                "verifyAssessmentDesk" => reviewer,
                _ => true,
            };
            hidden(&scored(&sibling, op, &rec, some.clone()).await, has_role);
        }
        for op in ["prefillSelfAssessment", "submitSelfAssessment", "acceptAssessment"] {
            hidden(&plain(&sibling, op, &rec).await, reporter);
        }
        for op in ["combineAssessment", "sendAssessmentFeedback", "finalizeAssessment"] {
            hidden(&plain(&sibling, op, &rec).await, reviewer);
        }
        hidden(&recheck(&sibling, &rec, "x").await, reporter);
        hidden(&resolve(&sibling, &rec, "x", json!([])).await, reviewer);
        hidden(&sibling.gql(PUBLISH, json!({ "id": round.id, "v": round.version })).await, reviewer);
        let update = "mutation($id: ID!, $i: AssessmentSchemeInput!) { updateAssessmentScheme(id: $id, version: 1, input: $i) { id } }";
        let body = sibling.gql(update, json!({ "id": round.scheme_id, "i": scheme_input("鹿寨方案") })).await;
        hidden(&body, who == RONGSHUI_ADMIN);
        assert_eq!(notice(&app, &sibling, &round.id, "notice.csv").await.status().as_u16(), 404);
    }
    // The sibling admin's own attempt with the role: opening a round with 鹿寨's scheme.
    let rongshui_admin = app.actor(RONGSHUI_ADMIN).await;
    let anta = json!({ "tenantId": app.tenant_id("450225203").await });
    let steal = one_group_input(&json!(round.scheme_id), &[&rongshui_admin.user_id], anta);
    assert_code(&rongshui_admin.gql(OPEN_ROUND, steal).await, "NOT_FOUND");
    // Nothing changed: the record is where it was, at the same version.
    let now = get_record(&luzhai_admin, &rec["id"]).await["data"]["assessmentRecord"].clone();
    assert_eq!((now["status"].clone(), now["version"].clone()), (json!("SELF_ASSESSMENT"), rec["version"].clone()));
    assert!(now["scores"].as_array().unwrap().iter().all(|s| s["selfScore"].is_null()));
    // The assessee and its county see the record; the county sees the round.
    assert_ok(&app.actor(ZHAISHA_REPORTER).await.gql(reads[2], ids.clone()).await);
}

/// 鹿寨县 takes its round over 寨沙镇 to the end and publishes it. Its reviewer (and the city
/// above) read the ranking and download the notice; 融水 finds neither the round nor its ranking,
/// in the API or as a file, though it knows the round's id.
#[tokio::test]
async fn a_published_county_round_stays_out_of_a_siblings_sight() {
    let app = spawn_app().await;
    let round = open_luzhai_round(&app).await;
    let done = publish_with(&app, &round, &["10", "20", "60", "4", "0"]).await;
    assert_eq!(done[0].1["totalScore"], "94");
    for who in [LUZHAI_REVIEWER, CITY_REVIEWER] {
        let reader = app.actor(who).await;
        let res = reader.gql(RESULTS, json!({ "r": round.id })).await;
        assert_ok(&res);
        let expected = api_rows(&res["data"]["assessmentResults"]);
        assert_eq!(expected, [["1", "寨沙镇", ZHAISHA, "30", "60", "90", "4", "94", "优秀"]]);
        let xlsx = notice(&app, &reader, &round.id, "notice.xlsx").await;
        assert_eq!(xlsx.status().as_u16(), 200, "{who}");
        assert_eq!(xlsx_rows(&xlsx.bytes().await.unwrap())[1..], expected[..]);
        let csv = notice(&app, &reader, &round.id, "notice.csv").await;
        assert_eq!(csv.status().as_u16(), 200, "{who}");
        assert_eq!(csv_rows(csv).await[1..], expected[..]);
    }
    for who in [RONGSHUI_ADMIN, RONGSHUI_REVIEWER] {
        let sibling = app.actor(who).await;
        assert_code(&sibling.gql(RESULTS, json!({ "r": round.id })).await, "NOT_FOUND");
        let body =
            sibling.gql("query($r: ID!) { assessmentRound(id: $r) { id status } }", json!({ "r": round.id })).await;
        assert_code(&body, "NOT_FOUND");
        for file in ["notice.xlsx", "notice.csv"] {
            let resp = notice(&app, &sibling, &round.id, file).await;
            assert_eq!(resp.status().as_u16(), 404, "{who} downloads {file}");
            let body: Value = resp.json().await.unwrap();
            assert_code(&body, "NOT_FOUND");
        }
    }
}

/// Within one city round, a county sees its own record only.
#[tokio::test]
async fn assessees_see_their_own_record_only() {
    let app = spawn_app().await;
    let round = open_city_round(&app, "FIELD_OVERRIDES_DESK", 5).await;
    let sanjiang = app.actor("sanjiang.reporter").await;
    let rongshui_rec = round.record(RONGSHUI);
    assert_code(&get_record(&sanjiang, &rongshui_rec["id"]).await, "NOT_FOUND");
    let body = scored(&sanjiang, "saveSelfAssessment", &rongshui_rec, scores(&round.criteria, &["1"])).await;
    assert_code(&body, "NOT_FOUND");
    let listed = sanjiang
        .gql("query($r: ID!) { assessmentRound(id: $r) { records(first: 10) { totalCount edges { node { assesseeTenant { code } } } } } }", json!({ "r": round.id }))
        .await;
    let recs = &listed["data"]["assessmentRound"]["records"];
    assert_eq!(recs["totalCount"], 1, "{listed}");
    assert_eq!(recs["edges"][0]["node"]["assesseeTenant"]["code"], SANJIANG);
}

/// 融水's results are fed back; 三江, assessed in the same round, can neither accept them nor
/// object to them. 融水's record stays as it was, and 融水 itself then accepts.
#[tokio::test]
async fn an_assessee_cannot_answer_a_fellow_assessees_feedback() {
    let app = spawn_app().await;
    let round = open_city_round(&app, "FIELD_OVERRIDES_DESK", 5).await;
    let rec = to_combined(&app, &round, RONGSHUI, &["8", "18", "60", "0", "0"], &[]).await;
    let reviewer = app.actor(CITY_REVIEWER).await;
    let rec = ok(plain(&reviewer, "sendAssessmentFeedback", &rec).await, "sendAssessmentFeedback");
    assert_eq!(rec["status"], "FEEDBACK");
    let sanjiang = app.actor("sanjiang.reporter").await;
    assert_code(&plain(&sanjiang, "acceptAssessment", &rec).await, "NOT_FOUND");
    assert_code(&recheck(&sanjiang, &rec, "融水的分数偏高").await, "NOT_FOUND");

    let rongshui = app.actor("rongshui.reporter").await;
    let now = get_record(&rongshui, &rec["id"]).await["data"]["assessmentRecord"].clone();
    assert_eq!(
        (&now["status"], &now["version"], &now["objection"]),
        (&json!("FEEDBACK"), &rec["version"], &Value::Null)
    );
    assert_eq!(now["timeline"].as_array().unwrap().len(), 7, "OPEN and six steps to FEEDBACK: {now}");
    let rec = ok(plain(&rongshui, "acceptAssessment", &now).await, "acceptAssessment");
    assert_eq!(rec["status"], "ACCEPTED");
}
