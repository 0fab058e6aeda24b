//! Figures right after every kind of change: for each input of a roll-up, a dashboard reads the
//! figure (twice, so the cache holds it), the input is applied, and the very next read shows the
//! new figure. Then the same across two API nodes sharing one database, with the cache
//! connection of the writing node cut at the moment of the write.

use serde_json::{Value, json};

use crate::helpers::*;

const ROLLUP: &str = "query($t: ID, $p: String!, $i: [ID!]!) { rollup(tenantId: $t, period: $p, indicatorIds: $i) { target actual acceptedActual children { tenant { code } actual accepted } } }";
const REPORT: &str = "mutation($i: ReportInput!) { report(input: $i) { id version } }";
const BATCH: &str = "mutation($r: [ReportInput!]!) { reportBatch(reports: $r) { id period version } }";
const WITHDRAW: &str =
    "mutation($id: ID!, $v: Int!) { withdrawReport(id: $id, version: $v, reason: \"重复填报\") { id } }";
const SUBMIT: &str = "mutation($p: String!, $v: Int, $w: [WaiverInput!]! = []) { submitPeriod(period: $p, version: $v, waivers: $w) { id version status } }";
const DECIDE: &str = "mutation($id: ID!, $v: Int!, $d: SubmissionDecision!, $r: String) { decideSubmission(id: $id, version: $v, decision: $d, reason: $r) { id version status } }";
const SET_TARGET: &str =
    "mutation($i: ID!, $p: String!, $v: Decimal!) { setTarget(indicatorId: $i, period: $p, value: $v) { target } }";
const ALLOCATE: &str = "mutation($i: ID!, $p: String!, $a: [QuotaInput!]!) { allocateQuotas(indicatorId: $i, period: $p, allocations: $a) { quota } }";
const DECOMPOSE: &str = "query($t: ID, $i: ID!, $p: String!) { decomposition(tenantId: $t, indicatorId: $i, period: $p) { handedDown children { tenant { code } quota } } }";
const CHILDREN: &str = "query($t: ID!) { tenant(id: $t) { children(first: 100) { edges { node { id code } } } } }";

/// A roll-up as a dashboard reads it, read twice so that the second answer comes from the cache.
async fn dashboard(actor: &Actor<'_>, tenant: &str, period: &str, ind: &str) -> Value {
    let vars = json!({ "t": tenant, "p": period, "i": [ind] });
    let first = actor.gql(ROLLUP, vars.clone()).await;
    assert_ok(&first);
    let second = actor.gql(ROLLUP, vars).await;
    assert_eq!(first, second, "two reads with nothing in between differ");
    second["data"]["rollup"][0].clone()
}

async fn read(actor: &Actor<'_>, tenant: &str, period: &str, ind: &str) -> Value {
    let body = actor.gql(ROLLUP, json!({ "t": tenant, "p": period, "i": [ind] })).await;
    assert_ok(&body);
    body["data"]["rollup"][0].clone()
}

fn child<'a>(r: &'a Value, code: &str) -> &'a Value {
    r["children"].as_array().unwrap().iter().find(|c| c["tenant"]["code"] == code).unwrap()
}

/// What one input changes, where it is read, and what the figure must be right after it.
struct Case {
    input: &'static str,
    before: Value,
    after: Value,
}

#[track_caller]
fn check(cases: &mut Vec<Case>, input: &'static str, before: Value, after: Value, expected: Value) {
    assert_ne!(before, after, "{input}: the figure did not move (before {before}, after {after})");
    assert_eq!(after, expected, "{input}: stale or wrong right after the change");
    cases.push(Case { input, before, after });
}

#[tokio::test]
async fn every_roll_up_input_shows_in_the_very_next_read() {
    let app = spawn_app().await;
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let county_admin = app.actor(LUZHAI_ADMIN).await;
    let county_reviewer = app.actor(LUZHAI_REVIEWER).await;
    let city_admin = app.actor(CITY_ADMIN).await;
    let city_reviewer = app.actor(CITY_REVIEWER).await;
    let luzhai = app.tenant_id("450223").await;
    let city = app.tenant_id("450200").await;
    let leaflets = indicator(&reporter, "PUB_LEAFLETS").await;
    let fund = indicator(&city_admin, "FUND_POVERTY").await;
    let (p, ind) = ("2021-06", leaflets.as_str());
    let mut cases = Vec::new();

    // A new figure.
    let before = dashboard(&county_admin, &luzhai, p, ind).await["actual"].clone();
    let line = json!({ "indicatorId": ind, "period": p, "value": "40" });
    assert_ok(&reporter.gql(REPORT, json!({ "i": line })).await);
    let after = read(&county_admin, &luzhai, p, ind).await["actual"].clone();
    check(&mut cases, "report", before, after, json!("40"));

    // A correction of it.
    let before = dashboard(&county_admin, &luzhai, p, ind).await["actual"].clone();
    let line = json!({ "indicatorId": ind, "period": p, "value": "45" });
    assert_ok(&reporter.gql(REPORT, json!({ "i": line })).await);
    let after = read(&county_admin, &luzhai, p, ind).await["actual"].clone();
    check(&mut cases, "correction", before, after, json!("45"));

    // A batch, seen at the city as well.
    let before = dashboard(&city_admin, &city, p, ind).await["actual"].clone();
    let lines = json!([{ "indicatorId": ind, "period": p, "value": "50" }, { "indicatorId": ind, "period": "2021-05", "value": "7" }]);
    let batch = reporter.gql(BATCH, json!({ "r": lines })).await;
    assert_ok(&batch);
    let after = read(&city_admin, &city, p, ind).await["actual"].clone();
    check(&mut cases, "reportBatch", before, after, json!("50"));

    // A withdrawal of the batch's May figure: gone from the county's month at once.
    let may =
        batch["data"]["reportBatch"].as_array().unwrap().iter().find(|r| r["period"] == "2021-05").unwrap().clone();
    let before = dashboard(&county_admin, &luzhai, "2021-05", ind).await["actual"].clone();
    assert_ok(&reporter.gql(WITHDRAW, json!({ "id": may["id"], "v": may["version"] })).await);
    let after = read(&county_admin, &luzhai, "2021-05", ind).await["actual"].clone();
    check(&mut cases, "withdrawReport", before, after, Value::Null);

    // A campaign over earlier years: a figure of 2018 is refused before and lands after it.
    let early = json!({ "indicatorId": ind, "period": "2018-05", "value": "9" });
    let before = dashboard(&county_admin, &luzhai, "2018", ind).await["actual"].clone();
    assert_code(&reporter.gql(REPORT, json!({ "i": early })).await, "BAD_USER_INPUT");
    let campaign = "mutation { createCampaign(input: {name: \"前期创建\", startYear: 2016, endYear: 2018}) { id } }";
    assert_ok(&city_admin.gql(campaign, json!({})).await);
    assert_ok(&reporter.gql(REPORT, json!({ "i": early })).await);
    let after = read(&county_admin, &luzhai, "2018", ind).await["actual"].clone();
    check(&mut cases, "createCampaign + report", before, after, json!("9"));

    // Submission and the parent's decisions: what the county counts as accepted.
    let accepted = |r: &Value| json!([r["acceptedActual"].clone(), child(r, "450223102")["accepted"].clone()]);
    let before = accepted(&dashboard(&county_admin, &luzhai, p, ind).await);
    let sub = reporter.gql(SUBMIT, json!({ "p": p })).await;
    assert_ok(&sub);
    let sub = &sub["data"]["submitPeriod"];
    let decided = county_reviewer.gql(DECIDE, json!({ "id": sub["id"], "v": sub["version"], "d": "ACCEPT" })).await;
    assert_ok(&decided);
    let after = accepted(&read(&county_admin, &luzhai, p, ind).await);
    check(&mut cases, "submit + accept", before, after, json!(["50", true]));

    let before = accepted(&dashboard(&county_admin, &luzhai, p, ind).await);
    let s = &decided["data"]["decideSubmission"];
    let reason = "台账不全";
    let reopened =
        county_reviewer.gql(DECIDE, json!({ "id": s["id"], "v": s["version"], "d": "REOPEN", "r": reason })).await;
    assert_ok(&reopened);
    let after = accepted(&read(&county_admin, &luzhai, p, ind).await);
    check(&mut cases, "reopen", before.clone(), after, json!([null, false]));

    // Submitted again and returned: the township may correct its figure, and the county sees it.
    let s = &reopened["data"]["decideSubmission"];
    let again = reporter.gql(SUBMIT, json!({ "p": p, "v": s["version"] })).await;
    assert_ok(&again);
    let s = &again["data"]["submitPeriod"];
    let returned =
        county_reviewer.gql(DECIDE, json!({ "id": s["id"], "v": s["version"], "d": "RETURN", "r": reason })).await;
    assert_ok(&returned);
    let before = dashboard(&county_admin, &luzhai, p, ind).await["actual"].clone();
    let line = json!({ "indicatorId": ind, "period": p, "value": "55" });
    assert_ok(&reporter.gql(REPORT, json!({ "i": line })).await);
    let after = read(&county_admin, &luzhai, p, ind).await["actual"].clone();
    check(&mut cases, "return + correction", before, after, json!("55"));

    // The county hands its period up with every township waived; the city accepts it.
    let s = &returned["data"]["decideSubmission"];
    let resubmitted = reporter.gql(SUBMIT, json!({ "p": p, "v": s["version"] })).await;
    assert_ok(&resubmitted);
    let s = &resubmitted["data"]["submitPeriod"];
    assert_ok(&county_reviewer.gql(DECIDE, json!({ "id": s["id"], "v": s["version"], "d": "ACCEPT" })).await);
    let townships = county_admin.gql(CHILDREN, json!({ "t": luzhai })).await;
    let waivers: Vec<Value> = townships["data"]["tenant"]["children"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["node"]["code"] != "450223102")
        .map(|e| json!({ "tenantId": e["node"]["id"], "reason": "本期无活动" }))
        .collect();
    let up = county_admin.gql(SUBMIT, json!({ "p": p, "w": waivers })).await;
    assert_ok(&up);
    let before = dashboard(&city_admin, &city, p, ind).await;
    let before = json!([before["acceptedActual"].clone(), child(&before, "450223")["accepted"].clone()]);
    let up = &up["data"]["submitPeriod"];
    assert_ok(&city_reviewer.gql(DECIDE, json!({ "id": up["id"], "v": up["version"], "d": "ACCEPT" })).await);
    let after = read(&city_admin, &city, p, ind).await;
    let after = json!([after["acceptedActual"].clone(), child(&after, "450223")["accepted"].clone()]);
    check(&mut cases, "waive + accept upward", before, after.clone(), json!([after[0].clone(), true]));

    // The city's own target (the seed article's 2019 funds).
    let before = dashboard(&city_admin, &city, "2019", &fund).await["target"].clone();
    assert_ok(&city_admin.gql(SET_TARGET, json!({ "i": fund, "p": "2019", "v": "60000" })).await);
    let after = read(&city_admin, &city, "2019", &fund).await["target"].clone();
    check(&mut cases, "setTarget", before, after, json!("60000"));

    // Quotas handed down, read on the decomposition table.
    let quota_of = |d: &Value| {
        d["data"]["decomposition"]["children"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["tenant"]["code"] == "450223")
            .unwrap()["quota"]
            .clone()
    };
    let dvars = json!({ "i": fund, "p": "2019" });
    let before = quota_of(&city_admin.gql(DECOMPOSE, dvars.clone()).await);
    let body = city_admin
        .gql(ALLOCATE, json!({ "i": fund, "p": "2019", "a": [{ "tenantId": luzhai, "quota": "1234" }] }))
        .await;
    assert_ok(&body);
    let after = quota_of(&city_admin.gql(DECOMPOSE, dvars).await);
    check(&mut cases, "allocateQuotas", before, after, json!("1234"));

    // A new township under 鹿寨县 is a new child of its roll-up at once.
    let count = |r: &Value| json!(r["children"].as_array().unwrap().len());
    let before = count(&dashboard(&county_admin, &luzhai, "2019", &fund).await);
    let body = city_admin
        .gql(
            "mutation($p: ID!) { createTenant(input: {parentId: $p, code: \"450223199\", name: \"测试镇\"}) { id } }",
            json!({ "p": luzhai }),
        )
        .await;
    assert_ok(&body);
    let after = count(&read(&county_admin, &luzhai, "2019", &fund).await);
    check(&mut cases, "createTenant", before.clone(), after, json!(before.as_u64().unwrap() + 1));

    let names: Vec<&str> = cases.iter().map(|c| c.input).collect();
    assert_eq!(names.len(), 12, "{names:?}");
    for c in &cases {
        assert_ne!(c.before, c.after);
    }
}

/// Reads `field` of the roll-up on `actor`'s node until it is `new` (five seconds at most); every
/// answer meanwhile must be `old`: never anything older, never anything else.
async fn read_until(actor: &Actor<'_>, args: (&str, &str, &str), field: &str, old: Value, new: &str) {
    for _ in 0..50 {
        let got = read(actor, args.0, args.1, args.2).await[field].clone();
        if got == new {
            return;
        }
        assert_eq!(got, old, "neither the figure before the write nor after it");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the node never answered the new figure {new} for {field}");
}

/// Two API nodes on one database (and, when the suite runs on Redis, one Redis). The writing
/// node's cache connection is cut right before it writes, so its change event reaches no one;
/// the other node, which holds the old roll-up in its own memory and in the shared cache, answers
/// the new figure once its version of the city is a second old (`auth::sign_ins`), and the old
/// one until then, never anything else. (Without Redis the nodes share one feed: at once.)
#[tokio::test]
async fn another_node_sees_a_write_within_a_second_even_when_the_writers_cache_is_cut() {
    let nodes = spawn_two_nodes().await;
    let (writer, reader) = (&nodes.a, &nodes.b);
    let city_on_writer = writer.actor(CITY_ADMIN).await;
    let city_on_reader = reader.actor(CITY_ADMIN).await;
    let reporter_on_writer = writer.actor(ZHAISHA_REPORTER).await;
    let city = reader.tenant_id("450200").await;
    let luzhai = reader.tenant_id("450223").await;
    let fund = indicator(&city_on_reader, "FUND_POVERTY").await;
    let leaflets = indicator(&city_on_reader, "PUB_LEAFLETS").await;

    assert_eq!(dashboard(&city_on_reader, &city, "2019", &fund).await["target"], "47371");
    assert_eq!(dashboard(&city_on_writer, &city, "2019", &fund).await["target"], "47371");
    let before = dashboard(&city_on_reader, &luzhai, "2021-06", &leaflets).await["actual"].clone();
    assert_eq!(before, Value::Null);

    nodes.cut_writers_cache();
    assert_ok(&city_on_writer.gql(SET_TARGET, json!({ "i": fund, "p": "2019", "v": "60000" })).await);
    let line = json!({ "indicatorId": leaflets, "period": "2021-06", "value": "12" });
    assert_ok(&reporter_on_writer.gql(REPORT, json!({ "i": line })).await);

    read_until(&city_on_reader, (&city, "2019", &fund), "target", json!("47371"), "60000").await;
    read_until(&city_on_reader, (&luzhai, "2021-06", &leaflets), "actual", Value::Null, "12").await;
    assert_eq!(read(&city_on_writer, &city, "2019", &fund).await["target"], "60000");
    nodes.restore_writers_cache();
    assert_eq!(read(&city_on_writer, &luzhai, "2021-06", &leaflets).await["actual"], "12");
    assert_eq!(read(&city_on_reader, &city, "2019", &fund).await["target"], "60000");
}
