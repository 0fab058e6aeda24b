//! Reporting, corrections, batches, idempotent retries, submission up the tree with its locks,
//! and roll-ups that always equal a recomputation from the current figures.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::helpers::*;

const REPORT: &str = "mutation($i: ReportInput!, $k: String) { report(input: $i, idempotencyKey: $k) { id value version isCurrent period } }";
const BATCH: &str =
    "mutation($r: [ReportInput!]!, $k: String) { reportBatch(reports: $r, idempotencyKey: $k) { id value version } }";
const ROLLUP: &str = "query($t: ID, $p: String!, $i: [ID!]!) { rollup(tenantId: $t, period: $p, indicatorIds: $i) { indicatorCode target actual acceptedActual completion subjects children { tenant { code } actual share accepted } } }";
const SUBMIT: &str = "mutation($p: String!, $v: Int, $w: [WaiverInput!]! = []) { submitPeriod(period: $p, version: $v, waivers: $w) { id version status } }";
const DECIDE: &str = "mutation($id: ID!, $v: Int!, $d: SubmissionDecision!, $r: String) { decideSubmission(id: $id, version: $v, decision: $d, reason: $r) { id version status statusLabel } }";

pub async fn indicator(actor: &Actor<'_>, code: &str) -> String {
    let body = actor.gql("{ indicators(first: 100) { edges { node { id code } } } }", json!({})).await;
    body["data"]["indicators"]["edges"].as_array().unwrap().iter().find(|e| e["node"]["code"] == code).unwrap()["node"]
        ["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn rollup(actor: &Actor<'_>, tenant: Option<&str>, period: &str, ind: &str) -> Value {
    let body = actor.gql(ROLLUP, json!({ "t": tenant, "p": period, "i": [ind] })).await;
    assert_ok(&body);
    body["data"]["rollup"][0].clone()
}

fn d(v: &Value) -> Decimal {
    v.as_str().unwrap_or("0").parse().unwrap()
}

fn child<'a>(r: &'a Value, code: &str) -> &'a Value {
    r["children"].as_array().unwrap().iter().find(|c| c["tenant"]["code"] == code).unwrap()
}

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
async fn submission_gates_locks_returns_and_reopening() {
    let app = spawn_app().await;
    let county = app.actor("rongshui.reporter").await;
    let leaflets = indicator(&county, "PUB_LEAFLETS").await;
    // The county cannot submit while its townships are not accepted, unless it waives them.
    let body = county.gql(SUBMIT, json!({ "p": "2021" })).await;
    assert_code(&body, "CONFLICT");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("安太乡"));
    // The township submits; the county accepts.
    let anta = app.actor(ANTAI_REPORTER).await;
    assert_ok(&anta.gql(REPORT, json!({ "i": { "indicatorId": leaflets, "period": "2021-06", "value": "40" } })).await);
    let sub = anta.gql(SUBMIT, json!({ "p": "2021" })).await["data"]["submitPeriod"].clone();
    assert_eq!(sub["status"], "SUBMITTED");
    // Locked: the township cannot change its 2021 figures now.
    let locked =
        anta.gql(REPORT, json!({ "i": { "indicatorId": leaflets, "period": "2021-06", "value": "41" } })).await;
    assert_code(&locked, "CONFLICT");
    let reviewer = app.actor(RONGSHUI_REVIEWER).await;
    // A return needs a reason, and unlocks.
    assert_code(
        &reviewer.gql(DECIDE, json!({ "id": sub["id"], "v": sub["version"], "d": "RETURN" })).await,
        "BAD_USER_INPUT",
    );
    let returned =
        reviewer.gql(DECIDE, json!({ "id": sub["id"], "v": sub["version"], "d": "RETURN", "r": "6月数据有误" })).await;
    let returned = returned["data"]["decideSubmission"].clone();
    assert_eq!(returned["status"], "RETURNED");
    assert_ok(&anta.gql(REPORT, json!({ "i": { "indicatorId": leaflets, "period": "2021-06", "value": "41" } })).await);
    let sub = anta.gql(SUBMIT, json!({ "p": "2021", "v": returned["version"] })).await["data"]["submitPeriod"].clone();
    let accepted = reviewer.gql(DECIDE, json!({ "id": sub["id"], "v": sub["version"], "d": "ACCEPT" })).await;
    let accepted = accepted["data"]["decideSubmission"].clone();
    assert_eq!(accepted["statusLabel"], "已接收");
    // The county still misses three townships: it waives them with reasons and submits.
    let missing: Vec<String> = {
        let body =
            county.gql("{ me { tenant { children(first: 20) { edges { node { id code } } } } } }", json!({})).await;
        body["data"]["me"]["tenant"]["children"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["node"]["code"] != "450225203")
            .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let waivers: Vec<Value> = missing.iter().map(|id| json!({ "tenantId": id, "reason": "无本期数据" })).collect();
    let up = county.gql(SUBMIT, json!({ "p": "2021", "w": waivers })).await;
    assert_eq!(up["data"]["submitPeriod"]["status"], "SUBMITTED", "{up}");
    // While the county's own submission is pending, it cannot re-open the township.
    let reopen = reviewer
        .gql(DECIDE, json!({ "id": accepted["id"], "v": accepted["version"], "d": "REOPEN", "r": "复核" }))
        .await;
    assert_code(&reopen, "CONFLICT");
    // The timeline tells the whole story.
    let t = reviewer
        .gql(
            "query($id: ID!) { submission(id: $id) { timeline { action reason toStatus } } }",
            json!({ "id": sub["id"] }),
        )
        .await;
    let actions: Vec<&str> =
        t["data"]["submission"]["timeline"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["SUBMIT", "RETURN", "SUBMIT", "ACCEPT"]);
    // Accepted-only actual at the county counts the accepted township only.
    let r = rollup(&county, None, "2021", &leaflets).await;
    assert_eq!(r["acceptedActual"], "41");
    assert_eq!(child(&r, "450225203")["accepted"], true);
}

#[tokio::test]
async fn submissions_and_rollups_of_a_sibling_are_out_of_reach() {
    let app = spawn_app().await;
    let zhaisha_reporter = app.actor("rpt.450223102").await;
    // 寨沙镇's 2020 submission, accepted by 鹿寨县 in the demo.
    let subs = zhaisha_reporter.gql("{ submissions { edges { node { id version status } } } }", json!({})).await;
    let sub = subs["data"]["submissions"]["edges"][0]["node"].clone();
    assert_eq!(sub["status"], "ACCEPTED");
    let sibling = app.actor(RONGSHUI_REVIEWER).await;
    assert_code(
        &sibling.gql("query($id: ID!) { submission(id: $id) { id } }", json!({ "id": sub["id"] })).await,
        "NOT_FOUND",
    );
    assert_code(
        &sibling.gql(DECIDE, json!({ "id": sub["id"], "v": sub["version"], "d": "REOPEN", "r": "x" })).await,
        "NOT_FOUND",
    );
    let listed = sibling
        .gql("{ submissions { totalCount } reports(first: 100) { edges { node { tenantId } } } }", json!({}))
        .await;
    assert_eq!(listed["data"]["submissions"]["totalCount"], 0);
    let luzhai = app.tenant_id("450223").await;
    let activities = indicator(&sibling, "PUB_ACTIVITIES").await;
    // The city has just read 鹿寨县's roll-up, so it is cached: the sibling still cannot have it.
    let city = app.actor(CITY_ADMIN).await;
    let vars = json!({ "t": luzhai, "p": "2020", "i": [activities] });
    assert_ok(&city.gql(ROLLUP, vars.clone()).await);
    assert_ok(&app.actor(LUZHAI_REVIEWER).await.gql(ROLLUP, vars.clone()).await);
    let body = sibling.gql(ROLLUP, vars).await;
    assert_code(&body, "NOT_FOUND");
    // Only the parent decides: the township's own level cannot accept itself.
    let own = app.actor("zhaisha.reviewer").await;
    assert_code(
        &own.gql(DECIDE, json!({ "id": sub["id"], "v": sub["version"], "d": "REOPEN", "r": "x" })).await,
        "FORBIDDEN",
    );
    // The parent can re-open it, with a reason; then the township may change its figures.
    let parent = app.actor(LUZHAI_REVIEWER).await;
    assert_code(
        &parent.gql(DECIDE, json!({ "id": sub["id"], "v": sub["version"], "d": "REOPEN" })).await,
        "BAD_USER_INPUT",
    );
    let body =
        parent.gql(DECIDE, json!({ "id": sub["id"], "v": sub["version"], "d": "REOPEN", "r": "复核发现错误" })).await;
    assert_eq!(body["data"]["decideSubmission"]["status"], "RETURNED");
    assert_ok(
        &zhaisha_reporter
            .gql(REPORT, json!({ "i": { "indicatorId": activities, "period": "2020-01", "value": "5" } }))
            .await,
    );
}

async fn sql_statements(app: &TestApp) -> u64 {
    let text = app.client.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap();
    text.lines().find_map(|l| l.strip_prefix("shiliu_sql_statements_total ")).unwrap().trim().parse().unwrap()
}

#[tokio::test]
async fn a_dashboard_costs_the_same_whatever_the_number_of_children() {
    let app = spawn_app().await;
    let city = app.actor(CITY_ADMIN).await;
    let mut ids = Vec::new();
    for code in [
        "PUB_ACTIVITIES",
        "PUB_LEAFLETS",
        "PUB_BANNERS",
        "PUB_BLACKBOARDS",
        "FUND_POVERTY",
        "FUND_AGRI",
        "POV_HOUSEHOLDS",
        "POV_PEOPLE",
        "POV_RATE",
        "FUND_CREATION_GOV",
    ] {
        ids.push(indicator(&city, code).await);
    }
    let q = "query($t: ID!, $i: [ID!]!) { tenant(id: $t) { children(first: 50) { edges { node { name rollup(period: \"2020\", indicatorIds: $i) { actual target } } } } } }";
    let mut costs = Vec::new();
    for code in ["450223", "450225", "450200"] {
        let t = app.tenant_id(code).await;
        let before = sql_statements(&app).await;
        let body = city.gql(q, json!({ "t": t, "i": ids })).await;
        assert_ok(&body);
        costs.push(sql_statements(&app).await - before);
    }
    println!(
        "dashboard (tenant -> children -> roll-ups of 10 indicators) SQL statements: 鹿寨县 3 townships = {}, 融水 4 townships = {}, 柳州市 10 counties = {}",
        costs[0], costs[1], costs[2]
    );
    // Loading each child's roll-up on its own would add 7 statements a child (49 from 3 to 10
    // children). The DataLoader window is timed, so a loaded machine may split the batch: allow
    // up to two extra batches (7 statements each), nothing that grows with the children.
    let spread = costs.iter().max().unwrap() - costs.iter().min().unwrap();
    assert!(spread <= 14, "the dashboard's cost grew with the number of children: {costs:?}");
}

/// A small deterministic generator, so a failing sequence can be replayed.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// Recomputes the SUM roll-up of every tenant of the city from the current reports.
async fn assert_rollups_match_recomputation(app: &TestApp, ind: &str, periods: &[&str]) {
    let city = app.actor(CITY_ADMIN).await;
    let tenants = city.gql("{ tenants(first: 100) { edges { node { id code } } } }", json!({})).await;
    let tenants: Vec<(String, String)> = tenants["data"]["tenants"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["node"]["id"].as_str().unwrap().to_owned(), e["node"]["code"].as_str().unwrap().to_owned()))
        .collect();
    for period in periods {
        let mut reports = Vec::new();
        let mut after = Value::Null;
        loop {
            let body = city
                .gql("query($i: ID!, $a: String) { reports(first: 100, after: $a, filter: {indicatorId: $i}) { pageInfo { hasNextPage endCursor } edges { node { tenantId period value } } } }", json!({ "i": ind, "a": after }))
                .await;
            let conn = &body["data"]["reports"];
            reports.extend(conn["edges"].as_array().unwrap().iter().map(|e| e["node"].clone()));
            if conn["pageInfo"]["hasNextPage"] != true {
                break;
            }
            after = conn["pageInfo"]["endCursor"].clone();
        }
        for (id, code) in &tenants {
            let expected: Decimal = reports
                .iter()
                .filter(|r| {
                    let owner = tenants.iter().find(|(tid, _)| tid == r["tenantId"].as_str().unwrap()).unwrap();
                    owner.1.starts_with(subtree_prefix(code)) && covers(period, r["period"].as_str().unwrap())
                })
                .map(|r| d(&r["value"]))
                .sum();
            let got = rollup(&city, Some(id), period, ind).await;
            let got = if got["actual"].is_null() { Decimal::ZERO } else { d(&got["actual"]) };
            assert_eq!(got, expected, "tenant {code}, period {period}: roll-up {got}, recomputed {expected}");
        }
    }
}

/// Division codes of a tenant's subtree start with this: a city's first four digits, a county's
/// six, a township's nine.
fn subtree_prefix(code: &str) -> &str {
    if code.len() == 6 && code.ends_with("00") { &code[..4] } else { code }
}

/// Whether a report of `reported` counts in `period` (same period, or one that rolls into it).
fn covers(period: &str, reported: &str) -> bool {
    if period == reported {
        return true;
    }
    let (py, pr) = period.split_once('-').map(|(y, r)| (y, Some(r))).unwrap_or((period, None));
    let (ry, rr) = reported.split_once('-').map(|(y, r)| (y, Some(r))).unwrap_or((reported, None));
    if py != ry {
        return false;
    }
    match (pr, rr) {
        (None, Some(_)) => true,
        (Some(q), Some(m)) if q.starts_with('Q') && !m.starts_with('Q') => {
            let q: u32 = q[1..].parse().unwrap();
            let m: u32 = m.parse().unwrap();
            (m - 1) / 3 + 1 == q
        }
        _ => false,
    }
}

#[tokio::test]
async fn rollups_equal_a_recomputation_after_random_reports_corrections_and_returns() {
    let app = spawn_app().await;
    let city = app.actor(CITY_ADMIN).await;
    let banners = indicator(&city, "PUB_BANNERS").await;
    let reporters =
        ["rpt.450223100", "rpt.450223101", "rpt.450225100", "rpt.450225203", "rpt.450226101", "luzhai.admin"];
    let mut actors = Vec::new();
    for r in reporters.iter().take(5) {
        actors.push(app.actor(r).await);
    }
    let reviewer = app.actor(RONGSHUI_REVIEWER).await;
    let mut rng = Lcg(20190301);
    for step in 0..60 {
        let who = &actors[rng.next(actors.len() as u64) as usize];
        match rng.next(10) {
            // Mostly reports and corrections over a few months.
            0..=7 => {
                let month = rng.next(4) + 1;
                let value = rng.next(50);
                let body = who.gql(REPORT, json!({ "i": { "indicatorId": banners, "period": format!("2022-{month:02}"), "value": value.to_string() } })).await;
                assert!(body.get("errors").is_none() || code(&body) == Some("CONFLICT"), "step {step}: {body}");
            }
            // A township of 融水 submits; its county returns or accepts then re-opens.
            _ => {
                let anta = &actors[3];
                let sub = anta.gql(SUBMIT, json!({ "p": "2022-Q1" })).await;
                if let Some(s) = sub["data"]["submitPeriod"].as_object() {
                    let decision = if rng.next(2) == 0 { "RETURN" } else { "ACCEPT" };
                    let body = reviewer
                        .gql(DECIDE, json!({ "id": s["id"], "v": s["version"], "d": decision, "r": "随机复核" }))
                        .await;
                    let after = &body["data"]["decideSubmission"];
                    if after["status"] == "ACCEPTED" {
                        reviewer
                            .gql(
                                DECIDE,
                                json!({ "id": after["id"], "v": after["version"], "d": "REOPEN", "r": "随机复核" }),
                            )
                            .await;
                    }
                }
            }
        }
    }
    assert_rollups_match_recomputation(&app, &banners, &["2022-01", "2022-02", "2022-Q1", "2022-Q2", "2022"]).await;
}

#[tokio::test]
async fn concurrent_reporters_lose_no_update_and_leave_no_drift() {
    let app = spawn_app().await;
    let city = app.actor(CITY_ADMIN).await;
    let blackboards = indicator(&city, "PUB_BLACKBOARDS").await;
    let names = ["rpt.450223100", "rpt.450223101", "rpt.450223102", "rpt.450225100", "rpt.450225102", "rpt.450226100"];
    let mut actors = Vec::new();
    for n in names {
        actors.push(app.actor(n).await);
    }
    let tasks = actors.iter().enumerate().map(|(i, a)| {
        let ind = blackboards.clone();
        async move {
            for k in 0..12u64 {
                // Each client reports and corrects its own months; all share the ancestors' rows.
                let month = k % 3 + 1;
                let vars = json!({ "i": { "indicatorId": ind, "period": format!("2023-{month:02}"), "value": (i as u64 * 7 + k).to_string() } });
                let body = a.gql(REPORT, vars).await;
                assert!(body.get("errors").is_none(), "{body}");
            }
        }
    });
    futures_util::future::join_all(tasks).await;
    assert_rollups_match_recomputation(&app, &blackboards, &["2023-01", "2023-Q1", "2023"]).await;
    let r = rollup(&city, None, "2023", &blackboards).await;
    assert_eq!(r["subjects"], 6, "6 townships, each counted once however many months it reported");
}

#[tokio::test]
async fn each_aggregation_rolls_up_by_its_own_rule() {
    let app = spawn_app().await;
    let city = app.actor(CITY_ADMIN).await;
    let define = "mutation($c: String!, $t: ValueType!, $a: Aggregation!) { defineIndicator(input: {code: $c, name: \"x\", measureUnit: \"%\", valueType: $t, aggregation: $a, category: OTHER}) { id } }";
    let mut ids = Vec::new();
    for a in ["AVG", "MIN", "MAX", "LATEST"] {
        let body = city.gql(define, json!({ "c": format!("T_{a}"), "t": "PERCENT", "a": a })).await;
        ids.push(body["data"]["defineIndicator"]["id"].as_str().unwrap().to_owned());
    }
    // Three townships of 鹿寨县 report in order: 10, 40, 25 (the last reported last).
    for (who, v) in [("rpt.450223100", "10"), ("rpt.450223101", "40"), ("rpt.450223102", "25")] {
        let a = app.actor(who).await;
        let lines: Vec<Value> =
            ids.iter().map(|i| json!({ "indicatorId": i, "period": "2024-02", "value": v })).collect();
        assert_ok(&a.gql(BATCH, json!({ "r": lines })).await);
    }
    let luzhai = app.tenant_id("450223").await;
    let body = city.gql(ROLLUP, json!({ "t": luzhai, "p": "2024", "i": ids })).await;
    let got: Vec<(String, String)> = body["data"]["rollup"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["indicatorCode"].as_str().unwrap().to_owned(), r["actual"].as_str().unwrap().to_owned()))
        .collect();
    let want = [("T_AVG", "25"), ("T_MIN", "10"), ("T_MAX", "40"), ("T_LATEST", "25")];
    for (code, value) in want {
        assert!(got.contains(&(code.to_owned(), value.to_owned())), "{code} should be {value}: {got:?}");
    }
    // A correction moves MIN and LATEST.
    let a = app.actor("rpt.450223101").await;
    let lines: Vec<Value> =
        ids.iter().map(|i| json!({ "indicatorId": i, "period": "2024-02", "value": "5" })).collect();
    assert_ok(&a.gql(BATCH, json!({ "r": lines })).await);
    let body = city.gql(ROLLUP, json!({ "t": luzhai, "p": "2024-Q1", "i": ids })).await;
    let got: Vec<(String, String)> = body["data"]["rollup"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["indicatorCode"].as_str().unwrap().to_owned(), r["actual"].as_str().unwrap().to_owned()))
        .collect();
    for (code, value) in [("T_AVG", "13.3333"), ("T_MIN", "5"), ("T_MAX", "25"), ("T_LATEST", "5")] {
        assert!(got.contains(&(code.to_owned(), value.to_owned())), "{code} should be {value}: {got:?}");
    }
}

#[tokio::test]
async fn concurrent_batches_sharing_ancestors_neither_deadlock_nor_drift() {
    let app = spawn_app().await;
    let city = app.actor(CITY_ADMIN).await;
    let banners = indicator(&city, "PUB_BANNERS").await;
    let boards = indicator(&city, "PUB_BLACKBOARDS").await;
    let names = ["rpt.450223100", "rpt.450223101", "rpt.450225100", "rpt.450225102", "rpt.450226100", "rpt.450226101"];
    let mut actors = Vec::new();
    for n in names {
        actors.push(app.actor(n).await);
    }
    let tasks = actors.iter().enumerate().map(|(i, a)| {
        let (banners, boards) = (banners.clone(), boards.clone());
        async move {
            for round in 0..4u64 {
                // Two indicators over three months in one batch; every other client sends its
                // lines in the opposite order, so batches meet on the shared ancestors' rows
                // (county, city) from both ends.
                let mut lines = Vec::new();
                for month in 1..=3u64 {
                    for ind in [&banners, &boards] {
                        let value = (i as u64 * 11 + round * 3 + month).to_string();
                        lines.push(json!({ "indicatorId": ind, "period": format!("2024-{month:02}"), "value": value }));
                    }
                }
                if i % 2 == 1 {
                    lines.reverse();
                }
                let body = a.gql(BATCH, json!({ "r": lines })).await;
                assert!(body.get("errors").is_none(), "client {i}, round {round}: {body}");
            }
        }
    });
    futures_util::future::join_all(tasks).await;
    for ind in [&banners, &boards] {
        assert_rollups_match_recomputation(&app, ind, &["2024-01", "2024-03", "2024-Q1", "2024"]).await;
    }

    // Two lines for the same figure in one batch: the later one is the current value.
    let same = json!([
        { "indicatorId": banners, "period": "2024-05", "value": "3" },
        { "indicatorId": banners, "period": "2024-05", "value": "8" },
    ]);
    let body = actors[0].gql(BATCH, json!({ "r": same })).await;
    assert_ok(&body);
    let saved = body["data"]["reportBatch"].as_array().unwrap();
    assert_eq!((saved[0]["value"].as_str(), saved[0]["version"].as_i64()), (Some("3"), Some(1)));
    assert_eq!((saved[1]["value"].as_str(), saved[1]["version"].as_i64()), (Some("8"), Some(2)));
    assert_rollups_match_recomputation(&app, &banners, &["2024-05", "2024"]).await;
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
