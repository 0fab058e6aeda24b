//! Exactly one wins: creates that must be unique, and a submission racing the reports it locks,
//! with many requests at once (on PostgreSQL these really run in parallel; on SQLite writers
//! queue).

use serde_json::{Value, json};

use crate::helpers::*;
use crate::units::applications::CREATE_APP;
use crate::units::registration::create_unit;

#[tokio::test]
async fn of_twenty_simultaneous_applications_for_one_unit_exactly_one_is_created() {
    let app = spawn_app().await;
    let zhaisha = app.tenant_id("450223102").await;
    let mut reporters = Vec::new();
    for _ in 0..4 {
        reporters.push(app.actor(ZHAISHA_REPORTER).await);
    }
    let unit = create_unit(&reporters[0], &zhaisha, "并发测试村", "COMMUNITY").await;
    let vars = json!({ "u": unit["id"], "k": "DEMONSTRATION_UNIT", "l": "CITY" });
    let attempts = (0..20).map(|i| reporters[i % 4].gql(CREATE_APP, vars.clone()));
    let answers = futures_util::future::join_all(attempts).await;
    let created: Vec<&Value> = answers.iter().filter(|a| a.get("errors").is_none()).collect();
    assert_eq!(created.len(), 1, "{answers:?}");
    for a in answers.iter().filter(|a| a.get("errors").is_some()) {
        assert_code(a, "CONFLICT");
    }
    let listed = reporters[0]
        .gql("query($u: ID!) { applications(filter: {unitId: $u}) { totalCount } }", json!({ "u": unit["id"] }))
        .await;
    assert_eq!(listed["data"]["applications"]["totalCount"], 1, "{listed}");
}

const REPORT: &str = "mutation($i: ReportInput!) { report(input: $i) { id } }";
const SUBMIT: &str = "mutation($p: String!) { submitPeriod(period: $p) { id status } }";
const HISTORY: &str =
    "query($p: String!) { reports(filter: {period: $p, includeHistory: true}, first: 100) { totalCount } }";

/// A submission and ten reports of the same period at once: every report that gets in is in the
/// submission (present when it answers), every other one is refused as locked.
#[tokio::test]
async fn a_submission_racing_ten_reports_locks_exactly_what_it_holds() {
    let app = spawn_app().await;
    let mut reporters = Vec::new();
    for _ in 0..4 {
        reporters.push(app.actor(ZHAISHA_REPORTER).await);
    }
    let indicators = ["PUB_ACTIVITIES", "PUB_LEAFLETS", "PUB_BANNERS", "PUB_BLACKBOARDS"];
    let mut ids = Vec::new();
    for code in indicators {
        ids.push(indicator(&reporters[0], code).await);
    }
    for (trial, period) in ["2021-07", "2021-08", "2021-09"].into_iter().enumerate() {
        let reports = (0..10).map(|i| {
            let line = json!({ "indicatorId": ids[i % 4], "period": period, "value": format!("{}", 10 + i) });
            let r = &reporters[i % 4];
            async move { r.gql(REPORT, json!({ "i": line })).await }
        });
        let submitter = &reporters[trial % 4];
        let submit = async {
            // Let some reports start first.
            tokio::time::sleep(std::time::Duration::from_millis(3 * trial as u64)).await;
            let answer = submitter.gql(SUBMIT, json!({ "p": period })).await;
            let seen = submitter.gql(HISTORY, json!({ "p": period })).await;
            (answer, seen)
        };
        let (answers, (submitted, seen_then)) = tokio::join!(futures_util::future::join_all(reports), submit);
        assert_ok(&submitted);
        let landed = answers.iter().filter(|a| a.get("errors").is_none()).count();
        for a in answers.iter().filter(|a| a.get("errors").is_some()) {
            assert_code(a, "CONFLICT");
        }
        let seen_after = reporters[0].gql(HISTORY, json!({ "p": period })).await;
        assert_eq!(seen_then["data"]["reports"]["totalCount"], landed, "trial {trial}: {seen_then}");
        assert_eq!(seen_after, seen_then, "trial {trial}: a figure got in after the submission");
    }
}
