//! Uploaded files as an application's evidence (申报材料): the unit's tenant attaches its own,
//! the levels above open them, a sibling cannot; another tenant's file changes nothing.

use serde_json::{Value, json};

use super::*;
use crate::units::registration::create_unit;

const CREATE: &str = "mutation($u: ID!, $e: [String!]!) { createApplication(input: {unitId: $u, kind: DEMONSTRATION_UNIT, level: CITY, statement: \"申报\", evidence: $e}) { id version evidence files { id name } } }";
const REVISE: &str = "mutation($id: ID!, $v: Int!, $e: [String!]!) { reviseApplication(input: {id: $id, version: $v, statement: \"申报\", evidence: $e}) { id version evidence } }";
const GET: &str = "query($id: ID!) { application(id: $id) { evidence files { id name url } } }";

#[tokio::test]
async fn application_evidence_takes_the_units_own_files_and_a_sibling_sees_none() {
    let app = spawn_app().await;
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let zhaisha = app.tenant_id("450223102").await;
    let unit = create_unit(&reporter, &zhaisha, "测试村", "COMMUNITY").await;
    let own = upload(&reporter, "创建台账.xlsx", &zip_with(&["[Content_Types].xml", "xl/workbook.xml"])).await;
    let theirs = upload(&app.actor(ANTAI_REPORTER).await, "x.png", PNG).await;

    let count = || async { reporter.gql("{ applications(first: 50) { totalCount } }", json!({})).await };
    let before = count().await;
    let refused = reporter.gql(CREATE, json!({ "u": unit["id"], "e": [theirs["reference"]] })).await;
    assert_code(&refused, "NOT_FOUND");
    assert_eq!(refused["errors"][0]["extensions"]["field"], "evidence[0]");
    assert_eq!(count().await, before, "nothing was created");

    let created =
        reporter.gql(CREATE, json!({ "u": unit["id"], "e": [own["reference"], "https://example.cn/a"] })).await;
    assert_ok(&created);
    let a = &created["data"]["createApplication"];
    assert_eq!(a["files"][0]["name"], "创建台账.xlsx");
    let revised = reporter.gql(REVISE, json!({ "id": a["id"], "v": a["version"], "e": [theirs["reference"]] })).await;
    assert_code(&revised, "NOT_FOUND");

    for who in [LUZHAI_REVIEWER, CITY_REVIEWER] {
        let got = app.actor(who).await.gql(GET, json!({ "id": a["id"] })).await;
        assert_eq!(got["data"]["application"]["files"][0]["id"], own["id"], "{who}: {got}");
        let url = got["data"]["application"]["files"][0]["url"].as_str().unwrap().to_owned();
        assert_eq!(fetch(&app, None, &url).await.0, 200);
    }
    let sibling = app.actor(RONGSHUI_REVIEWER).await;
    assert_code(&sibling.gql(GET, json!({ "id": a["id"] })).await, "NOT_FOUND");
    assert_eq!(fetch(&app, Some(&sibling.access), &format!("/files/{}", own["id"].as_str().unwrap())).await.0, 404);
}

#[tokio::test]
async fn a_figures_evidence_takes_the_reporters_own_files() {
    let app = spawn_app().await;
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let leaflets = indicator(&reporter, "PUB_LEAFLETS").await;
    let own = upload(&reporter, "宣传单.jpg", &jpeg(800)).await;
    let theirs = upload(&app.actor(ANTAI_REPORTER).await, "x.png", PNG).await;
    const REPORT: &str = "mutation($i: ReportInput!) { report(input: $i) { id evidence files { id name } } }";
    let line =
        |e: &Value| json!({ "i": { "indicatorId": leaflets, "period": "2021-04", "value": "120", "evidence": [e] } });
    let refused = reporter.gql(REPORT, line(&theirs["reference"])).await;
    assert_code(&refused, "NOT_FOUND");
    let done = reporter.gql(REPORT, line(&own["reference"])).await;
    assert_ok(&done);
    assert_eq!(done["data"]["report"]["files"][0]["id"], own["id"]);
    let q = "query($i: ID!) { reports(filter: {indicatorId: $i, period: \"2021-04\", includeSubtree: true}) { edges { node { files { id } } } } }";
    let city = app.actor(CITY_REVIEWER).await;
    let seen = city.gql(q, json!({ "i": leaflets })).await;
    assert_eq!(seen["data"]["reports"]["edges"][0]["node"]["files"][0]["id"], own["id"], "{seen}");
}
