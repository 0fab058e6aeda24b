//! The tenant tree: reads stay in the subtree, creation follows the levels, siblings see nothing.

use serde_json::{Value, json};

use crate::helpers::*;

const CREATE: &str = "mutation($p: ID!, $c: String!, $n: String!) { createTenant(input: {parentId: $p, code: $c, name: $n}) { id code name level levelLabel parent { code } ancestors { code } } }";
const TENANT: &str = "query($id: ID!) { tenant(id: $id) { id code name } }";

fn codes(conn: &Value) -> Vec<String> {
    edges(conn).into_iter().map(|n| n["code"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn city_admin_builds_the_tree_one_level_at_a_time() {
    let app = spawn_app().await;
    let admin = app.actor(CITY_ADMIN).await;
    let luzhai = app.tenant_id("450223").await;
    let body = admin.gql(CREATE, json!({ "p": luzhai, "c": "450223203", "n": "拉沟乡" })).await;
    assert_ok(&body);
    let t = &body["data"]["createTenant"];
    assert_eq!(t["level"], "TOWNSHIP");
    assert_eq!(t["levelLabel"], "乡镇(街道)级");
    assert_eq!(t["parent"]["code"], "450223");
    assert_eq!(t["ancestors"], json!([{ "code": "450200" }, { "code": "450223" }]));
    // The closure rows came with it: the county admin sees the new township in its subtree.
    let county = app.actor(LUZHAI_ADMIN).await;
    let body = county.gql(TENANT, json!({ "id": t["id"] })).await;
    assert_eq!(body["data"]["tenant"]["name"], "拉沟乡");
}

#[tokio::test]
async fn bad_tenant_input_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let admin = app.actor(CITY_ADMIN).await;
    let city = app.tenant_id("450200").await;
    let luzhai = app.tenant_id("450223").await;
    let zhaisha = app.tenant_id("450223102").await;
    let long_name = "长".repeat(101);
    let cases = [
        (json!({ "p": city, "c": "45022", "n": "x" }), "BAD_USER_INPUT", "code"),
        (json!({ "p": city, "c": "4502a7", "n": "x" }), "BAD_USER_INPUT", "code"),
        (json!({ "p": city, "c": "450323", "n": "x" }), "BAD_USER_INPUT", "code"),
        (json!({ "p": luzhai, "c": "450225301", "n": "x" }), "BAD_USER_INPUT", "code"),
        (json!({ "p": city, "c": "450227", "n": long_name }), "BAD_USER_INPUT", "name"),
        (json!({ "p": city, "c": "450227", "n": "   " }), "BAD_USER_INPUT", "name"),
        (json!({ "p": zhaisha, "c": "450223102001", "n": "村" }), "BAD_USER_INPUT", "parentId"),
        (json!({ "p": city, "c": "450223", "n": "鹿寨县" }), "CONFLICT", "code"),
        (json!({ "p": "abc", "c": "450227", "n": "x" }), "BAD_USER_INPUT", "parentId"),
        (json!({ "p": "999999", "c": "450227", "n": "x" }), "NOT_FOUND", ""),
    ];
    let before = admin.gql("{ tenants { totalCount } auditLog { totalCount } }", json!({})).await;
    for (vars, expected, field) in cases {
        let body = admin.gql(CREATE, vars.clone()).await;
        assert_code(&body, expected);
        if !field.is_empty() {
            assert_eq!(body["errors"][0]["extensions"]["field"], field, "{vars} -> {body}");
        }
    }
    let after = admin.gql("{ tenants { totalCount } auditLog { totalCount } }", json!({})).await;
    assert_eq!(before, after, "a refused mutation changed something");
}

#[tokio::test]
async fn a_county_cannot_see_or_change_its_sibling() {
    let app = spawn_app().await;
    let rongshui = app.tenant_id("450225").await;
    let antai = app.tenant_id("450225203").await;
    let luzhai_admin = app.actor(LUZHAI_ADMIN).await;

    for id in [&rongshui, &antai] {
        assert_code(&luzhai_admin.gql(TENANT, json!({ "id": id })).await, "NOT_FOUND");
    }
    let listed = luzhai_admin.gql("{ tenants(first: 100) { totalCount edges { node { code } } } }", json!({})).await;
    let listed_codes = codes(&listed["data"]["tenants"]);
    assert_eq!(listed["data"]["tenants"]["totalCount"], 4);
    assert!(listed_codes.iter().all(|c| c.starts_with("450223")), "{listed_codes:?}");

    // The same from the other side, as a county reviewer.
    let luzhai = app.tenant_id("450223").await;
    let rongshui_reviewer = app.actor(RONGSHUI_REVIEWER).await;
    assert_code(&rongshui_reviewer.gql(TENANT, json!({ "id": luzhai })).await, "NOT_FOUND");
    let body = rongshui_reviewer.gql("{ tenants(first: 100) { edges { node { code } } } }", json!({})).await;
    assert!(codes(&body["data"]["tenants"]).iter().all(|c| c.starts_with("450225")));

    let body = luzhai_admin.gql(CREATE, json!({ "p": rongshui, "c": "450225209", "n": "白云乡" })).await;
    assert_code(&body, "NOT_FOUND");
    let city_admin = app.actor(CITY_ADMIN).await;
    let children = city_admin
        .gql("query($id: ID!) { tenant(id: $id) { children { totalCount } } }", json!({ "id": rongshui }))
        .await;
    assert_eq!(children["data"]["tenant"]["children"]["totalCount"], 4, "sibling's subtree changed");
}

#[tokio::test]
async fn ancestors_show_identity_only_and_the_city_is_not_readable_from_below() {
    let app = spawn_app().await;
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let body =
        reporter.gql("{ me { tenant { name parent { code name level } ancestors { code name } } } }", json!({})).await;
    assert_ok(&body);
    assert_eq!(body["data"]["me"]["tenant"]["parent"]["code"], "450223");
    assert_eq!(
        body["data"]["me"]["tenant"]["ancestors"],
        json!([{ "code": "450200", "name": "柳州市" }, { "code": "450223", "name": "鹿寨县" }])
    );
    let city = app.tenant_id("450200").await;
    assert_code(&reporter.gql(TENANT, json!({ "id": city })).await, "NOT_FOUND");
    // The parent's own fields beyond identity are not in the type at all.
    let body = reporter.gql("{ me { tenant { parent { children { totalCount } } } } }", json!({})).await;
    assert_code(&body, "GRAPHQL_VALIDATION_FAILED");
}

#[tokio::test]
async fn writes_need_admin_at_home() {
    let app = spawn_app().await;
    let luzhai = app.tenant_id("450223").await;
    for who in [LUZHAI_REVIEWER, CITY_REVIEWER, CITY_VIEWER] {
        let actor = app.actor(who).await;
        let body = actor.gql(CREATE, json!({ "p": luzhai, "c": "450223203", "n": "拉沟乡" })).await;
        assert_code(&body, "FORBIDDEN");
    }
}

#[tokio::test]
async fn children_paginate_with_opaque_cursors() {
    let app = spawn_app().await;
    let admin = app.actor(CITY_ADMIN).await;
    let q = "query($after: String) { me { tenant { children(first: 4, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { code } } } } } }";
    let mut after = Value::Null;
    let mut seen = Vec::new();
    loop {
        let body = admin.gql(q, json!({ "after": after })).await;
        assert_ok(&body);
        let conn = &body["data"]["me"]["tenant"]["children"];
        assert_eq!(conn["totalCount"], 10);
        seen.extend(codes(conn));
        if conn["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = conn["pageInfo"]["endCursor"].clone();
        assert!(!after.as_str().unwrap().contains("450"), "cursor is not opaque: {after}");
    }
    assert_eq!(seen.len(), 10);
    let mut sorted = seen.clone();
    sorted.dedup();
    assert_eq!(sorted.len(), 10, "a page repeated an item: {seen:?}");

    let bad = admin.gql(q, json!({ "after": "bm90LWEtY3Vyc29y" })).await;
    assert_code(&bad, "BAD_USER_INPUT");
    let too_many = admin.gql("{ tenants(first: 101) { totalCount } }", json!({})).await;
    assert_code(&too_many, "BAD_USER_INPUT");
    assert_eq!(too_many["errors"][0]["extensions"]["field"], "first");
    assert_code(&admin.gql("{ tenants(first: 0) { totalCount } }", json!({})).await, "BAD_USER_INPUT");
}

#[tokio::test]
async fn tenants_filter_by_level() {
    let app = spawn_app().await;
    let admin = app.actor(CITY_ADMIN).await;
    let body =
        admin.gql("{ tenants(level: COUNTY, first: 50) { totalCount edges { node { level } } } }", json!({})).await;
    assert_eq!(body["data"]["tenants"]["totalCount"], 10);
    let rongshui = app.actor(RONGSHUI_ADMIN).await;
    let body = rongshui.gql("{ tenants(level: TOWNSHIP) { totalCount } }", json!({})).await;
    assert_eq!(body["data"]["tenants"]["totalCount"], 4);
}

#[tokio::test]
async fn a_tenant_is_found_by_its_division_code_within_the_subtree_only() {
    let app = spawn_app().await;
    const BY_CODE: &str = "query($c: String!) { tenantByCode(code: $c) { id code name } }";
    let rongshui = app.tenant_id("450225").await;
    let city_admin = app.actor(CITY_ADMIN).await;
    for typed in ["450225", " ４５０２２５ "] {
        let body = city_admin.gql(BY_CODE, json!({ "c": typed })).await;
        assert_ok(&body);
        assert_eq!(body["data"]["tenantByCode"]["id"], rongshui, "{typed:?}");
        assert_eq!(body["data"]["tenantByCode"]["code"], "450225");
    }
    let township = city_admin.gql(BY_CODE, json!({ "c": "450223102" })).await;
    assert_eq!(township["data"]["tenantByCode"]["code"], "450223102");
    // A sibling's code and nobody's code answer alike.
    let luzhai_admin = app.actor(LUZHAI_ADMIN).await;
    for code in ["450225", "450225203", "450299"] {
        let body = luzhai_admin.gql(BY_CODE, json!({ "c": code })).await;
        assert_code(&body, "NOT_FOUND");
        assert!(!body.to_string().contains("融水"), "{body}");
    }
    assert_eq!(luzhai_admin.gql(BY_CODE, json!({ "c": "450223" })).await["data"]["tenantByCode"]["code"], "450223");
    let bad = luzhai_admin.gql(BY_CODE, json!({ "c": "鹿寨" })).await;
    assert_code(&bad, "BAD_USER_INPUT");
    assert_eq!(bad["errors"][0]["extensions"]["field"], "code");
}

#[tokio::test]
async fn tenants_are_searched_by_name_within_the_subtree_only() {
    let app = spawn_app().await;
    const SEARCH: &str =
        "query($n: String) { tenants(nameContains: $n, first: 100) { totalCount edges { node { code name } } } }";
    let city_admin = app.actor(CITY_ADMIN).await;
    let found = city_admin.gql(SEARCH, json!({ "n": "融水" })).await;
    assert_ok(&found);
    let names: Vec<&str> = edges(&found["data"]["tenants"]).iter().map(|n| n["name"].as_str().unwrap()).collect();
    assert!(!names.is_empty() && names.iter().all(|n| n.contains("融水")), "{names:?}");
    assert!(codes(&found["data"]["tenants"]).contains(&"450225".to_owned()), "{found}");
    let all = city_admin.gql(SEARCH, json!({ "n": "" })).await;
    let everything = city_admin.gql(SEARCH, json!({ "n": null })).await;
    assert_eq!(
        all["data"]["tenants"]["totalCount"], everything["data"]["tenants"]["totalCount"],
        "empty text is no filter"
    );
    let literal = city_admin.gql(SEARCH, json!({ "n": "%" })).await;
    assert_eq!(literal["data"]["tenants"]["totalCount"], 0, "% is a character to find, not a wildcard");
    // 鹿寨 finds its own, and nothing of its sibling 融水.
    let luzhai_admin = app.actor(LUZHAI_ADMIN).await;
    let sibling = luzhai_admin.gql(SEARCH, json!({ "n": "融水" })).await;
    assert_eq!(sibling["data"]["tenants"]["totalCount"], 0, "{sibling}");
    let own = luzhai_admin.gql(SEARCH, json!({ "n": "鹿寨" })).await;
    assert!(codes(&own["data"]["tenants"]).iter().all(|c| c.starts_with("450223")), "{own}");
    assert!(!codes(&own["data"]["tenants"]).is_empty(), "{own}");
    let long = luzhai_admin.gql(SEARCH, json!({ "n": "寨".repeat(101) })).await;
    assert_code(&long, "BAD_USER_INPUT");
    assert_eq!(long["errors"][0]["extensions"]["field"], "nameContains");
}
