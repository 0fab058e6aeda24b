//! Reporting figures: the seed figures, corrections as versions, batches all-or-nothing and
//! per granularity, idempotent retries, who may report what, the batch size limit.

use super::*;

#[tokio::test]
async fn the_demo_answers_the_seed_figures() {
    let app = spawn_app().await;
    let leader = app.actor(CITY_VIEWER).await;
    let fund = indicator(&leader, "FUND_POVERTY").await;
    let r = rollup(&leader, None, "2019", &fund).await;
    assert_eq!(r["actual"], "47371");
    assert_eq!(r["target"], "47371");
    assert_eq!(r["completion"], "1");
    let three: Decimal = ["450224", "450225", "450226"].iter().map(|c| d(&child(&r, c)["actual"])).sum();
    assert_eq!(three, Decimal::from(38200), "3.82亿 = 38,200 万元");
    assert_eq!((three / d(&r["actual"])).round_dp(4).to_string(), "0.8064");
    assert_eq!(child(&r, "450225")["share"], "0.316649", "15,000 / 47,371");
    // The shares the API gives add up to the seed's 80.64%.
    let shares: Decimal = ["450224", "450225", "450226"].iter().map(|c| d(&child(&r, c)["share"])).sum();
    assert_eq!((shares * Decimal::from(100)).round_dp(2).to_string(), "80.64");

    let agri = indicator(&leader, "FUND_AGRI").await;
    assert_eq!(rollup(&leader, None, "2019", &agri).await["actual"], "123100", "12.31亿 = 123,100 万元");
    let activities = indicator(&leader, "PUB_ACTIVITIES").await;
    let sanjiang = app.tenant_id("450226").await;
    assert_eq!(rollup(&leader, Some(&sanjiang), "2019", &activities).await["actual"], "800");
    let households = indicator(&leader, "POV_HOUSEHOLDS").await;
    let zhaisha = app.tenant_id("450223102").await;
    assert_eq!(rollup(&leader, Some(&zhaisha), "2019", &households).await["actual"], "24");
    // Synthetic monthly figures roll into quarters and the year.
    let year = d(&rollup(&leader, None, "2020", &activities).await["actual"]);
    let quarters: Decimal = futures_sum(&leader, &activities, &["2020-Q1", "2020-Q2", "2020-Q3", "2020-Q4"]).await;
    assert!(year > Decimal::ZERO);
    assert_eq!(year, quarters);
}

async fn futures_sum(actor: &Actor<'_>, ind: &str, periods: &[&str]) -> Decimal {
    let mut total = Decimal::ZERO;
    for p in periods {
        total += d(&rollup(actor, None, p, ind).await["actual"]);
    }
    total
}

#[tokio::test]
async fn corrections_are_new_versions_and_move_the_rollup() {
    let app = spawn_app().await;
    let reporter = app.actor(ANTAI_REPORTER).await;
    let leaflets = indicator(&reporter, "PUB_LEAFLETS").await;
    let first =
        reporter.gql(REPORT, json!({ "i": { "indicatorId": leaflets, "period": "2021-03", "value": "120" } })).await;
    assert_eq!(first["data"]["report"]["version"], 1);
    // Read (and cache) the roll-up, then correct: the next read must show the correction.
    let county = app.actor(RONGSHUI_ADMIN).await;
    assert_eq!(rollup(&county, None, "2021", &leaflets).await["actual"], "120");
    let second =
        reporter.gql(REPORT, json!({ "i": { "indicatorId": leaflets, "period": "2021-03", "value": "150" } })).await;
    assert_eq!(second["data"]["report"]["version"], 2);
    let history = reporter
        .gql("query($i: ID!) { reports(filter: {indicatorId: $i, period: \"2021-03\", includeHistory: true}) { edges { node { value version isCurrent } } } }", json!({ "i": leaflets }))
        .await;
    let versions: Vec<(String, bool)> = history["data"]["reports"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["node"]["value"].as_str().unwrap().to_owned(), e["node"]["isCurrent"].as_bool().unwrap()))
        .collect();
    assert_eq!(versions, [("120".to_owned(), false), ("150".to_owned(), true)]);
    for period in ["2021-03", "2021-Q1", "2021"] {
        let r = rollup(&county, None, period, &leaflets).await;
        assert_eq!(r["actual"], "150", "{period}");
        assert_eq!(r["subjects"], 1);
    }
    // A different granularity in the same year is refused.
    let body = reporter.gql(REPORT, json!({ "i": { "indicatorId": leaflets, "period": "2021", "value": "1" } })).await;
    assert_code(&body, "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "period");
}

#[tokio::test]
async fn a_batch_is_all_or_nothing_and_names_the_bad_line() {
    let app = spawn_app().await;
    let reporter = app.actor(ANTAI_REPORTER).await;
    let leaflets = indicator(&reporter, "PUB_LEAFLETS").await;
    let rate = indicator(&reporter, "POV_RATE").await;
    let lines = json!([
        { "indicatorId": leaflets, "period": "2021-01", "value": "10" },
        { "indicatorId": leaflets, "period": "2021-02", "value": "20" },
        { "indicatorId": rate, "period": "2021", "value": "120" },
    ]);
    let body = reporter.gql(BATCH, json!({ "r": lines })).await;
    assert_code(&body, "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "reports[2].value");
    let county = app.actor(RONGSHUI_ADMIN).await;
    assert_eq!(rollup(&county, None, "2021", &leaflets).await["actual"], Value::Null, "half a batch was written");
    let count = reporter.gql("{ reports(filter: {period: \"2021-01\"}) { totalCount } }", json!({})).await;
    assert_eq!(count["data"]["reports"]["totalCount"], 0);
}

#[tokio::test]
async fn a_batch_keeps_one_granularity_per_year_and_audits_every_line() {
    let app = spawn_app().await;
    let reporter = app.actor(ANTAI_REPORTER).await;
    let leaflets = indicator(&reporter, "PUB_LEAFLETS").await;
    // A month and the whole year of the same figure in one batch: refused, nothing written.
    let mixed = json!([
        { "indicatorId": leaflets, "period": "2021-04", "value": "5" },
        { "indicatorId": leaflets, "period": "2021", "value": "7" },
    ]);
    let body = reporter.gql(BATCH, json!({ "r": mixed })).await;
    assert_code(&body, "BAD_USER_INPUT");
    let field = body["errors"][0]["extensions"]["field"].as_str().unwrap();
    assert!(field == "reports[0].period" || field == "reports[1].period", "{field}");
    let count = reporter.gql("{ reports(filter: {period: \"2021-04\"}) { totalCount } }", json!({})).await;
    assert_eq!(count["data"]["reports"]["totalCount"], 0);

    // Two new figures, then a batch correcting one and adding a third: an audit row per line,
    // each correction naming the figure it replaced.
    let first = json!([
        { "indicatorId": leaflets, "period": "2021-04", "value": "5" },
        { "indicatorId": leaflets, "period": "2021-05", "value": "6" },
    ]);
    assert_ok(&reporter.gql(BATCH, json!({ "r": first })).await);
    let second = json!([
        { "indicatorId": leaflets, "period": "2021-05", "value": "9" },
        { "indicatorId": leaflets, "period": "2021-06", "value": "4" },
    ]);
    let body = reporter.gql(BATCH, json!({ "r": second })).await;
    let saved = body["data"]["reportBatch"].as_array().unwrap();
    assert_eq!((saved[0]["value"].as_str(), saved[0]["version"].as_i64()), (Some("9"), Some(2)));
    assert_eq!((saved[1]["value"].as_str(), saved[1]["version"].as_i64()), (Some("4"), Some(1)));
    let county = app.actor(RONGSHUI_ADMIN).await;
    let audit = "query($a: String!) { auditLog(first: 100, filter: {action: $a, entityType: \"report\"}) { edges { node { entityId before after } } } }";
    let corrections = county.gql(audit, json!({ "a": "report.correct" })).await;
    let corrections = corrections["data"]["auditLog"]["edges"].as_array().unwrap().clone();
    let mine: Vec<&Value> =
        corrections.iter().filter(|e| e["node"]["entityId"].as_str() == saved[0]["id"].as_str()).collect();
    assert_eq!(mine.len(), 1, "{corrections:?}");
    assert_eq!(mine[0]["node"]["before"]["version"], 1);
    assert_eq!(mine[0]["node"]["after"]["version"], 2);
    let creations = county.gql(audit, json!({ "a": "report.create" })).await;
    let created: Vec<String> = creations["data"]["auditLog"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["entityId"].as_str().unwrap().to_owned())
        .collect();
    assert!(created.contains(&saved[1]["id"].as_str().unwrap().to_owned()), "{created:?}");
    for period in ["2021-Q2", "2021"] {
        assert_eq!(rollup(&county, None, period, &leaflets).await["actual"], "18", "{period}");
    }
}

#[tokio::test]
async fn a_retry_with_the_same_key_returns_the_first_result() {
    let app = spawn_app().await;
    let reporter = app.actor(ANTAI_REPORTER).await;
    let leaflets = indicator(&reporter, "PUB_LEAFLETS").await;
    let vars = json!({ "i": { "indicatorId": leaflets, "period": "2021-05", "value": "33" }, "k": "phone-7f3a-0001" });
    let first = reporter.gql(REPORT, vars.clone()).await;
    let again = reporter.gql(REPORT, vars).await;
    assert_eq!(first, again);
    // A changed body under the same key is another request: CONFLICT naming the key, and the
    // figure stays as first sent.
    let changed =
        json!({ "i": { "indicatorId": leaflets, "period": "2021-05", "value": "99" }, "k": "phone-7f3a-0001" });
    let body = reporter.gql(REPORT, changed).await;
    assert_code(&body, "CONFLICT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "idempotencyKey", "{body}");
    let county = app.actor(RONGSHUI_ADMIN).await;
    assert_eq!(rollup(&county, None, "2021-05", &leaflets).await["actual"], "33");
    let history = reporter
        .gql("{ reports(filter: {period: \"2021-05\", includeHistory: true}) { totalCount } }", json!({}))
        .await;
    assert_eq!(history["data"]["reports"]["totalCount"], 1);
}

#[tokio::test]
async fn who_may_report_what() {
    let app = spawn_app().await;
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let leaflets = indicator(&reporter, "PUB_LEAFLETS").await;
    // Not a reporter.
    let viewer = app.actor("zhaisha.viewer").await;
    assert_code(
        &viewer.gql(REPORT, json!({ "i": { "indicatorId": leaflets, "period": "2021", "value": "1" } })).await,
        "FORBIDDEN",
    );
    // A sibling's unit is invisible.
    let anta = app.actor(ANTAI_REPORTER).await;
    let units = anta.gql("{ units { edges { node { id } } } }", json!({})).await;
    let their_unit = units["data"]["units"]["edges"][0]["node"]["id"].clone();
    let body = reporter
        .gql(REPORT, json!({ "i": { "unitId": their_unit, "indicatorId": leaflets, "period": "2021", "value": "1" } }))
        .await;
    assert_code(&body, "NOT_FOUND");
    // A county reporter cannot report a township's unit (each level reports its own).
    let county = app.actor("rongshui.reporter").await;
    let body = county
        .gql(REPORT, json!({ "i": { "unitId": their_unit, "indicatorId": leaflets, "period": "2021", "value": "1" } }))
        .await;
    assert_code(&body, "FORBIDDEN");
    // Values follow the indicator's type.
    let body =
        reporter.gql(REPORT, json!({ "i": { "indicatorId": leaflets, "period": "2021", "value": "1.5" } })).await;
    assert_eq!(body["errors"][0]["extensions"]["field"], "value");
}

#[tokio::test]
async fn a_full_batch_of_1000_figures_with_notes_is_accepted_and_1001_are_refused() {
    let app = spawn_app().await;
    let city = app.actor(CITY_ADMIN).await;
    let banners = indicator(&city, "PUB_BANNERS").await;
    let reporter = app.actor("rpt.450223100").await;
    // A realistic line (figure, period, a short note) is over 100 bytes, so a full batch is
    // larger than a small body limit would allow.
    let line = |i: usize| {
        json!({
            "indicatorId": banners,
            "period": format!("2024-{:02}", i % 12 + 1),
            "value": (i % 50).to_string(),
            "note": format!("第{i}条：乡镇宣传栏更新情况，附现场照片"),
        })
    };
    let full: Vec<Value> = (0..1000).map(line).collect();
    assert!(json!({ "r": full }).to_string().len() > 100_000);
    let body = reporter.gql(BATCH, json!({ "r": full })).await;
    assert_ok(&body);
    assert_eq!(body["data"]["reportBatch"].as_array().unwrap().len(), 1000);

    let over: Vec<Value> = (0..1001).map(line).collect();
    let body = reporter.gql(BATCH, json!({ "r": over })).await;
    assert_code(&body, "BAD_USER_INPUT");
    assert_rollups_match_recomputation(&app, &banners, &["2024-01", "2024-Q4", "2024"]).await;
}

#[tokio::test]
async fn a_report_names_its_indicator_tenant_and_unit_at_a_fixed_cost() {
    let app = spawn_app().await;
    let leader = app.actor(CITY_VIEWER).await;
    const IDS: &str =
        "{ reports(first: 100, filter: {period: \"2019\"}) { edges { node { indicatorId tenantId unitId } } } }";
    const NAMED: &str = "{ reports(first: 100, filter: {period: \"2019\"}) { edges { node { indicatorId indicator { id code measureUnit } tenantId tenant { id code } unitId unit { id name } } } } }";
    let cost = async |query: &str| {
        let before = sql_statements(&app).await;
        let body = leader.gql(query, json!({})).await;
        assert_ok(&body);
        (sql_statements(&app).await - before, body)
    };
    let (bare, _) = cost(IDS).await;
    let (named, body) = cost(NAMED).await;
    let nodes = edges(&body["data"]["reports"]);
    assert!(nodes.len() > 3, "the demo has more than three figures for 2019: {body}");
    assert!(nodes.iter().any(|n| !n["unitId"].is_null()), "a unit's figure among them: {body}");
    assert!(
        named <= bare + 3,
        "one statement each for the page's indicators, tenants and units, not one per report: {bare} -> {named}"
    );
    for n in &nodes {
        assert_eq!(n["indicator"]["id"], n["indicatorId"], "{n}");
        assert_eq!(n["tenant"]["id"], n["tenantId"], "{n}");
        if n["unitId"].is_null() {
            assert!(n["unit"].is_null(), "{n}");
        } else {
            assert_eq!(n["unit"]["id"], n["unitId"], "{n}");
        }
    }
    let fund = indicator(&leader, "FUND_POVERTY").await;
    let named = nodes.iter().find(|n| n["indicatorId"] == fund.as_str()).expect("a FUND_POVERTY figure for 2019");
    assert_eq!(named["indicator"]["code"], "FUND_POVERTY");
    assert_eq!(named["indicator"]["measureUnit"], "万元");
}
