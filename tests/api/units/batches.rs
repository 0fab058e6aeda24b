//! Batches and designations: quotas, publishing freezes, notices, counts, revocation, siblings.

use serde_json::{Value, json};

use crate::helpers::*;
use crate::units::applications::{decide, submitted_village_application};

const CREATE_BATCH: &str = "mutation($n: String!, $q: [CategoryQuotaInput!]) { createBatch(input: {name: $n, kind: DEMONSTRATION_UNIT, quotas: $q}) { id version published } }";
const ADD: &str = "mutation($b: ID!, $v: Int!, $a: [ID!]!) { addToBatch(batchId: $b, version: $v, applicationIds: $a) { version applications { id status } } }";
const PUBLISH: &str = "mutation($b: ID!, $v: Int!, $d: NaiveDate!, $r: NaiveDate) { publishBatch(batchId: $b, version: $v, publishedOn: $d, reviewBy: $r) { published publishedOn version } }";

/// An application approved at county level (鹿寨县) for a new village of 寨沙镇.
async fn approved_at_county(app: &TestApp) -> Value {
    let a = submitted_village_application(app, "COUNTY").await;
    let a =
        decide(&app.actor("zhaisha.reviewer").await, &a, "RECOMMEND", None).await["data"]["decideApplication"].clone();
    let a = decide(&app.actor(LUZHAI_REVIEWER).await, &a, "APPROVE", None).await["data"]["decideApplication"].clone();
    assert_eq!(a["status"], "APPROVED");
    a
}

#[tokio::test]
async fn a_county_names_its_first_batch_and_publishing_freezes_it() {
    let app = spawn_app().await;
    let a1 = approved_at_county(&app).await;
    let a2 = approved_at_county(&app).await;
    let admin = app.actor(LUZHAI_ADMIN).await;
    let b = admin
        .gql(
            CREATE_BATCH,
            json!({ "n": "第一批鹿寨县民族团结进步示范村", "q": [{ "category": "COMMUNITY", "max": 1 }] }),
        )
        .await;
    let b = b["data"]["createBatch"].clone();

    // Two villages against a quota of one: refused whole, nothing added.
    let over = admin.gql(ADD, json!({ "b": b["id"], "v": b["version"], "a": [a1["id"], a2["id"]] })).await;
    assert_code(&over, "CONFLICT");
    let fresh =
        admin.gql("query($b: ID!) { batch(id: $b) { version applications { id } } }", json!({ "b": b["id"] })).await;
    assert_eq!(fresh["data"]["batch"]["applications"], json!([]));
    assert_eq!(fresh["data"]["batch"]["version"], b["version"]);

    let added = admin.gql(ADD, json!({ "b": b["id"], "v": b["version"], "a": [a1["id"]] })).await;
    assert_ok(&added);
    let v = added["data"]["addToBatch"]["version"].clone();
    assert_code(&admin.gql(PUBLISH, json!({ "b": b["id"], "v": 1, "d": "2020-03-01" })).await, "CONFLICT");
    let body = admin.gql(PUBLISH, json!({ "b": b["id"], "v": v, "d": "2020-03-01", "r": "2021-03-01" })).await;
    assert_eq!(body["data"]["publishBatch"]["published"], true, "{body}");
    let v = body["data"]["publishBatch"]["version"].clone();

    // Frozen.
    let a3 = approved_at_county(&app).await;
    assert_code(&admin.gql(ADD, json!({ "b": b["id"], "v": v, "a": [a3["id"]] })).await, "CONFLICT");
    assert_code(&admin.gql(PUBLISH, json!({ "b": b["id"], "v": v, "d": "2020-04-01" })).await, "CONFLICT");

    // The designation exists, is due for review (2021 has passed), and shows in the notice.
    let d = admin
        .gql("query($b: ID!) { designations(filter: {batchId: $b}) { edges { node { id version level dueForReview designatedOn unit { id name } } } } }", json!({ "b": b["id"] }))
        .await;
    let node = d["data"]["designations"]["edges"][0]["node"].clone();
    assert_eq!(node["level"], "COUNTY");
    assert_eq!(node["dueForReview"], true);
    assert_eq!(node["designatedOn"], "2020-03-01");
    let notice = admin
        .gql(
            "query($b: ID!) { batch(id: $b) { notice { title entries { unitName place categoryLabel } } } }",
            json!({ "b": b["id"] }),
        )
        .await;
    assert_eq!(
        notice["data"]["batch"]["notice"],
        json!({ "title": "第一批鹿寨县民族团结进步示范村", "entries": [{ "unitName": "测试村", "place": "寨沙镇", "categoryLabel": "社区(村)" }] })
    );
    let status = admin.gql("query($id: ID!) { application(id: $id) { status } }", json!({ "id": a1["id"] })).await;
    assert_eq!(status["data"]["application"]["status"], "DESIGNATED");

    // While the village holds the title it cannot apply for it again.
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let again = json!({ "u": node["unit"]["id"], "k": "DEMONSTRATION_UNIT", "l": "COUNTY" });
    assert_code(&reporter.gql(crate::units::applications::CREATE_APP, again.clone()).await, "CONFLICT");

    // Revocation needs a reason and the designating level.
    let revoke = "mutation($id: ID!, $v: Int!, $r: String!) { revokeDesignation(id: $id, version: $v, reason: $r) { revoked revokeReason } }";
    assert_code(
        &admin.gql(revoke, json!({ "id": node["id"], "v": node["version"], "r": " " })).await,
        "BAD_USER_INPUT",
    );
    let city = app.actor(CITY_ADMIN).await;
    assert_code(
        &city.gql(revoke, json!({ "id": node["id"], "v": node["version"], "r": "复核不合格" })).await,
        "FORBIDDEN",
    );
    let body = admin.gql(revoke, json!({ "id": node["id"], "v": node["version"], "r": "复核不合格" })).await;
    assert_eq!(body["data"]["revokeDesignation"], json!({ "revoked": true, "revokeReason": "复核不合格" }));

    // Once revoked, it may apply again.
    assert_ok(&reporter.gql(crate::units::applications::CREATE_APP, again).await);
}

#[tokio::test]
async fn batches_belong_to_their_level() {
    let app = spawn_app().await;
    let a = approved_at_county(&app).await;
    // The city cannot put a county-approved application in its batch.
    let city = app.actor(CITY_ADMIN).await;
    let b = city.gql(CREATE_BATCH, json!({ "n": "第二批", "q": [] })).await["data"]["createBatch"].clone();
    assert_code(&city.gql(ADD, json!({ "b": b["id"], "v": b["version"], "a": [a["id"]] })).await, "BAD_USER_INPUT");
    // A county cannot change the city's batch, nor see a sibling's.
    let county = app.actor(LUZHAI_ADMIN).await;
    assert_code(&county.gql(ADD, json!({ "b": b["id"], "v": b["version"], "a": [a["id"]] })).await, "NOT_FOUND");
    let own = county.gql(CREATE_BATCH, json!({ "n": "第一批", "q": [] })).await["data"]["createBatch"].clone();
    let sibling = app.actor(RONGSHUI_ADMIN).await;
    assert_code(
        &sibling.gql("query($b: ID!) { batch(id: $b) { name } }", json!({ "b": own["id"] })).await,
        "NOT_FOUND",
    );
    assert_code(&sibling.gql(ADD, json!({ "b": own["id"], "v": own["version"], "a": [a["id"]] })).await, "NOT_FOUND");
    assert_code(
        &sibling.gql(PUBLISH, json!({ "b": own["id"], "v": own["version"], "d": "2020-01-01" })).await,
        "NOT_FOUND",
    );
    // Reviewers do not run batches.
    assert_code(&app.actor(LUZHAI_REVIEWER).await.gql(CREATE_BATCH, json!({ "n": "x", "q": [] })).await, "FORBIDDEN");
    // An empty batch cannot be published.
    assert_code(
        &county.gql(PUBLISH, json!({ "b": own["id"], "v": own["version"], "d": "2020-01-01" })).await,
        "CONFLICT",
    );
}

#[tokio::test]
async fn the_demo_first_batch_names_zhaisha_and_xingdeng() {
    let app = spawn_app().await;
    let city = app.actor(CITY_ADMIN).await;
    let body = city
        .gql("{ batches { edges { node { name publishedOn notice { entries { unitName place } } } } } }", json!({}))
        .await;
    let batch = &body["data"]["batches"]["edges"][0]["node"];
    assert_eq!(batch["name"], "第一批柳州市民族团结进步示范单位");
    assert_eq!(batch["publishedOn"], "2020-03-01");
    let entries = batch["notice"]["entries"].as_array().unwrap();
    let names: Vec<(&str, &str)> =
        entries.iter().map(|e| (e["unitName"].as_str().unwrap(), e["place"].as_str().unwrap())).collect();
    assert_eq!(names, [("兴等村", "鹿寨县寨沙镇"), ("寨沙镇", "鹿寨县寨沙镇")]);
    // Applications in every state across the demo tree.
    let statuses = city.gql("{ applications(first: 50) { edges { node { status } } } }", json!({})).await;
    let mut seen: Vec<&str> = statuses["data"]["applications"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["status"].as_str().unwrap())
        .collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen, ["APPROVED", "DESIGNATED", "DRAFT", "REJECTED", "RETURNED", "SUBMITTED"]);
}

#[tokio::test]
async fn counts_per_child_for_the_dashboard() {
    let app = spawn_app().await;
    let city = app.actor(CITY_ADMIN).await;
    let body = city
        .gql(
            "{ designationCounts(level: CITY) { tenant { code } total byCategory { category label count } } }",
            json!({}),
        )
        .await;
    let rows = body["data"]["designationCounts"].as_array().unwrap();
    assert_eq!(rows.len(), 10);
    let luzhai = rows.iter().find(|r| r["tenant"]["code"] == "450223").unwrap();
    assert_eq!(luzhai["total"], 2);
    assert_eq!(
        luzhai["byCategory"],
        json!([{ "category": "COMMUNITY", "label": "社区(村)", "count": 1 }, { "category": "TOWNSHIP", "label": "乡镇(街道)", "count": 1 }])
    );
    assert!(rows.iter().filter(|r| r["tenant"]["code"] != "450223").all(|r| r["total"] == 0));
    // A county counts its townships; a sibling county's tenant is not countable.
    let county = app.actor(LUZHAI_ADMIN).await;
    let body = county.gql("{ designationCounts { tenant { code } total } }", json!({})).await;
    let zhaisha = body["data"]["designationCounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["tenant"]["code"] == "450223102")
        .cloned()
        .unwrap();
    assert_eq!(zhaisha["total"], 2);
    let rongshui = app.tenant_id("450225").await;
    assert_code(
        &county.gql("query($t: ID!) { designationCounts(tenantId: $t) { total } }", json!({ "t": rongshui })).await,
        "NOT_FOUND",
    );
    // The sibling county sees none of 鹿寨县's designations.
    let sibling = app.actor(RONGSHUI_ADMIN).await;
    let body = sibling.gql("{ designations { totalCount } }", json!({})).await;
    assert_eq!(body["data"]["designations"]["totalCount"], 0);
}

#[tokio::test]
async fn siblings_cannot_touch_batches_designations_or_applications_of_another_county() {
    let app = spawn_app().await;
    let a = approved_at_county(&app).await;
    let county = app.actor(LUZHAI_ADMIN).await;
    let b = county.gql(CREATE_BATCH, json!({ "n": "第一批", "q": [] })).await["data"]["createBatch"].clone();
    let added = county.gql(ADD, json!({ "b": b["id"], "v": b["version"], "a": [a["id"]] })).await;
    let v = added["data"]["addToBatch"]["version"].clone();

    let sibling = app.actor(RONGSHUI_ADMIN).await;
    let remove = "mutation($b: ID!, $v: Int!, $a: ID!) { removeFromBatch(batchId: $b, version: $v, applicationId: $a) { version applications { id } } }";
    assert_code(&sibling.gql(remove, json!({ "b": b["id"], "v": v, "a": a["id"] })).await, "NOT_FOUND");
    let listed = sibling.gql("{ batches { totalCount } }", json!({})).await;
    assert_eq!(listed["data"]["batches"]["totalCount"], 0);

    // The owner can take it out again: back to an approved application outside any batch.
    let body = county.gql(remove, json!({ "b": b["id"], "v": v, "a": a["id"] })).await;
    assert_eq!(body["data"]["removeFromBatch"]["applications"], json!([]));
    let status =
        county.gql("query($id: ID!) { application(id: $id) { status batchId } }", json!({ "id": a["id"] })).await;
    assert_eq!(status["data"]["application"], json!({ "status": "APPROVED", "batchId": null }));

    // The demo designations of 鹿寨县's units are invisible and untouchable from 融水.
    let city = app.actor(CITY_ADMIN).await;
    let d = city.gql("{ designations(first: 1) { edges { node { id version } } } }", json!({})).await;
    let d = d["data"]["designations"]["edges"][0]["node"].clone();
    assert_code(
        &sibling.gql("query($id: ID!) { designation(id: $id) { id } }", json!({ "id": d["id"] })).await,
        "NOT_FOUND",
    );
    let revoke = "mutation($id: ID!, $v: Int!) { revokeDesignation(id: $id, version: $v, reason: \"x\") { revoked } }";
    assert_code(&sibling.gql(revoke, json!({ "id": d["id"], "v": d["version"] })).await, "NOT_FOUND");

    // Nor can a sibling apply for a unit it cannot see.
    let unit = county.gql("{ units(first: 1) { edges { node { id } } } }", json!({})).await["data"]["units"]["edges"]
        [0]["node"]["id"]
        .clone();
    let body = app
        .actor(ANTAI_REPORTER)
        .await
        .gql(crate::units::applications::CREATE_APP, json!({ "u": unit, "k": "DEMONSTRATION_UNIT", "l": "COUNTY" }))
        .await;
    assert_code(&body, "NOT_FOUND");
}
