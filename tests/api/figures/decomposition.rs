//! The decomposition table saved whole (`saveDecomposition`): several indicators in one
//! transaction, every wrong line reported at once, nothing written when one is refused, siblings
//! kept apart; and its .xlsx export, checked against the `decomposition` query.

use std::time::Instant;

use serde_json::{Value, json};

use super::*;
use crate::xlsx::workbook;

const SAVE: &str = "mutation($p: String!, $c: [IndicatorQuotasInput!]!) { saveDecomposition(period: $p, indicators: $c) { tenantId indicatorId target quota } }";
const DECOMPOSE: &str = "query($t: ID, $i: ID!, $p: String!) { decomposition(tenantId: $t, indicatorId: $i, period: $p) { ownTarget quotaReceived target actual completion handedDown gap children { tenant { code } quota ownTarget target actual completion } } }";
const TARGET_AUDIT: &str = "{ auditLog(first: 1, filter: {entityType: \"target\"}) { totalCount } }";

async fn table(actor: &Actor<'_>, tenant: Option<&str>, indicator: &str) -> Value {
    let body = actor.gql(DECOMPOSE, json!({ "t": tenant, "i": indicator, "p": "2019" })).await;
    assert_ok(&body);
    body["data"]["decomposition"].clone()
}

async fn audited(actor: &Actor<'_>) -> u64 {
    let body = actor.gql(TARGET_AUDIT, json!({})).await;
    body["data"]["auditLog"]["totalCount"].as_u64().unwrap_or_else(|| panic!("{body}"))
}

/// The fields of every line of an error, in order.
fn fields(body: &Value) -> Vec<String> {
    let e = &body["errors"][0]["extensions"];
    match e["lines"].as_array() {
        Some(lines) => lines.iter().map(|l| l["field"].as_str().unwrap().to_owned()).collect(),
        None => vec![e["field"].as_str().unwrap().to_owned()],
    }
}

#[tokio::test]
async fn a_table_across_two_indicators_is_saved_in_one_request() {
    let app = spawn_app().await;
    let luzhai = app.actor(LUZHAI_ADMIN).await;
    let (activities, agri) = (indicator(&luzhai, "PUB_ACTIVITIES").await, indicator(&luzhai, "FUND_AGRI").await);
    let (town, zhongdu, zhaisha) =
        (app.tenant_id("450223100").await, app.tenant_id("450223101").await, app.tenant_id("450223102").await);
    let before = audited(&luzhai).await;
    let body = luzhai
        .gql(
            SAVE,
            json!({ "p": "2019", "c": [
                { "indicatorId": activities, "target": "100", "allocations": [
                    { "tenantId": town, "quota": "30" }, { "tenantId": zhaisha, "quota": "20" } ] },
                { "indicatorId": agri, "allocations": [ { "tenantId": zhongdu, "quota": "12.5" } ] },
            ] }),
        )
        .await;
    assert_ok(&body);
    assert_eq!(body["data"]["saveDecomposition"].as_array().unwrap().len(), 4);
    // One audit entry per target row changed: 鹿寨's own, two quotas, one quota.
    assert_eq!(audited(&luzhai).await, before + 4);

    let d = table(&luzhai, None, &activities).await;
    assert_eq!((&d["ownTarget"], &d["handedDown"], &d["gap"]), (&json!("100"), &json!("50"), &json!("50")));
    assert_eq!(child(&d, "450223100")["quota"], "30");
    assert_eq!(child(&d, "450223102")["quota"], "20");
    assert_eq!(child(&d, "450223102")["target"], "20");
    assert_eq!(child(&d, "450223101")["quota"], Value::Null);
    let d = table(&luzhai, None, &agri).await;
    assert_eq!((&d["ownTarget"], &d["handedDown"], &d["gap"]), (&Value::Null, &json!("12.5"), &Value::Null));
    assert_eq!(child(&d, "450223101")["quota"], "12.5");

    // The parent's table shows the county's new own target; the county's own table for the city
    // reads the same.
    let city = app.actor(CITY_ADMIN).await;
    let d = table(&city, None, &activities).await;
    assert_eq!(child(&d, "450223")["ownTarget"], "100");
    assert_eq!(child(&d, "450223")["target"], "100");
    let luzhai_id = app.tenant_id("450223").await;
    let d = table(&city, Some(&luzhai_id), &agri).await;
    assert_eq!(d["handedDown"], "12.5");
}

#[tokio::test]
async fn one_bad_line_in_the_second_indicator_changes_nothing_in_the_first() {
    let app = spawn_app().await;
    let luzhai = app.actor(LUZHAI_ADMIN).await;
    let (activities, agri) = (indicator(&luzhai, "PUB_ACTIVITIES").await, indicator(&luzhai, "FUND_AGRI").await);
    let (town, zhaisha) = (app.tenant_id("450223100").await, app.tenant_id("450223102").await);
    let before = audited(&luzhai).await;
    let body = luzhai
        .gql(
            SAVE,
            json!({ "p": "2019", "c": [
                { "indicatorId": activities, "target": "100", "allocations": [ { "tenantId": town, "quota": "30" } ] },
                { "indicatorId": agri, "allocations": [
                    { "tenantId": zhaisha, "quota": "5" }, { "tenantId": town, "quota": "-1" } ] },
            ] }),
        )
        .await;
    assert_code(&body, "BAD_USER_INPUT");
    assert_eq!(fields(&body), ["indicators[1].allocations[1].quota"]);
    let d = table(&luzhai, None, &activities).await;
    assert_eq!((&d["ownTarget"], &d["handedDown"]), (&Value::Null, &json!("0")));
    assert_eq!(child(&d, "450223100")["quota"], Value::Null);
    let d = table(&luzhai, None, &agri).await;
    assert_eq!(child(&d, "450223102")["quota"], Value::Null);
    assert_eq!(audited(&luzhai).await, before);
}

#[tokio::test]
async fn every_wrong_line_of_every_indicator_is_reported_at_once() {
    let app = spawn_app().await;
    let city = app.actor(CITY_ADMIN).await;
    let (fund, activities) = (indicator(&city, "FUND_POVERTY").await, indicator(&city, "PUB_ACTIVITIES").await);
    let (sanjiang, rongshui, luzhai, zhaisha) = (
        app.tenant_id("450226").await,
        app.tenant_id("450225").await,
        app.tenant_id("450223").await,
        app.tenant_id("450223102").await,
    );
    let body = city
        .gql(
            SAVE,
            json!({ "p": "2019", "c": [
                { "indicatorId": fund, "allocations": [
                    { "tenantId": sanjiang, "quota": "13000" },
                    { "tenantId": rongshui, "quota": "15500" },
                    { "tenantId": sanjiang, "quota": "1" } ] },
                { "indicatorId": activities, "target": "0.5", "allocations": [
                    { "tenantId": luzhai, "quota": "800.5" },
                    { "tenantId": zhaisha, "quota": "1" },
                    { "tenantId": "999999", "quota": "1" } ] },
                { "indicatorId": fund, "allocations": [ { "tenantId": rongshui, "quota": "1" } ] },
            ] }),
        )
        .await;
    assert_code(&body, "BAD_USER_INPUT");
    assert_eq!(
        fields(&body),
        [
            "indicators[0].allocations[0].quota",
            "indicators[0].allocations[2].tenantId",
            "indicators[1].target",
            "indicators[1].allocations[0].quota",
            "indicators[1].allocations[1].tenantId",
            "indicators[1].allocations[2]",
            "indicators[2].indicatorId",
        ]
    );
    let lines = body["errors"][0]["extensions"]["lines"].as_array().unwrap();
    let msg = lines[0]["message"].as_str().unwrap();
    assert!(msg.contains("12000") && msg.contains("13000"), "{msg}");
    assert_eq!(lines[5]["code"], "NOT_FOUND");
    // 融水's good line was not written either.
    let d = table(&city, None, &fund).await;
    assert_eq!(child(&d, "450225")["quota"], "15000");
    assert_eq!(d["handedDown"], "38200");
}

#[tokio::test]
async fn a_sibling_can_neither_see_nor_change_the_table() {
    let app = spawn_app().await;
    let luzhai = app.actor(LUZHAI_ADMIN).await;
    let own = luzhai
        .gql(
            "mutation { defineIndicator(input: {code: \"LZ_ONLY\", name: \"鹿寨自定指标\", measureUnit: \"个\", valueType: COUNT, aggregation: SUM, category: OTHER}) { id } }",
            json!({}),
        )
        .await;
    let own_id = own["data"]["defineIndicator"]["id"].as_str().unwrap().to_owned();
    let fund = indicator(&luzhai, "FUND_POVERTY").await;
    let (luzhai_id, town) = (app.tenant_id("450223").await, app.tenant_id("450223100").await);
    let sibling = app.actor(RONGSHUI_ADMIN).await;
    assert_code(&sibling.gql(DECOMPOSE, json!({ "t": luzhai_id, "i": fund, "p": "2019" })).await, "NOT_FOUND");
    let body = sibling.gql(SAVE, json!({ "p": "2019", "c": [{ "indicatorId": own_id, "target": "5" }] })).await;
    assert_code(&body, "NOT_FOUND");
    assert_eq!(fields(&body), ["indicators[0]"]);
    let body = sibling
        .gql(
            SAVE,
            json!({ "p": "2019", "c": [{ "indicatorId": fund, "allocations": [{ "tenantId": town, "quota": "1" }] }] }),
        )
        .await;
    assert_code(&body, "NOT_FOUND");
    assert_eq!(fields(&body), ["indicators[0].allocations[0]"]);
    let resp = app
        .client
        .get(app.url(&format!("/exports/decomposition.xlsx?tenant={luzhai_id}&period=2019")))
        .bearer_auth(&sibling.access)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 404);
    let body: Value = resp.json().await.unwrap();
    assert_code(&body, "NOT_FOUND");
    let d = table(&luzhai, None, &fund).await;
    assert_eq!(child(&d, "450223100")["quota"], Value::Null);
}

#[tokio::test]
async fn an_own_target_below_the_quota_received_is_refused_on_its_column() {
    let app = spawn_app().await;
    let rongshui = app.actor(RONGSHUI_ADMIN).await;
    let (fund, activities) = (indicator(&rongshui, "FUND_POVERTY").await, indicator(&rongshui, "PUB_ACTIVITIES").await);
    let antai = app.tenant_id("450225203").await;
    let body = rongshui
        .gql(
            SAVE,
            json!({ "p": "2019", "c": [
                { "indicatorId": activities, "target": "9", "allocations": [ { "tenantId": antai, "quota": "4" } ] },
                { "indicatorId": fund, "target": "14000" },
            ] }),
        )
        .await;
    assert_code(&body, "BAD_USER_INPUT");
    assert_eq!(fields(&body), ["indicators[1].target"]);
    let msg = body["errors"][0]["message"].as_str().unwrap();
    assert!(msg.starts_with("本级目标") && msg.contains("14000") && msg.contains("15000"), "{msg}");
    assert_eq!(table(&rongshui, None, &activities).await["ownTarget"], Value::Null);
    let body = rongshui
        .gql(SAVE, json!({ "p": "2019", "c": [{ "indicatorId": fund, "target": "15000", "allocations": [ { "tenantId": antai, "quota": "15000" } ] }] }))
        .await;
    assert_ok(&body);
    let d = table(&rongshui, None, &fund).await;
    assert_eq!((&d["ownTarget"], &d["quotaReceived"], &d["gap"]), (&json!("15000"), &json!("15000"), &json!("0")));
}

#[tokio::test]
async fn only_admins_save_the_table() {
    let app = spawn_app().await;
    let reviewer = app.actor(LUZHAI_REVIEWER).await;
    let fund = indicator(&reviewer, "FUND_POVERTY").await;
    let town = app.tenant_id("450223100").await;
    let body = reviewer
        .gql(
            SAVE,
            json!({ "p": "2019", "c": [{ "indicatorId": fund, "allocations": [{ "tenantId": town, "quota": "1" }] }] }),
        )
        .await;
    assert_code(&body, "FORBIDDEN");
    let body = app.actor(LUZHAI_ADMIN).await.gql(SAVE, json!({ "p": "2019", "c": [{ "indicatorId": fund }] })).await;
    assert_code(&body, "BAD_USER_INPUT");
    assert_eq!(fields(&body), ["indicators"]);
}

#[tokio::test]
async fn saving_the_same_table_again_writes_nothing_more() {
    let app = spawn_app().await;
    let luzhai = app.actor(LUZHAI_ADMIN).await;
    let (activities, agri) = (indicator(&luzhai, "PUB_ACTIVITIES").await, indicator(&luzhai, "FUND_AGRI").await);
    let (town, zhaisha) = (app.tenant_id("450223100").await, app.tenant_id("450223102").await);
    let vars = json!({ "p": "2019", "c": [
        { "indicatorId": activities, "target": "60", "allocations": [ { "tenantId": town, "quota": "10" }, { "tenantId": zhaisha, "quota": "20" } ] },
        { "indicatorId": agri, "target": "3.5", "allocations": [ { "tenantId": town, "quota": "1.25" } ] },
    ] });
    let first = luzhai.gql(SAVE, vars.clone()).await;
    assert_ok(&first);
    let audited_once = audited(&luzhai).await;
    let again = luzhai.gql(SAVE, vars).await;
    assert_ok(&again);
    let sorted = |v: &Value| {
        let mut rows: Vec<String> =
            v["data"]["saveDecomposition"].as_array().unwrap().iter().map(Value::to_string).collect();
        rows.sort();
        rows
    };
    assert_eq!(sorted(&first), sorted(&again));
    assert_eq!(audited(&luzhai).await, audited_once);
    let d = table(&luzhai, None, &activities).await;
    assert_eq!((&d["ownTarget"], &d["handedDown"], &d["gap"]), (&json!("60"), &json!("30"), &json!("30")));
    let d = table(&luzhai, None, &agri).await;
    assert_eq!((&d["ownTarget"], &d["handedDown"], &d["gap"]), (&json!("3.5"), &json!("1.25"), &json!("2.25")));
}

#[tokio::test]
async fn a_ten_by_six_table_is_saved_in_one_request() {
    let app = spawn_app().await;
    let city = app.actor(CITY_ADMIN).await;
    let children = table(&city, None, &indicator(&city, "PUB_ACTIVITIES").await).await["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["tenant"]["code"].as_str().unwrap().to_owned())
        .collect::<Vec<_>>();
    assert_eq!(children.len(), 10);
    let mut ids = Vec::new();
    for code in &children {
        ids.push(app.tenant_id(code).await);
    }
    let mut columns = Vec::new();
    for code in ["PUB_ACTIVITIES", "PUB_LEAFLETS", "PUB_BANNERS", "PUB_BLACKBOARDS", "POV_HOUSEHOLDS", "POV_PEOPLE"] {
        let allocations: Vec<Value> =
            ids.iter().enumerate().map(|(i, t)| json!({ "tenantId": t, "quota": (i + 1).to_string() })).collect();
        columns
            .push(json!({ "indicatorId": indicator(&city, code).await, "target": "100", "allocations": allocations }));
    }
    let started = Instant::now();
    let body = city.gql(SAVE, json!({ "p": "2019", "c": columns })).await;
    let took = started.elapsed();
    assert_ok(&body);
    assert_eq!(body["data"]["saveDecomposition"].as_array().unwrap().len(), 66);
    eprintln!("saveDecomposition 10×6: {took:?}");
    let d = table(&city, None, &indicator(&city, "POV_PEOPLE").await).await;
    assert_eq!((&d["handedDown"], &d["gap"]), (&json!("55"), &json!("45")));
}

/// A figure of the query as the workbook writes it: the number, or empty.
fn figure(v: &Value) -> String {
    v.as_str().map(|s| s.parse::<f64>().unwrap().to_string()).unwrap_or_default()
}

fn cell(rows: &[Vec<String>], r: usize, c: usize) -> String {
    let s = rows[r].get(c).cloned().unwrap_or_default();
    if s.is_empty() { s } else { s.parse::<f64>().map(|x| x.to_string()).unwrap_or(s) }
}

#[tokio::test]
async fn the_export_holds_the_figures_of_the_decomposition_query() {
    let app = spawn_app().await;
    let luzhai = app.actor(LUZHAI_ADMIN).await;
    let fund = indicator(&luzhai, "FUND_POVERTY").await;
    let agri = indicator(&luzhai, "FUND_AGRI").await;
    let (town, zhaisha) = (app.tenant_id("450223100").await, app.tenant_id("450223102").await);
    let saved = luzhai
        .gql(
            SAVE,
            json!({ "p": "2019", "c": [
                { "indicatorId": fund, "target": "900.5", "allocations": [ { "tenantId": town, "quota": "300.25" }, { "tenantId": zhaisha, "quota": "200" } ] },
                { "indicatorId": agri, "allocations": [ { "tenantId": town, "quota": "7" } ] },
            ] }),
        )
        .await;
    assert_ok(&saved);
    let luzhai_id = app.tenant_id("450223").await;
    let url = app.url(&format!("/exports/decomposition.xlsx?tenant={luzhai_id}&period=2019"));
    let started = Instant::now();
    let resp = app.client.get(&url).bearer_auth(&luzhai.access).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let disposition = resp.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert!(
        disposition.contains("filename=\"decomposition-450223-2019.xlsx\"")
            && disposition.contains("filename*=UTF-8''%E4%BB%BB%E5%8A%A1%E5%88%86%E8%A7%A3%E8%A1%A8-"),
        "{disposition}"
    );
    let bytes = resp.bytes().await.unwrap();
    eprintln!("decomposition.xlsx: {} bytes in {:?}", bytes.len(), started.elapsed());
    let book = workbook(&bytes);
    let indicators =
        luzhai.gql("{ indicators(first: 100) { edges { node { id name measureUnit } } } }", json!({})).await;
    let indicators = indicators["data"]["indicators"]["edges"].as_array().unwrap().clone();
    assert_eq!(book.len(), indicators.len());
    for ((name, rows), ind) in book.iter().zip(&indicators) {
        let ind = &ind["node"];
        let title = &rows[0][0];
        assert!(
            title.contains("任务分解表")
                && title.contains("鹿寨县")
                && title.contains("2019")
                && title.contains("北京时间"),
            "{title}"
        );
        assert!(title.contains(ind["name"].as_str().unwrap()), "{title}");
        assert!(name.chars().count() <= 31);
        let unit = ind["measureUnit"].as_str().unwrap();
        assert_eq!(rows[2][2], format!("本级目标（{unit}）"));
        assert_eq!(rows[2][3], format!("配额（{unit}）"));
        let d = table(&luzhai, None, ind["id"].as_str().unwrap()).await;
        let own =
            [("ownTarget", 2), ("quotaReceived", 3), ("handedDown", 4), ("gap", 5), ("actual", 6), ("completion", 7)];
        for (field, c) in own {
            assert_eq!(cell(rows, 3, c), figure(&d[field]), "{name} {field}");
        }
        let children = d["children"].as_array().unwrap();
        assert_eq!(rows.len(), 4 + children.len(), "{name}");
        for (i, ch) in children.iter().enumerate() {
            assert_eq!(rows[4 + i][1], ch["tenant"]["code"].as_str().unwrap());
            for (field, c) in [("ownTarget", 2), ("quota", 3), ("actual", 6), ("completion", 7)] {
                assert_eq!(cell(rows, 4 + i, c), figure(&ch[field]), "{name} {} {field}", ch["tenant"]["code"]);
            }
        }
    }
    let fund_sheet = &book.iter().find(|(n, _)| n.starts_with("市级财政专项扶贫资金")).unwrap().1;
    assert_eq!(cell(fund_sheet, 3, 4), "500.25");
    assert_eq!(cell(fund_sheet, 3, 5), "400.25");

    // Unauthenticated: 401 in the GraphQL error shape; a bad period: 400.
    let resp = app.client.get(&url).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 401);
    assert_code(&resp.json::<Value>().await.unwrap(), "UNAUTHENTICATED");
    let bad = app.url(&format!("/exports/decomposition.xlsx?tenant={luzhai_id}&period=2019-Q9"));
    let resp = app.client.get(&bad).bearer_auth(&luzhai.access).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 400);
}
