//! Undoing what was a mistake: an indicator's name, unit and description corrected (the unit only
//! until something uses it), a tenant renamed by the level above (its code kept); each audited,
//! each refused to a sibling.

use serde_json::{Value, json};

use crate::helpers::*;

const DEFINE: &str = "mutation($u: String!) { defineIndicator(input: {code: \"VISITS\", name: \"参观人数\", measureUnit: $u, valueType: COUNT, aggregation: SUM, category: OTHER}) { id version measureUnit } }";
const UPDATE: &str =
    "mutation($i: UpdateIndicatorInput!) { updateIndicator(input: $i) { id name measureUnit description version } }";
const REPORT: &str = "mutation($i: ReportInput!) { report(input: $i) { id } }";

fn version(body: &Value, field: &str) -> i64 {
    body["data"][field]["version"].as_i64().unwrap_or_else(|| panic!("{body}"))
}

#[tokio::test]
async fn an_indicator_is_corrected_and_its_unit_is_kept_once_figures_use_it() {
    let app = spawn_app().await;
    let city = app.actor(CITY_ADMIN).await;
    // A free-form unit: 人次 (person-times) is not in the suggested list and is accepted.
    let defined = city.gql(DEFINE, json!({ "u": "人次" })).await;
    assert_eq!(defined["data"]["defineIndicator"]["measureUnit"], "人次", "{defined}");
    let id = defined["data"]["defineIndicator"]["id"].as_str().unwrap().to_owned();
    let v1 = version(&defined, "defineIndicator");

    // Before anything uses it, the unit may change with the name.
    let body =
        city.gql(UPDATE, json!({ "i": { "id": id, "version": v1, "name": "参观人次", "measureUnit": "人" } })).await;
    assert_ok(&body);
    assert_eq!(body["data"]["updateIndicator"]["name"], "参观人次");
    assert_eq!(body["data"]["updateIndicator"]["measureUnit"], "人");
    let v2 = version(&body, "updateIndicator");
    // A stale version, an edit of nothing, a blank name.
    assert_code(&city.gql(UPDATE, json!({ "i": { "id": id, "version": v1, "name": "x" } })).await, "CONFLICT");
    assert_code(&city.gql(UPDATE, json!({ "i": { "id": id, "version": v2 } })).await, "BAD_USER_INPUT");
    let blank = city.gql(UPDATE, json!({ "i": { "id": id, "version": v2, "name": "  " } })).await;
    assert_eq!(blank["errors"][0]["extensions"]["field"], "name", "{blank}");

    // A county ADMIN sees the city's indicator but may not edit it.
    let county = app.actor(LUZHAI_ADMIN).await;
    assert_code(&county.gql(UPDATE, json!({ "i": { "id": id, "version": v2, "name": "改" } })).await, "FORBIDDEN");

    // A township reports a figure in 人: now the unit stays, the name may still change.
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let line = json!({ "indicatorId": id, "period": "2021", "value": "12" });
    assert_ok(&reporter.gql(REPORT, json!({ "i": line })).await);
    let refused = city.gql(UPDATE, json!({ "i": { "id": id, "version": v2, "measureUnit": "人次" } })).await;
    assert_code(&refused, "CONFLICT");
    assert_eq!(refused["errors"][0]["extensions"]["field"], "measureUnit", "{refused}");
    assert!(refused["errors"][0]["message"].as_str().unwrap().contains("1 条数据"), "{refused}");
    let body = city.gql(UPDATE, json!({ "i": { "id": id, "version": v2, "description": "按人次统计" } })).await;
    assert_eq!(body["data"]["updateIndicator"]["measureUnit"], "人", "{body}");

    // Read right after: the reporter's view of the indicator has the new name and description.
    let read = reporter
        .gql("query($id: ID!) { indicator(id: $id) { name measureUnit description } }", json!({ "id": id }))
        .await;
    assert_eq!(
        read["data"]["indicator"],
        json!({ "name": "参观人次", "measureUnit": "人", "description": "按人次统计" })
    );

    let audit = city
        .gql(
            "query($e: String!) { auditLog(first: 10, filter: {action: \"indicator.update\", entityId: $e}) { totalCount } }",
            json!({ "e": id }),
        )
        .await;
    assert_eq!(audit["data"]["auditLog"]["totalCount"], 2, "{audit}");
}

#[tokio::test]
async fn a_sibling_can_neither_see_nor_edit_a_counties_own_indicator() {
    let app = spawn_app().await;
    let luzhai = app.actor(LUZHAI_ADMIN).await;
    let defined = luzhai.gql(DEFINE, json!({ "u": "个" })).await;
    let id = defined["data"]["defineIndicator"]["id"].as_str().unwrap().to_owned();
    let v = version(&defined, "defineIndicator");
    let rongshui = app.actor(RONGSHUI_ADMIN).await;
    assert_code(&rongshui.gql(UPDATE, json!({ "i": { "id": id, "version": v, "name": "改" } })).await, "NOT_FOUND");
    let read = luzhai.gql("query($id: ID!) { indicator(id: $id) { name version } }", json!({ "id": id })).await;
    assert_eq!(read["data"]["indicator"], json!({ "name": "参观人数", "version": v }));
}

const RENAME: &str = "mutation($id: ID!, $n: String!) { renameTenant(id: $id, name: $n) { id code name } }";
const BY_CODE: &str = "query($c: String!) { tenantByCode(code: $c) { code name } }";

#[tokio::test]
async fn a_tenant_is_renamed_by_the_level_above_and_keeps_its_code() {
    let app = spawn_app().await;
    let luzhai_id = app.tenant_id("450223").await;
    let zhaisha_id = app.tenant_id("450223102").await;
    let city = app.actor(CITY_ADMIN).await;
    let body = city.gql(RENAME, json!({ "id": luzhai_id, "n": " 鹿寨县（更名） " })).await;
    assert_eq!(body["data"]["renameTenant"]["name"], "鹿寨县（更名）", "{body}");
    assert_eq!(body["data"]["renameTenant"]["code"], "450223");
    // Read right after, by anyone below: the new name under the same code.
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let read = app.actor(LUZHAI_ADMIN).await.gql(BY_CODE, json!({ "c": "450223" })).await;
    assert_eq!(read["data"]["tenantByCode"], json!({ "code": "450223", "name": "鹿寨县（更名）" }));
    let ancestors = reporter.gql("{ me { tenant { ancestors { name } } } }", json!({})).await;
    assert!(ancestors.to_string().contains("鹿寨县（更名）"), "{ancestors}");

    // Not one's own tenant; not a sibling's; not a blank name.
    let luzhai = app.actor(LUZHAI_ADMIN).await;
    assert_code(&luzhai.gql(RENAME, json!({ "id": luzhai_id, "n": "鹿寨" })).await, "FORBIDDEN");
    let rongshui = app.actor(RONGSHUI_ADMIN).await;
    assert_code(&rongshui.gql(RENAME, json!({ "id": zhaisha_id, "n": "别名" })).await, "NOT_FOUND");
    assert_code(&luzhai.gql(RENAME, json!({ "id": zhaisha_id, "n": " " })).await, "BAD_USER_INPUT");
    assert_code(&reporter.gql(RENAME, json!({ "id": zhaisha_id, "n": "寨沙" })).await, "FORBIDDEN");
    let read = luzhai.gql(BY_CODE, json!({ "c": "450223102" })).await;
    assert_eq!(read["data"]["tenantByCode"]["name"], "寨沙镇", "nothing changed: {read}");

    let audit = city
        .gql(
            "{ auditLog(first: 10, filter: {action: \"tenant.rename\"}) { totalCount edges { node { entityId } } } }",
            json!({}),
        )
        .await;
    assert_eq!(audit["data"]["auditLog"]["totalCount"], 1, "{audit}");
    assert_eq!(audit["data"]["auditLog"]["edges"][0]["node"]["entityId"], luzhai_id);
}

const SET_TARGET: &str =
    "mutation($i: ID!, $v: Decimal!) { setTarget(indicatorId: $i, period: \"2021\", value: $v) { target } }";
const ALLOCATE: &str = "mutation($i: ID!, $t: ID!, $q: Decimal!) { allocateQuotas(indicatorId: $i, period: \"2021\", allocations: [{tenantId: $t, quota: $q}]) { quota } }";
const REMOVE_TARGET: &str = "mutation($i: ID!) { removeTarget(indicatorId: $i, period: \"2021\") { target quota } }";
const REMOVE_QUOTA: &str =
    "mutation($i: ID!, $t: ID!) { removeQuota(indicatorId: $i, period: \"2021\", tenantId: $t) { target quota } }";
const TABLE: &str = "query($i: ID!, $t: ID) { decomposition(tenantId: $t, indicatorId: $i, period: \"2021\") { ownTarget quotaReceived handedDown } }";

#[tokio::test]
async fn a_target_or_quota_is_taken_back_only_once_nothing_below_builds_on_it() {
    let app = spawn_app().await;
    let (luzhai_id, zhaisha_id) = (app.tenant_id("450223").await, app.tenant_id("450223102").await);
    let city = app.actor(CITY_ADMIN).await;
    let luzhai = app.actor(LUZHAI_ADMIN).await;
    let id =
        city.gql(DEFINE, json!({ "u": "人次" })).await["data"]["defineIndicator"]["id"].as_str().unwrap().to_owned();
    assert_ok(&city.gql(SET_TARGET, json!({ "i": id, "v": "100" })).await);
    assert_ok(&city.gql(ALLOCATE, json!({ "i": id, "t": luzhai_id, "q": "40" })).await);
    assert_ok(&luzhai.gql(ALLOCATE, json!({ "i": id, "t": zhaisha_id, "q": "10" })).await);

    // Refused while something below builds on it, saying what.
    let refused = city.gql(REMOVE_TARGET, json!({ "i": id })).await;
    assert_code(&refused, "CONFLICT");
    assert!(refused["errors"][0]["message"].as_str().unwrap().contains("1 个下级"), "{refused}");
    let refused = city.gql(REMOVE_QUOTA, json!({ "i": id, "t": luzhai_id })).await;
    assert_code(&refused, "CONFLICT");
    assert!(refused["errors"][0]["message"].as_str().unwrap().contains("鹿寨县"), "{refused}");
    // A sibling county cannot reach 寨沙镇's quota; a reporter cannot remove anything.
    let rongshui = app.actor(RONGSHUI_ADMIN).await;
    assert_code(&rongshui.gql(REMOVE_QUOTA, json!({ "i": id, "t": zhaisha_id })).await, "NOT_FOUND");
    assert_code(&app.actor(ZHAISHA_REPORTER).await.gql(REMOVE_TARGET, json!({ "i": id })).await, "FORBIDDEN");
    let table = luzhai.gql(TABLE, json!({ "i": id, "t": luzhai_id })).await;
    assert_eq!(table["data"]["decomposition"]["handedDown"], "10", "nothing changed: {table}");

    // Bottom up: each removal is read right after in the table.
    let body = luzhai.gql(REMOVE_QUOTA, json!({ "i": id, "t": zhaisha_id })).await;
    assert_eq!(body["data"]["removeQuota"], json!({ "target": null, "quota": null }), "{body}");
    let table = luzhai.gql(TABLE, json!({ "i": id, "t": luzhai_id })).await;
    assert_eq!(table["data"]["decomposition"]["handedDown"], "0", "{table}");
    assert_code(&luzhai.gql(REMOVE_QUOTA, json!({ "i": id, "t": zhaisha_id })).await, "NOT_FOUND");
    assert_ok(&city.gql(REMOVE_QUOTA, json!({ "i": id, "t": luzhai_id })).await);
    let table = city.gql(TABLE, json!({ "i": id, "t": luzhai_id })).await;
    assert_eq!(table["data"]["decomposition"]["quotaReceived"], Value::Null, "{table}");
    let body = city.gql(REMOVE_TARGET, json!({ "i": id })).await;
    assert_eq!(body["data"]["removeTarget"], json!({ "target": null, "quota": null }), "{body}");
    let table = city.gql(TABLE, json!({ "i": id, "t": null })).await;
    assert_eq!(table["data"]["decomposition"]["ownTarget"], Value::Null, "{table}");
    assert_code(&city.gql(REMOVE_TARGET, json!({ "i": id })).await, "NOT_FOUND");

    let count = |action: &'static str| {
        let city = &city;
        async move {
            let q = "query($a: String!) { auditLog(first: 1, filter: {action: $a}) { totalCount } }";
            city.gql(q, json!({ "a": action })).await["data"]["auditLog"]["totalCount"].as_i64()
        }
    };
    assert_eq!((count("target.remove").await, count("target.remove_quota").await), (Some(1), Some(2)));
}
