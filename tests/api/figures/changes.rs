//! Change events: one per committed write, after the commit, on the city's channel (in process,
//! and on Redis when configured); none for a write that failed.

use std::time::Duration;

use serde_json::json;
use shiliu::cli::demo;
use shiliu::startup::{Application, build_state};

use crate::helpers::*;

#[tokio::test]
async fn a_committed_report_publishes_one_event_and_a_refused_one_none() {
    let state = build_state(test_settings(&[]).await).await.expect("state");
    demo::load(&state).await.expect("demo data");
    let mut events = state.changes.subscribe();
    let mut redis_events = match std::env::var("TEST_REDIS_URL") {
        Ok(url) if !url.is_empty() => {
            let client = redis::Client::open(url).unwrap();
            let mut pubsub = client.get_async_pubsub().await.unwrap();
            let city = shiliu::store::unscoped::tenant_by_code(&state.db, "450200").await.unwrap().unwrap();
            let channel = shiliu::service::write::channel_name(&state.settings.redis.key_prefix, Some(city.id));
            pubsub.subscribe(&channel).await.unwrap();
            Some(pubsub)
        }
        _ => None,
    };
    let server = Application::serve(state.clone()).expect("server");
    let app = TestApp::new(format!("http://127.0.0.1:{}", server.port()));
    tokio::spawn(server.run_until_stopped());

    let reporter = app.actor(ZHAISHA_REPORTER).await;
    // Signing in publishes a session event; skip what came before the write.
    while events.try_recv().is_ok() {}
    let leaflets = indicator(&reporter, "PUB_LEAFLETS").await;
    let line = json!({ "indicatorId": leaflets, "period": "2021-06", "value": "8" });
    let body = reporter.gql("mutation($i: ReportInput!) { report(input: $i) { id } }", json!({ "i": line })).await;
    assert_ok(&body);
    let event = tokio::time::timeout(Duration::from_secs(2), events.recv()).await.expect("an event").unwrap();
    let zhaisha: i64 = app.tenant_id("450223102").await.parse().unwrap();
    let city: i64 = app.tenant_id("450200").await.parse().unwrap();
    assert_eq!(event.city.map(|c| c.0), Some(city));
    assert!(event.touched.contains(&shiliu::service::write::Touch::Figures));
    assert!(event.tenants.iter().any(|t| t.0 == zhaisha), "{event:?}");
    if let Some(pubsub) = redis_events.as_mut() {
        use futures_util::StreamExt as _;
        let msg = tokio::time::timeout(Duration::from_secs(2), pubsub.on_message().next()).await.expect("on Redis");
        let payload: serde_json::Value = serde_json::from_str(&msg.unwrap().get_payload::<String>().unwrap()).unwrap();
        assert_eq!(payload["city"], city);
        assert_eq!(payload["touched"], json!(["FIGURES"]));
    }

    // A refused write (a sibling's unit) publishes nothing.
    while events.try_recv().is_ok() {}
    let bad = json!({ "indicatorId": leaflets, "period": "2021-06", "value": "-1", "unitId": "999999" });
    let body = reporter.gql("mutation($i: ReportInput!) { report(input: $i) { id } }", json!({ "i": bad })).await;
    assert!(body.get("errors").is_some(), "{body}");
    assert!(
        tokio::time::timeout(Duration::from_millis(300), events.recv()).await.is_err(),
        "an event for a refused write"
    );
}
