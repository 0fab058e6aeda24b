//! Figures that cannot go wrong: bounded values and sums, periods that must mean something,
//! withdrawals, one meaning of completion, distinct subjects, every bad line at once, and
//! messages that say what to write instead.

use serde_json::{Value, json};

use crate::helpers::*;

const REPORT: &str = "mutation($i: ReportInput!) { report(input: $i) { id value version isCurrent withdrawn period } }";
const BATCH: &str = "mutation($r: [ReportInput!]!) { reportBatch(reports: $r) { id value version } }";
const WITHDRAW: &str = "mutation($id: ID!, $v: Int!, $r: String!) { withdrawReport(id: $id, version: $v, reason: $r) { id value version isCurrent withdrawn note } }";
const ROLLUP: &str = "query($t: ID, $p: String!, $i: [ID!]!) { rollup(tenantId: $t, period: $p, indicatorIds: $i) { indicatorId indicatorCode target targetSource actual completion subjects } }";
const DECOMPOSE: &str = "query($t: ID, $i: ID!, $p: String!) { decomposition(tenantId: $t, indicatorId: $i, period: $p) { ownTarget quotaReceived target targetSource actual completion children { tenant { code } target targetSource quota ownTarget completion } } }";
const SUBMIT: &str = "mutation($p: String!, $v: Int, $w: [WaiverInput!]! = []) { submitPeriod(period: $p, version: $v, waivers: $w) { id version status } }";
const DECIDE: &str = "mutation($id: ID!, $v: Int!, $d: SubmissionDecision!, $r: String) { decideSubmission(id: $id, version: $v, decision: $d, reason: $r) { id version status } }";
const HISTORY: &str = "query($i: ID!, $p: String!) { reports(filter: {indicatorId: $i, period: $p, includeHistory: true}) { edges { node { value version isCurrent withdrawn } } } }";
const CURRENT: &str = "query($i: ID!, $p: String!) { reports(filter: {indicatorId: $i, period: $p}) { totalCount } }";

async fn rollup(actor: &Actor<'_>, tenant: &str, period: &str, ind: &str) -> Value {
    let body = actor.gql(ROLLUP, json!({ "t": tenant, "p": period, "i": [ind] })).await;
    assert_ok(&body);
    body["data"]["rollup"][0].clone()
}

fn line(ind: &str, period: &str, value: &str) -> Value {
    json!({ "indicatorId": ind, "period": period, "value": value })
}

fn message(body: &Value) -> &str {
    body["errors"][0]["message"].as_str().unwrap_or_default()
}

/// The month after this one in China (UTC+8): inside the demo's follow-up campaign, which runs
/// to next year, but not begun.
fn next_month_in_china() -> String {
    use chrono::Datelike;
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    let (y, m) = if today.month() == 12 { (today.year() + 1, 1) } else { (today.year(), today.month() + 1) };
    format!("{y}-{m:02}")
}

#[tokio::test]
async fn values_at_the_bound_add_up_exactly_and_one_over_is_refused_naming_the_line() {
    let app = spawn_app().await;
    let zhaisha = app.actor(ZHAISHA_REPORTER).await;
    let anta = app.actor(ANTAI_REPORTER).await;
    let city = app.actor(CITY_ADMIN).await;
    let city_id = app.tenant_id("450200").await;
    let leaflets = indicator(&zhaisha, "PUB_LEAFLETS").await;
    // The value that overflowed the aggregate before (each under the old cap) is out of bounds.
    let body = zhaisha.gql(REPORT, json!({ "i": line(&leaflets, "2021-04", "922337203685477") })).await;
    assert_code(&body, "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "value");
    assert!(message(&body).contains("100000000"), "{body}");
    let over = zhaisha.gql(REPORT, json!({ "i": line(&leaflets, "2021-04", "100000000.0001") })).await;
    assert_code(&over, "BAD_USER_INPUT");
    assert_eq!(over["errors"][0]["extensions"]["field"], "value");
    let negative = zhaisha.gql(REPORT, json!({ "i": line(&leaflets, "2021-04", "-100000000.0001") })).await;
    assert_code(&negative, "BAD_USER_INPUT");
    assert_eq!(rollup(&city, &city_id, "2021-04", &leaflets).await["actual"], Value::Null, "nothing written");
    // Two figures at the bound in two counties: every level adds them exactly.
    for reporter in [&zhaisha, &anta] {
        assert_ok(&reporter.gql(REPORT, json!({ "i": line(&leaflets, "2021-04", "100000000") })).await);
    }
    for period in ["2021-04", "2021-Q2", "2021"] {
        let r = rollup(&city, &city_id, period, &leaflets).await;
        assert_eq!(r["actual"], "200000000", "{period}");
        assert_eq!(r["subjects"], 2, "{period}");
    }
    // Corrected down to 1 each: the sums come back to exactly 2 (no drift left by the bound).
    for reporter in [&zhaisha, &anta] {
        assert_ok(&reporter.gql(REPORT, json!({ "i": line(&leaflets, "2021-04", "1") })).await);
    }
    assert_eq!(rollup(&city, &city_id, "2021", &leaflets).await["actual"], "2");
    // A target over the bound is refused the same way.
    let big = city
        .gql(
            "mutation($i: ID!) { setTarget(indicatorId: $i, period: \"2021\", value: \"1000000000000000\") { target } }",
            json!({ "i": leaflets }),
        )
        .await;
    assert_code(&big, "BAD_USER_INPUT");
}

#[tokio::test]
async fn a_period_must_have_begun_be_a_real_year_and_lie_inside_a_campaign() {
    let app = spawn_app().await;
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let leaflets = indicator(&reporter, "PUB_LEAFLETS").await;
    // Next month is inside the follow-up campaign but has not begun in China.
    let next = next_month_in_china();
    let body = reporter.gql(REPORT, json!({ "i": line(&leaflets, &next, "5") })).await;
    assert_code(&body, "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "period");
    assert!(message(&body).contains("尚未开始") && message(&body).contains("has not begun"), "{body}");
    // Far ahead, and far back: a clear rule, not "not a period".
    for (period, says) in [("2099", "尚未开始"), ("1990-01", "2000"), ("2018-05", "创建周期")] {
        let body = reporter.gql(REPORT, json!({ "i": line(&leaflets, period, "5") })).await;
        assert_code(&body, "BAD_USER_INPUT");
        assert!(message(&body).contains(says), "{period}: {body}");
        assert!(!message(&body).contains("is not a period"), "{period}: {body}");
    }
    let none = reporter.gql(CURRENT, json!({ "i": leaflets, "p": "2018-05" })).await;
    assert_eq!(none["data"]["reports"]["totalCount"], 0);
    // The outside-a-campaign message lists the campaigns there are.
    let body = reporter.gql(REPORT, json!({ "i": line(&leaflets, "2018-05", "5") })).await;
    assert!(message(&body).contains("2019–2021"), "{body}");
    // Once the city runs a campaign over 2018, the same figure is accepted.
    let city = app.actor(CITY_ADMIN).await;
    let created = city
        .gql(
            "mutation { createCampaign(input: {name: \"前期创建\", startYear: 2016, endYear: 2018}) { id } }",
            json!({}),
        )
        .await;
    assert_ok(&created);
    assert_ok(&reporter.gql(REPORT, json!({ "i": line(&leaflets, "2018-05", "5") })).await);
}

#[tokio::test]
async fn a_withdrawn_figure_leaves_the_rollups_and_stays_in_the_history() {
    let app = spawn_app().await;
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let county = app.actor(LUZHAI_ADMIN).await;
    let luzhai = app.tenant_id("450223").await;
    let leaflets = indicator(&reporter, "PUB_LEAFLETS").await;
    let first = reporter.gql(REPORT, json!({ "i": line(&leaflets, "2021-02", "30") })).await;
    assert_ok(&first);
    assert_ok(&reporter.gql(REPORT, json!({ "i": line(&leaflets, "2021-03", "12") })).await);
    let r = rollup(&county, &luzhai, "2021", &leaflets).await;
    assert_eq!((r["actual"].clone(), r["subjects"].clone()), (json!("42"), json!(1)));
    let report = &first["data"]["report"];
    // A stale version is refused, and a reason is kept with the withdrawal.
    let stale = reporter.gql(WITHDRAW, json!({ "id": report["id"], "v": 0, "r": "重复填报" })).await;
    assert_code(&stale, "CONFLICT");
    let gone = reporter.gql(WITHDRAW, json!({ "id": report["id"], "v": report["version"], "r": "重复填报" })).await;
    assert_ok(&gone);
    let w = &gone["data"]["withdrawReport"];
    assert_eq!(
        (w["withdrawn"].clone(), w["version"].clone(), w["note"].clone()),
        (json!(true), json!(2), json!("重复填报"))
    );
    // Out of every roll-up at once, month, quarter and year; the other month still counts.
    assert_eq!(rollup(&county, &luzhai, "2021-02", &leaflets).await["actual"], Value::Null);
    assert_eq!(rollup(&county, &luzhai, "2021-Q1", &leaflets).await["actual"], "12");
    let r = rollup(&county, &luzhai, "2021", &leaflets).await;
    assert_eq!((r["actual"].clone(), r["subjects"].clone()), (json!("12"), json!(1)));
    // Current lists leave it out; the history keeps both versions.
    let current = reporter.gql(CURRENT, json!({ "i": leaflets, "p": "2021-02" })).await;
    assert_eq!(current["data"]["reports"]["totalCount"], 0);
    let history = reporter.gql(HISTORY, json!({ "i": leaflets, "p": "2021-02" })).await;
    let versions: Vec<(Value, Value)> = history["data"]["reports"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["node"]["version"].clone(), e["node"]["withdrawn"].clone()))
        .collect();
    assert_eq!(versions, [(json!(1), json!(false)), (json!(2), json!(true))]);
    // Withdrawn twice is refused; reported again, it counts again as a new version.
    let twice = reporter.gql(WITHDRAW, json!({ "id": w["id"], "v": w["version"], "r": "x" })).await;
    assert!(twice["errors"].is_array(), "{twice}");
    let again = reporter.gql(REPORT, json!({ "i": line(&leaflets, "2021-02", "31") })).await;
    assert_eq!(again["data"]["report"]["version"], 3, "{again}");
    assert_eq!(rollup(&county, &luzhai, "2021", &leaflets).await["actual"], "43");

    // A sibling township's reporter can neither see nor withdraw it.
    let sibling = app.actor(ANTAI_REPORTER).await;
    let again = &again["data"]["report"];
    let body = sibling.gql(WITHDRAW, json!({ "id": again["id"], "v": again["version"], "r": "x" })).await;
    assert_code(&body, "NOT_FOUND");
    assert_eq!(rollup(&county, &luzhai, "2021", &leaflets).await["actual"], "43");

    // Locked by a submission, a figure cannot be withdrawn.
    assert_ok(&reporter.gql(SUBMIT, json!({ "p": "2021" })).await);
    let locked = reporter.gql(WITHDRAW, json!({ "id": again["id"], "v": again["version"], "r": "x" })).await;
    assert_code(&locked, "CONFLICT");
    assert_eq!(rollup(&county, &luzhai, "2021", &leaflets).await["actual"], "43");
}

#[tokio::test]
async fn a_quota_without_an_own_target_is_the_target_everywhere() {
    let app = spawn_app().await;
    let city = app.actor(CITY_ADMIN).await;
    let county = app.actor(RONGSHUI_ADMIN).await;
    let rongshui = app.tenant_id("450225").await;
    let fund = indicator(&city, "FUND_POVERTY").await;
    // 融水 received a quota of 15,000 from the city and set no target of its own.
    let own = city.gql(DECOMPOSE, json!({ "t": rongshui, "i": fund, "p": "2019" })).await;
    assert_ok(&own);
    let own = &own["data"]["decomposition"];
    assert_eq!(own["ownTarget"], Value::Null);
    assert_eq!(own["quotaReceived"], "15000");
    assert_eq!((own["target"].clone(), own["targetSource"].clone()), (json!("15000"), json!("QUOTA")));
    // The roll-up, the decomposition's own line and the city's line for the county agree.
    let r = rollup(&county, &rongshui, "2019", &fund).await;
    assert_eq!((r["target"].clone(), r["targetSource"].clone()), (json!("15000"), json!("QUOTA")));
    assert_eq!(r["completion"], own["completion"]);
    assert_eq!(r["completion"], "1");
    let parent = city.gql(DECOMPOSE, json!({ "i": fund, "p": "2019" })).await;
    let line = parent["data"]["decomposition"]["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["tenant"]["code"] == "450225")
        .unwrap()
        .clone();
    assert_eq!((line["target"].clone(), line["targetSource"].clone()), (json!("15000"), json!("QUOTA")));
    assert_eq!(line["completion"], r["completion"]);
    // Once the county sets its own target, that one counts, everywhere.
    let set = county
        .gql(
            "mutation($i: ID!) { setTarget(indicatorId: $i, period: \"2019\", value: \"20000\") { target } }",
            json!({ "i": fund }),
        )
        .await;
    assert_ok(&set);
    let r = rollup(&county, &rongshui, "2019", &fund).await;
    assert_eq!((r["target"].clone(), r["targetSource"].clone()), (json!("20000"), json!("OWN")));
    assert_eq!(r["completion"], "0.75");
    let own = county.gql(DECOMPOSE, json!({ "i": fund, "p": "2019" })).await;
    assert_eq!(own["data"]["decomposition"]["completion"], "0.75");
    assert_eq!(own["data"]["decomposition"]["targetSource"], "OWN");
    // The city's own target is OWN too.
    let city_id = app.tenant_id("450200").await;
    assert_eq!(rollup(&city, &city_id, "2019", &fund).await["targetSource"], "OWN");
}

#[tokio::test]
async fn subjects_are_counted_once_and_indicators_come_back_in_the_order_asked() {
    let app = spawn_app().await;
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let county = app.actor(LUZHAI_ADMIN).await;
    let luzhai = app.tenant_id("450223").await;
    let leaflets = indicator(&reporter, "PUB_LEAFLETS").await;
    let lines: Vec<Value> =
        ["2021-01", "2021-02", "2021-03", "2021-04"].iter().map(|p| line(&leaflets, p, "10")).collect();
    assert_ok(&reporter.gql(BATCH, json!({ "r": lines })).await);
    // One township reported four months: one subject in the month, the quarter and the year.
    for (period, actual) in [("2021-01", "10"), ("2021-Q1", "30"), ("2021", "40")] {
        let r = rollup(&county, &luzhai, period, &leaflets).await;
        assert_eq!((r["actual"].clone(), r["subjects"].clone()), (json!(actual), json!(1)), "{period}");
    }
    // A higher id first, a lower one second: the answer keeps that order.
    let all = county.gql("{ indicators(first: 100) { edges { node { id } } } }", json!({})).await;
    let mut ids: Vec<i64> = all["data"]["indicators"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["id"].as_str().unwrap().parse().unwrap())
        .collect();
    ids.sort_unstable();
    let (low, high) = (ids[1].to_string(), ids[ids.len() - 1].to_string());
    let body = county.gql(ROLLUP, json!({ "t": luzhai, "p": "2021", "i": [high, low] })).await;
    assert_ok(&body);
    let order: Vec<&str> =
        body["data"]["rollup"].as_array().unwrap().iter().map(|r| r["indicatorId"].as_str().unwrap()).collect();
    assert_eq!(order, [high.as_str(), low.as_str()]);
}

#[tokio::test]
async fn every_bad_line_is_named_at_once_in_words_a_reporter_can_act_on() {
    let app = spawn_app().await;
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let county = app.actor(LUZHAI_ADMIN).await;
    let luzhai = app.tenant_id("450223").await;
    let leaflets = indicator(&reporter, "PUB_LEAFLETS").await;
    let lines = json!([
        line(&leaflets, "2021-01", "-100000000.5"),
        line(&leaflets, "2021-02", "10"),
        line(&leaflets, "2018-03", "10"),
        line(&leaflets, "2021-04", "100000001"),
    ]);
    let body = reporter.gql(BATCH, json!({ "r": lines })).await;
    assert_code(&body, "BAD_USER_INPUT");
    let fields: Vec<&str> = body["errors"][0]["extensions"]["lines"]
        .as_array()
        .unwrap_or_else(|| panic!("no lines: {body}"))
        .iter()
        .map(|l| l["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["reports[0].value", "reports[2].period", "reports[3].value"]);
    assert_eq!(body["errors"][0]["extensions"]["field"], "reports[0].value");
    assert!(message(&body).starts_with("3 处有误"), "{body}");
    assert_eq!(rollup(&county, &luzhai, "2021", &leaflets).await["actual"], Value::Null, "half a batch was written");

    // Values the parser cannot read: said in the product's words, not the library's.
    for bad in ["十", "1.2.3", "0.00001", "1e400", "99999999999999999999999999999999"] {
        let body = reporter.gql(REPORT, json!({ "i": line(&leaflets, "2021-05", bad) })).await;
        assert_code(&body, "BAD_USER_INPUT");
        let text = body.to_string();
        for library in ["Failed to parse", "Scale exceeds", "Decimal", "invalid digit", "precision"] {
            assert!(!text.contains(library), "{bad}: {library} in {body}");
        }
        assert!(message(&body).contains("数"), "{bad}: {body}");
    }
    // A date the parser cannot read, likewise.
    let body = county.gql("{ inspections(filter: {from: \"2021-02-30\"}) { totalCount } }", json!({})).await;
    assert_code(&body, "BAD_USER_INPUT");
    assert!(!body.to_string().contains("Failed to parse"), "{body}");
    assert!(message(&body).contains("日期"), "{body}");
}

#[tokio::test]
async fn a_resubmission_needs_the_version_and_a_waived_township_is_told_who_can_return_it() {
    let app = spawn_app().await;
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let county_reviewer = app.actor(LUZHAI_REVIEWER).await;
    let leaflets = indicator(&reporter, "PUB_LEAFLETS").await;
    assert_ok(&reporter.gql(REPORT, json!({ "i": line(&leaflets, "2021-07", "3") })).await);
    let sub = reporter.gql(SUBMIT, json!({ "p": "2021" })).await;
    assert_ok(&sub);
    let sub = &sub["data"]["submitPeriod"];
    let returned = county_reviewer
        .gql(DECIDE, json!({ "id": sub["id"], "v": sub["version"], "d": "RETURN", "r": "7月数据有误" }))
        .await;
    assert_ok(&returned);
    // Submitting again without the version seen is refused, naming the field.
    let body = reporter.gql(SUBMIT, json!({ "p": "2021" })).await;
    assert_code(&body, "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "version");
    let v = &returned["data"]["decideSubmission"]["version"];
    assert_ok(&reporter.gql(SUBMIT, json!({ "p": "2021", "v": v })).await);

    // 融水县 waives 安太乡 and submits: the township's figures are frozen by the county's
    // submission, and the township is told who holds them and who can lift the lock.
    let county = app.actor("rongshui.reporter").await;
    let townships =
        county.gql("{ me { tenant { children(first: 50) { edges { node { id code } } } } } }", json!({})).await;
    let waivers: Vec<Value> = townships["data"]["me"]["tenant"]["children"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| json!({ "tenantId": e["node"]["id"], "reason": "本期无数据" }))
        .collect();
    assert_ok(&county.gql(SUBMIT, json!({ "p": "2021", "w": waivers })).await);
    let anta = app.actor(ANTAI_REPORTER).await;
    let body = anta.gql(REPORT, json!({ "i": line(&leaflets, "2021-08", "4") })).await;
    assert_code(&body, "CONFLICT");
    let text = message(&body);
    assert!(text.contains("融水") && text.contains("柳州") && text.contains("退回"), "{body}");
}

/// The bounds hold in the database itself, on either backend: a row past them cannot be stored,
/// whatever wrote it.
#[tokio::test]
async fn the_database_refuses_a_figure_or_a_sum_past_its_bound() {
    use sea_orm::ConnectionTrait;
    let state = shiliu::startup::build_state(test_settings(&[]).await).await.expect("state");
    shiliu::cli::demo::load(&state).await.expect("demo data");
    let db = &state.db;
    // 10^12 is the bound of a stored figure (1亿 at four decimal places); 10^18 of an aggregate.
    let report = "UPDATE report SET value = {v} WHERE id = (SELECT MIN(id) FROM report)";
    let aggregate =
        "UPDATE report_aggregate SET total = {v} WHERE tenant_id = (SELECT MIN(tenant_id) FROM report_aggregate)";
    let target = "UPDATE target SET target_value = {v} WHERE id = (SELECT MIN(id) FROM target)";
    for (sql, bound) in
        [(report, 1_000_000_000_000_i64), (aggregate, 1_000_000_000_000_000_000), (target, 1_000_000_000_000_000_000)]
    {
        let at = db.execute_unprepared(&sql.replace("{v}", &bound.to_string())).await;
        assert!(at.is_ok_and(|r| r.rows_affected() >= 1), "{sql} at the bound");
        let over = db.execute_unprepared(&sql.replace("{v}", &(bound + 1).to_string())).await;
        assert!(over.is_err(), "{sql} past the bound was stored");
        let below = db.execute_unprepared(&sql.replace("{v}", &(-bound - 1).to_string())).await;
        assert!(below.is_err(), "{sql} below minus the bound was stored");
    }
}
