//! Idempotency keys that never lose a figure: a key answers only the request it first answered,
//! concurrent retries get one answer, and keys expire.

use serde_json::json;

use crate::helpers::*;

const REPORT: &str =
    "mutation($i: ReportInput!, $k: String) { report(input: $i, idempotencyKey: $k) { id value version } }";
const BATCH: &str = "mutation($r: [ReportInput!]!, $k: String) { reportBatch(reports: $r, idempotencyKey: $k) { id } }";
const HISTORY: &str = "query($p: String!) { reports(filter: {period: $p, includeHistory: true}) { totalCount edges { node { value isCurrent } } } }";

#[tokio::test]
async fn a_key_answers_only_the_request_it_first_answered() {
    let app = spawn_app().await;
    let reporter = app.actor(ANTAI_REPORTER).await;
    let leaflets = indicator(&reporter, "PUB_LEAFLETS").await;
    let banners = indicator(&reporter, "PUB_BANNERS").await;
    let first = json!({ "indicatorId": leaflets, "period": "2021-04", "value": "33" });
    let answer = reporter.gql(REPORT, json!({ "i": first, "k": "k-1" })).await;
    assert_ok(&answer);
    // The same request again, and with the value written another way: the first answer.
    assert_eq!(reporter.gql(REPORT, json!({ "i": first, "k": "k-1" })).await, answer);
    let same = json!({ "indicatorId": leaflets, "period": "2021-04", "value": "33.0" });
    assert_eq!(reporter.gql(REPORT, json!({ "i": same, "k": "k-1" })).await, answer);

    // Another value, another indicator, or the batch mutation under the same key: CONFLICT.
    let other_value = json!({ "indicatorId": leaflets, "period": "2021-04", "value": "34" });
    let other_indicator = json!({ "indicatorId": banners, "period": "2021-04", "value": "33" });
    for body in [
        reporter.gql(REPORT, json!({ "i": other_value, "k": "k-1" })).await,
        reporter.gql(REPORT, json!({ "i": other_indicator, "k": "k-1" })).await,
        reporter.gql(BATCH, json!({ "r": [first], "k": "k-1" })).await,
    ] {
        assert_code(&body, "CONFLICT");
        assert_eq!(body["errors"][0]["extensions"]["field"], "idempotencyKey");
        assert!(body["errors"][0]["message"].as_str().unwrap().contains("k-1"), "{body}");
    }
    // A key first used by a batch does not answer a single report either.
    assert_ok(&reporter.gql(BATCH, json!({ "r": [other_indicator], "k": "k-2" })).await);
    assert_code(&reporter.gql(REPORT, json!({ "i": other_indicator, "k": "k-2" })).await, "CONFLICT");

    // Nothing of the refused requests was written.
    let history = reporter.gql(HISTORY, json!({ "p": "2021-04" })).await;
    assert_eq!(history["data"]["reports"]["totalCount"], 2, "{history}");
    // Another user's identical key is another key.
    let other = app.actor("rpt.450225203").await;
    let theirs = other.gql(REPORT, json!({ "i": other_value, "k": "k-1" })).await;
    assert_ok(&theirs);
}

#[tokio::test]
async fn concurrent_retries_get_one_answer_and_write_once() {
    let app = spawn_app().await;
    let reporter = app.actor(ANTAI_REPORTER).await;
    let leaflets = indicator(&reporter, "PUB_LEAFLETS").await;
    let line = json!({ "indicatorId": leaflets, "period": "2021-03", "value": "21" });
    let retries = (0..10).map(|_| reporter.gql(REPORT, json!({ "i": line, "k": "phone-retry" })));
    let answers = futures_util::future::join_all(retries).await;
    for a in &answers {
        assert_ok(a);
        assert_eq!(a, &answers[0]);
    }
    let history = reporter.gql(HISTORY, json!({ "p": "2021-03" })).await;
    assert_eq!(history["data"]["reports"]["totalCount"], 1, "{history}");
}

#[tokio::test]
async fn an_expired_key_starts_over() {
    let app = spawn_app_with(&[("SHILIU__IDEMPOTENCY__TTL_SECS", "1")]).await;
    let reporter = app.actor(ANTAI_REPORTER).await;
    let leaflets = indicator(&reporter, "PUB_LEAFLETS").await;
    let line = |v: &str| json!({ "indicatorId": leaflets, "period": "2021-02", "value": v });
    assert_ok(&reporter.gql(REPORT, json!({ "i": line("5"), "k": "old-key" })).await);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let again = reporter.gql(REPORT, json!({ "i": line("6"), "k": "old-key" })).await;
    assert_ok(&again);
    assert_eq!(again["data"]["report"]["value"], "6");
    assert_eq!(again["data"]["report"]["version"], 2);
}

#[tokio::test]
async fn the_server_removes_expired_keys() {
    let settings = test_settings(&[("SHILIU__IDEMPOTENCY__TTL_SECS", "1")]).await;
    let state = shiliu::startup::build_state(settings).await.expect("state");
    shiliu::cli::demo::load(&state).await.expect("demo data");
    let server = shiliu::startup::Application::serve(state.clone()).expect("server");
    let app = TestApp::new(format!("http://127.0.0.1:{}", server.port()));
    tokio::spawn(server.run_until_stopped());
    let reporter = app.actor(ANTAI_REPORTER).await;
    let leaflets = indicator(&reporter, "PUB_LEAFLETS").await;
    for (k, p) in [("a", "2021-01"), ("b", "2021-02")] {
        let line = json!({ "indicatorId": leaflets, "period": p, "value": "1" });
        assert_ok(&reporter.gql(REPORT, json!({ "i": line, "k": k })).await);
    }
    assert_eq!(shiliu::service::idempotency::sweep(&state).await.unwrap(), 0, "nothing has expired yet");
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(shiliu::service::idempotency::sweep(&state).await.unwrap(), 2);
}
