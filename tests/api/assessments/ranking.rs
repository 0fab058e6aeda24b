//! The published ranking (通报): the tie rule, a published round's finality, the notice export.

use super::*;

#[tokio::test]
async fn the_ranking_breaks_ties_by_base_then_desk_total_then_code() {
    let app = spawn_app().await;
    let round = open_city_round(&app, "FIELD_OVERRIDES_DESK", 5).await;
    let reviewer = app.actor(CITY_REVIEWER).await;
    // 融安: 80 + bonus 5 = 85. 融水 and 三江: 85 + 0, same desk total: equal on every score.
    let a = to_combined(&app, &round, RONGAN, &["10", "10", "60", "4", "1"], &[]).await;
    let b = to_combined(&app, &round, RONGSHUI, &["10", "15", "60", "0", "0"], &[]).await;
    let c = to_combined(&app, &round, SANJIANG, &["10", "20", "60", "0", "0"], &["", "15"]).await;
    assert_eq!(
        (a["totalScore"].as_str(), b["totalScore"].as_str(), c["totalScore"].as_str()),
        (Some("85"), Some("85"), Some("85"))
    );
    // No ranking before publication.
    assert_code(&reviewer.gql(RESULTS, json!({ "r": round.id })).await, "CONFLICT");
    for (code, rec) in [(RONGAN, a), (RONGSHUI, b), (SANJIANG, c)] {
        finish(&app, &round, code, rec).await;
    }
    let published = reviewer.gql(PUBLISH, json!({ "id": round.id, "v": round.version })).await;
    assert_eq!(published["data"]["publishAssessmentRound"]["status"], "PUBLISHED", "{published}");

    let res = reviewer.gql(RESULTS, json!({ "r": round.id })).await;
    let rows = res["data"]["assessmentResults"].as_array().unwrap();
    let order: Vec<(&str, i64)> =
        rows.iter().map(|r| (r["code"].as_str().unwrap(), r["rank"].as_i64().unwrap())).collect();
    // 融水 and 三江 beat 融安 on base (85 > 80); 三江's desk total (90) beats 融水's (85).
    assert_eq!(order, [(SANJIANG, 1), (RONGSHUI, 2), (RONGAN, 3)]);
    assert_eq!(rows[0]["deskTotal"], "90");
    assert_eq!(rows[2]["bonus"], "5");
    assert_eq!(rows[0]["gradeLabel"], "良好");
    assert_eq!(
        rows[0]["aspects"],
        json!([{ "aspect": "组织领导", "score": "25" }, { "aspect": "创建成效", "score": "60" }])
    );
    // Published records no longer change; the assessee does not read the ranking.
    assert_code(&app.actor("rongan.reporter").await.gql(RESULTS, json!({ "r": round.id })).await, "NOT_FOUND");
}

#[tokio::test]
async fn a_full_tie_shares_the_rank_and_is_ordered_by_division_code() {
    let app = spawn_app().await;
    let round = open_city_round(&app, "FIELD_OVERRIDES_DESK", 5).await;
    publish_with(&app, &round, &["10", "20", "40", "0", "0"]).await;
    let reviewer = app.actor(CITY_REVIEWER).await;
    let res = reviewer.gql(RESULTS, json!({ "r": round.id })).await;
    let order: Vec<(&str, i64, &str)> = res["data"]["assessmentResults"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["code"].as_str().unwrap(), r["rank"].as_i64().unwrap(), r["grade"].as_str().unwrap()))
        .collect();
    assert_eq!(order, [(RONGAN, 1, "PASS"), (RONGSHUI, 1, "PASS"), (SANJIANG, 1, "PASS")]);
}

/// Once the round is published its records are the notice: no step moves one any more, whoever
/// tries and at the record's current version; the round is not published twice.
#[tokio::test]
async fn a_published_round_takes_no_further_step() {
    let app = spawn_app().await;
    let round = open_city_round(&app, "FIELD_OVERRIDES_DESK", 5).await;
    let done = publish_with(&app, &round, &["10", "20", "60", "0", "0"]).await;
    let rec = done.iter().find(|(code, _)| code == RONGAN).unwrap().1.clone();
    assert_eq!((rec["status"].as_str(), rec["totalScore"].as_str()), (Some("FINAL"), Some("90")));
    let reviewer = app.actor(CITY_REVIEWER).await;
    let reporter = app.actor("rongan.reporter").await;
    let inspector = app.actor(INSPECTOR).await;
    #[track_caller]
    fn refused(body: &Value) {
        assert_code(body, "CONFLICT");
        assert!(body["errors"][0]["message"].as_str().unwrap().contains("published"), "{body}");
    }
    let full = scores(&round.criteria, &["10", "20", "70", "4", "3"]);
    refused(&plain(&reviewer, "finalizeAssessment", &rec).await);
    refused(&scored(&reviewer, "verifyAssessmentDesk", &rec, full.clone()).await);
    refused(&scored(&reporter, "saveSelfAssessment", &rec, full.clone()).await);
    refused(&scored(&inspector, "verifyAssessmentField", &rec, full.clone()).await);
    for op in ["prefillSelfAssessment", "submitSelfAssessment", "acceptAssessment"] {
        refused(&plain(&reporter, op, &rec).await);
    }
    for op in ["combineAssessment", "sendAssessmentFeedback"] {
        refused(&plain(&reviewer, op, &rec).await);
    }
    refused(&recheck(&reporter, &rec, "分数偏低").await);
    refused(&resolve(&reviewer, &rec, "改分", full).await);
    refused(&reviewer.gql(PUBLISH, json!({ "id": round.id, "v": round.version + 1 })).await);

    let now = get_record(&reviewer, &rec["id"]).await["data"]["assessmentRecord"].clone();
    assert_eq!(
        (&now["status"], &now["version"], &now["totalScore"]),
        (&rec["status"], &rec["version"], &rec["totalScore"])
    );
    assert_eq!(finals(&now), finals(&rec));
    assert_eq!(now["timeline"].as_array().unwrap().len(), 9, "OPEN and the eight steps to FINAL only: {now}");
    let res = reviewer.gql(RESULTS, json!({ "r": round.id })).await;
    assert!(res["data"]["assessmentResults"].as_array().unwrap().iter().all(|r| r["total"] == "90"), "{res}");
}

#[tokio::test]
async fn the_demo_notice_exports_as_xlsx_and_csv_with_the_api_ranking() {
    let app = spawn_app().await;
    let reviewer = app.actor(CITY_REVIEWER).await;
    let rounds = reviewer
        .gql("{ assessmentRounds(first: 10) { edges { node { id year status records(first: 20) { edges { node { status } } } } } } }", json!({}))
        .await;
    let rounds = rounds["data"]["assessmentRounds"]["edges"].as_array().unwrap().clone();
    let find = |y: i64| rounds.iter().find(|r| r["node"]["year"] == y).unwrap()["node"].clone();
    let (r2018, r2019) = (find(2018), find(2019));
    assert_eq!(r2018["status"], "PUBLISHED");
    assert_eq!(r2019["status"], "OPEN");
    let mut states: Vec<&str> =
        r2019["records"]["edges"].as_array().unwrap().iter().map(|e| e["node"]["status"].as_str().unwrap()).collect();
    states.sort_unstable();
    states.dedup();
    assert_eq!(states.len(), 9, "the 2019 demo round has a record in every state: {states:?}");

    let res = reviewer.gql(RESULTS, json!({ "r": r2018["id"] })).await;
    let expected = api_rows(&res["data"]["assessmentResults"]);
    assert_eq!(expected.len(), 10);

    let url = |r: &Value, f: &str| app.url(&format!("/exports/assessment-rounds/{}/{f}", r["id"].as_str().unwrap()));
    let resp = app.client.get(url(&r2018, "notice.xlsx")).bearer_auth(&reviewer.access).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert!(resp.headers()["content-type"].to_str().unwrap().contains("spreadsheetml"));
    // Named in Chinese by RFC 6266 (…-通报.xlsx), with an ASCII fallback.
    let disposition = resp.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert!(
        disposition.contains("filename=\"assessment-round-") && disposition.ends_with("-%E9%80%9A%E6%8A%A5.xlsx"),
        "{disposition}"
    );
    let rows = xlsx_rows(&resp.bytes().await.unwrap());
    assert_eq!(rows[0][..3], ["名次", "被考评单位", "代码"]);
    assert_eq!(rows[1..], expected[..]);

    let resp = app.client.get(url(&r2018, "notice.csv")).bearer_auth(&reviewer.access).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let csv = csv_rows(resp).await;
    assert_eq!(csv[0], rows[0]);
    assert_eq!(csv[1..], expected[..]);

    // Authorised like the API.
    let anon = app.client.get(url(&r2018, "notice.xlsx")).send().await.unwrap();
    assert_eq!(anon.status().as_u16(), 401);
    let body: Value = anon.json().await.unwrap();
    assert_code(&body, "UNAUTHENTICATED");
    let bad = app.client.get(url(&r2018, "notice.csv")).bearer_auth("not-a-token").send().await.unwrap();
    assert_eq!(bad.status().as_u16(), 401);
    let county = app.actor("rongshui.reporter").await;
    let resp = app.client.get(url(&r2018, "notice.csv")).bearer_auth(&county.access).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 404);
    let body: Value = resp.json().await.unwrap();
    assert_code(&body, "NOT_FOUND");
    let resp = app.client.get(url(&r2019, "notice.xlsx")).bearer_auth(&reviewer.access).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 409, "not published");
}
