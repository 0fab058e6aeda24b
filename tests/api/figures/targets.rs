//! Indicators, campaigns and the task decomposition table: the quota rule, the gap, exact
//! decimals, all-or-nothing allocations, and siblings kept apart.

use serde_json::{Value, json};

use super::*;

const DEFINE: &str = "mutation($c: String!, $u: String!, $t: ValueType!, $a: Aggregation!) { defineIndicator(input: {code: $c, name: \"测试指标\", measureUnit: $u, valueType: $t, aggregation: $a, category: OTHER}) { id code version } }";
const SET: &str = "mutation($i: ID!, $p: String!, $v: Decimal!) { setTarget(indicatorId: $i, period: $p, value: $v) { target quota } }";
const ALLOCATE: &str = "mutation($i: ID!, $p: String!, $a: [QuotaInput!]!) { allocateQuotas(indicatorId: $i, period: $p, allocations: $a) { tenantId quota } }";
const DECOMPOSE: &str = "query($t: ID, $i: ID!, $p: String!) { decomposition(tenantId: $t, indicatorId: $i, period: $p) { ownTarget quotaReceived actual completion handedDown gap children { tenant { code } quota ownTarget actual completion } } }";

#[tokio::test]
async fn the_demo_decomposition_shows_the_seed_funds() {
    let app = spawn_app().await;
    let city = app.actor(CITY_ADMIN).await;
    let fund = indicator(&city, "FUND_POVERTY").await;
    let body = city.gql(DECOMPOSE, json!({ "i": fund, "p": "2019" })).await;
    assert_ok(&body);
    let d = &body["data"]["decomposition"];
    assert_eq!(d["ownTarget"], "47371");
    assert_eq!(d["handedDown"], "38200");
    assert_eq!(d["gap"], "9171");
    assert_eq!(child(d, "450225")["quota"], "15000");
    assert_eq!(child(d, "450226")["ownTarget"], "12000");
    assert_eq!(child(d, "450202")["quota"], Value::Null);
    // Reported against committed: the city met its target; 三江 met its own; 融水 its quota.
    assert_eq!(d["actual"], "47371");
    assert_eq!(d["completion"], "1");
    assert_eq!(child(d, "450226")["actual"], "12000");
    assert_eq!(child(d, "450226")["completion"], "1");
    assert_eq!(child(d, "450225")["completion"], "1");
    assert_eq!(d["children"].as_array().unwrap().len(), 10);
}

#[tokio::test]
async fn a_child_may_not_set_its_target_below_its_quota() {
    let app = spawn_app().await;
    let county = app.actor(RONGSHUI_ADMIN).await;
    let fund = indicator(&county, "FUND_POVERTY").await;
    let body = county.gql(SET, json!({ "i": fund, "p": "2019", "v": "14999.5" })).await;
    assert_code(&body, "BAD_USER_INPUT");
    let msg = body["errors"][0]["message"].as_str().unwrap();
    assert!(msg.contains("14999.5") && msg.contains("15000"), "{msg}");
    let body = county.gql(SET, json!({ "i": fund, "p": "2019", "v": "15000.25" })).await;
    assert_eq!(body["data"]["setTarget"], json!({ "target": "15000.25", "quota": "15000" }));

    // The parent cannot hand down more than the child has committed to.
    let city = app.actor(CITY_ADMIN).await;
    let rongshui = app.tenant_id("450225").await;
    let body =
        city.gql(ALLOCATE, json!({ "i": fund, "p": "2019", "a": [{ "tenantId": rongshui, "quota": "16000" }] })).await;
    assert_code(&body, "BAD_USER_INPUT");
    let msg = body["errors"][0]["message"].as_str().unwrap();
    assert!(msg.contains("15000.25") && msg.contains("16000"), "{msg}");
}

#[tokio::test]
async fn allocations_are_exact_and_all_or_nothing() {
    let app = spawn_app().await;
    let city = app.actor(CITY_ADMIN).await;
    let body = city.gql(DEFINE, json!({ "c": "T_AMOUNT", "u": "万元", "t": "AMOUNT", "a": "SUM" })).await;
    let ind = body["data"]["defineIndicator"]["id"].clone();
    let (a, b, zhaisha) =
        (app.tenant_id("450202").await, app.tenant_id("450203").await, app.tenant_id("450223102").await);
    assert_ok(&city.gql(SET, json!({ "i": ind, "p": "2020-Q1", "v": "1" })).await);
    let ok = city.gql(ALLOCATE, json!({ "i": ind, "p": "2020-Q1", "a": [{ "tenantId": a, "quota": "0.1" }, { "tenantId": b, "quota": "0.2" }] })).await;
    assert_ok(&ok);
    let d = city.gql(DECOMPOSE, json!({ "i": ind, "p": "2020-Q1" })).await;
    assert_eq!(d["data"]["decomposition"]["handedDown"], "0.3");
    assert_eq!(d["data"]["decomposition"]["gap"], "0.7");

    // A grandchild in the list spoils the whole allocation.
    let bad = city
        .gql(ALLOCATE, json!({ "i": ind, "p": "2020-Q1", "a": [{ "tenantId": a, "quota": "5" }, { "tenantId": zhaisha, "quota": "1" }] }))
        .await;
    assert_code(&bad, "BAD_USER_INPUT");
    let d = city.gql(DECOMPOSE, json!({ "i": ind, "p": "2020-Q1" })).await;
    assert_eq!(child(&d["data"]["decomposition"], "450202")["quota"], "0.1");

    for (v, field) in [("0.00001", "allocations[0].quota"), ("-1", "allocations[0].quota")] {
        let body = city.gql(ALLOCATE, json!({ "i": ind, "p": "2020-Q1", "a": [{ "tenantId": a, "quota": v }] })).await;
        assert_code(&body, "BAD_USER_INPUT");
        assert_eq!(body["errors"][0]["extensions"]["field"], field);
    }
    for p in ["2020-Q5", "20", "2020-13"] {
        let body = city.gql(SET, json!({ "i": ind, "p": p, "v": "1" })).await;
        assert_eq!(body["errors"][0]["extensions"]["field"], "period", "{p}: {body}");
    }
}

#[tokio::test]
async fn values_are_checked_by_the_indicators_type() {
    let app = spawn_app().await;
    let city = app.actor(CITY_ADMIN).await;
    let activities = indicator(&city, "PUB_ACTIVITIES").await;
    let rate = indicator(&city, "POV_RATE").await;
    assert_code(&city.gql(SET, json!({ "i": activities, "p": "2019", "v": "800.5" })).await, "BAD_USER_INPUT");
    assert_code(&city.gql(SET, json!({ "i": rate, "p": "2019", "v": "101" })).await, "BAD_USER_INPUT");
    assert_ok(&city.gql(SET, json!({ "i": rate, "p": "2019", "v": "2.5" })).await);
    // A percentage cannot be summed; a unit is 1 to 16 characters (any: 斤 too); codes are
    // unique per tenant.
    assert_code(&city.gql(DEFINE, json!({ "c": "X1", "u": "%", "t": "PERCENT", "a": "SUM" })).await, "BAD_USER_INPUT");
    let long_unit = "斤".repeat(17);
    assert_code(
        &city.gql(DEFINE, json!({ "c": "X2", "u": long_unit, "t": "COUNT", "a": "SUM" })).await,
        "BAD_USER_INPUT",
    );
    assert_ok(&city.gql(DEFINE, json!({ "c": "X3", "u": "斤", "t": "COUNT", "a": "SUM" })).await);
    assert_code(
        &city.gql(DEFINE, json!({ "c": "bad code!", "u": "人", "t": "COUNT", "a": "SUM" })).await,
        "BAD_USER_INPUT",
    );
    assert_code(
        &city.gql(DEFINE, json!({ "c": "PUB_ACTIVITIES", "u": "场次", "t": "COUNT", "a": "SUM" })).await,
        "CONFLICT",
    );
}

#[tokio::test]
async fn indicators_are_seen_by_the_subtree_and_not_by_siblings() {
    let app = spawn_app().await;
    let luzhai = app.actor(LUZHAI_ADMIN).await;
    // A county may add its own indicator; the city sees it, a sibling county does not.
    let own = luzhai.gql(DEFINE, json!({ "c": "LZ_ONLY", "u": "个", "t": "COUNT", "a": "SUM" })).await;
    let own_id = own["data"]["defineIndicator"]["id"].clone();
    let city = app.actor(CITY_ADMIN).await;
    assert_ok(&city.gql("query($id: ID!) { indicator(id: $id) { code } }", json!({ "id": own_id })).await);
    let sibling = app.actor(RONGSHUI_ADMIN).await;
    assert_code(
        &sibling.gql("query($id: ID!) { indicator(id: $id) { code } }", json!({ "id": own_id })).await,
        "NOT_FOUND",
    );
    assert_code(&sibling.gql(SET, json!({ "i": own_id, "p": "2019", "v": "1" })).await, "NOT_FOUND");
    let listed = sibling.gql("{ indicators(first: 100) { edges { node { code } } } }", json!({})).await;
    assert!(!listed.to_string().contains("LZ_ONLY"));
    // The township below sees both the city's and its county's.
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    indicator(&reporter, "LZ_ONLY").await;
    indicator(&reporter, "FUND_POVERTY").await;
    // A county's decomposition is not readable by its sibling; only ADMINs set targets.
    let rongshui = app.tenant_id("450225").await;
    let fund = indicator(&luzhai, "FUND_POVERTY").await;
    assert_code(&luzhai.gql(DECOMPOSE, json!({ "t": rongshui, "i": fund, "p": "2019" })).await, "NOT_FOUND");
    let antai = app.tenant_id("450225203").await;
    assert_code(
        &luzhai.gql(ALLOCATE, json!({ "i": fund, "p": "2019", "a": [{ "tenantId": antai, "quota": "1" }] })).await,
        "NOT_FOUND",
    );
    assert_code(
        &app.actor(LUZHAI_REVIEWER).await.gql(SET, json!({ "i": fund, "p": "2019", "v": "1" })).await,
        "FORBIDDEN",
    );
    // Only the defining tenant retires an indicator; retired ones take no targets.
    let city_fund = json!({ "id": fund, "v": 1 });
    let retire = "mutation($id: ID!, $v: Int!) { retireIndicator(id: $id, version: $v) { retired } }";
    assert_code(&luzhai.gql(retire, city_fund.clone()).await, "FORBIDDEN");
    assert_eq!(city.gql(retire, city_fund).await["data"]["retireIndicator"]["retired"], true);
    assert_code(&city.gql(SET, json!({ "i": fund, "p": "2020", "v": "1" })).await, "CONFLICT");
}

#[tokio::test]
async fn campaigns_have_phases_and_periods() {
    let app = spawn_app().await;
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let body = reporter
        .gql("{ campaigns { edges { node { name phases { name startYear } periods(granularity: MONTH) { key rollsInto } } } } }", json!({}))
        .await;
    let c = &body["data"]["campaigns"]["edges"][0]["node"];
    assert_eq!(c["name"], "创建全国民族团结进步示范市");
    let phases: Vec<&str> = c["phases"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(phases, ["一年强基础", "两年见成效", "三年创示范"]);
    let periods = c["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 36);
    assert_eq!(periods[4], json!({ "key": "2019-05", "rollsInto": ["2019-Q2", "2019"] }));

    let city = app.actor(CITY_ADMIN).await;
    // A county's own campaign is the county's subtree's, not its sibling's.
    let luzhai = app.actor(LUZHAI_ADMIN).await;
    let own = luzhai
        .gql(
            "mutation { createCampaign(input: {name: \"鹿寨县三年行动\", startYear: 2022, endYear: 2024}) { id } }",
            json!({}),
        )
        .await;
    let own_id = own["data"]["createCampaign"]["id"].clone();
    assert_ok(&city.gql("query($id: ID!) { campaign(id: $id) { name } }", json!({ "id": own_id })).await);
    let sibling = app.actor(RONGSHUI_ADMIN).await;
    assert_code(
        &sibling.gql("query($id: ID!) { campaign(id: $id) { name } }", json!({ "id": own_id })).await,
        "NOT_FOUND",
    );
    let create = "mutation($p: [CampaignPhaseInput!]!) { createCampaign(input: {name: \"x\", startYear: 2022, endYear: 2024, phases: $p}) { id } }";
    let gap = json!([{ "name": "a", "startYear": 2022, "endYear": 2022 }, { "name": "b", "startYear": 2024, "endYear": 2024 }]);
    assert_code(&city.gql(create, json!({ "p": gap })).await, "BAD_USER_INPUT");
    assert_code(&reporter.gql(create, json!({ "p": [] })).await, "FORBIDDEN");
}
