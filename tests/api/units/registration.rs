//! Units: registration within scope, profile edits with versions, archive; siblings see nothing.

use serde_json::{Value, json};

use crate::helpers::*;

pub const CREATE_UNIT: &str = "mutation($t: ID!, $p: UnitProfileInput!) { createUnit(tenantId: $t, profile: $p) { id name category categoryLabel version households ethnicGroups { group place } tenant { code } } }";
const UPDATE: &str = "mutation($id: ID!, $v: Int!, $p: UnitProfileInput!) { updateUnit(id: $id, version: $v, profile: $p) { name version category } }";
const ARCHIVE: &str = "mutation($id: ID!, $v: Int!) { archiveUnit(id: $id, version: $v) { archived version } }";
const UNIT: &str = "query($id: ID!) { unit(id: $id) { name } }";

pub async fn create_unit(actor: &Actor<'_>, tenant: &str, name: &str, category: &str) -> Value {
    let body = actor.gql(CREATE_UNIT, json!({ "t": tenant, "p": { "name": name, "category": category } })).await;
    assert_ok(&body);
    body["data"]["createUnit"].clone()
}

#[tokio::test]
async fn a_township_reporter_registers_a_village_with_its_profile() {
    let app = spawn_app().await;
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let zhaisha = app.tenant_id("450223102").await;
    let profile = json!({
        "name": "新村", "category": "COMMUNITY", "households": 80, "population": 300,
        "ethnicGroups": [{ "group": "壮族", "place": "上屯" }, { "group": "瑶族" }],
    });
    let body = reporter.gql(CREATE_UNIT, json!({ "t": zhaisha, "p": profile })).await;
    assert_ok(&body);
    let unit = &body["data"]["createUnit"];
    assert_eq!(unit["categoryLabel"], "社区(村)");
    assert_eq!(unit["ethnicGroups"], json!([{ "group": "壮族", "place": "上屯" }, { "group": "瑶族", "place": null }]));
    assert_eq!(unit["tenant"]["code"], "450223102");
}

#[tokio::test]
async fn the_demo_village_carries_the_seed_figures() {
    let app = spawn_app().await;
    let viewer = app.actor(CITY_VIEWER).await;
    let body = viewer
        .gql("{ units(filter: {nameContains: \"兴等\"}) { edges { node { name households population ethnicGroups { group place } } } } }", json!({}))
        .await;
    let unit = &body["data"]["units"]["edges"][0]["node"];
    assert_eq!(unit["households"], 114);
    assert_eq!(unit["population"], 446);
    assert_eq!(
        unit["ethnicGroups"],
        json!([{ "group": "壮族", "place": "纳接屯" }, { "group": "瑶族", "place": "兴等屯" }])
    );
}

#[tokio::test]
async fn edits_carry_versions_and_archived_units_are_frozen() {
    let app = spawn_app().await;
    let admin = app.actor(LUZHAI_ADMIN).await;
    let luzhai = app.tenant_id("450223").await;
    let unit = create_unit(&admin, &luzhai, "鹿寨县某机关", "AGENCY").await;
    let id = unit["id"].clone();
    let body = admin.gql(UPDATE, json!({ "id": id, "v": 1, "p": { "name": "鹿寨县民宗局" } })).await;
    assert_eq!(body["data"]["updateUnit"], json!({ "name": "鹿寨县民宗局", "version": 2, "category": "AGENCY" }));
    let stale = admin.gql(UPDATE, json!({ "id": id, "v": 1, "p": { "name": "旧名" } })).await;
    assert_code(&stale, "CONFLICT");
    assert_eq!(admin.gql(UNIT, json!({ "id": id })).await["data"]["unit"]["name"], "鹿寨县民宗局");
    let body = admin.gql(ARCHIVE, json!({ "id": id, "v": 2 })).await;
    assert_eq!(body["data"]["archiveUnit"]["archived"], true);
    assert_code(&admin.gql(UPDATE, json!({ "id": id, "v": 3, "p": { "name": "x" } })).await, "CONFLICT");
    let listed = admin.gql("{ units(first: 100) { edges { node { id } } } }", json!({})).await;
    assert!(!listed.to_string().contains(&format!("\"{}\"", id.as_str().unwrap())), "archived unit listed by default");
}

#[tokio::test]
async fn bad_unit_input_names_the_field() {
    let app = spawn_app().await;
    let admin = app.actor(LUZHAI_ADMIN).await;
    let luzhai = app.tenant_id("450223").await;
    let cases = [
        (json!({ "name": "x".repeat(101), "category": "SCHOOL" }), "name"),
        (json!({ "name": "  ", "category": "SCHOOL" }), "name"),
        (json!({ "name": "学校" }), "category"),
        (json!({ "name": "学校", "category": "SCHOOL", "households": -1 }), "households"),
        (json!({ "name": "学校", "category": "SCHOOL", "contactPhone": "1".repeat(31) }), "contactPhone"),
    ];
    for (p, field) in cases {
        let body = admin.gql(CREATE_UNIT, json!({ "t": luzhai, "p": p })).await;
        assert_code(&body, "BAD_USER_INPUT");
        assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body}");
    }
    let body = admin.gql(CREATE_UNIT, json!({ "t": luzhai, "p": { "name": "x", "category": "VILLAGE" } })).await;
    assert_code(&body, "GRAPHQL_VALIDATION_FAILED");
}

#[tokio::test]
async fn siblings_cannot_see_register_edit_or_archive_units() {
    let app = spawn_app().await;
    let rongshui_admin = app.actor(RONGSHUI_ADMIN).await;
    let rongshui = app.tenant_id("450225").await;
    let theirs = create_unit(&rongshui_admin, &rongshui, "融水县某学校", "SCHOOL").await;
    let id = theirs["id"].clone();

    let luzhai_admin = app.actor(LUZHAI_ADMIN).await;
    assert_code(&luzhai_admin.gql(UNIT, json!({ "id": id })).await, "NOT_FOUND");
    let listed = luzhai_admin.gql("{ units(first: 100) { edges { node { name tenant { code } } } } }", json!({})).await;
    for n in edges(&listed["data"]["units"]) {
        assert!(n["tenant"]["code"].as_str().unwrap().starts_with("450223"), "{n}");
    }
    assert_code(
        &luzhai_admin
            .gql("query($t: ID!) { units(filter: {tenantId: $t}) { totalCount } }", json!({ "t": rongshui }))
            .await,
        "NOT_FOUND",
    );
    // The city above is no filter either, not even as a subtree overlapping the county's own;
    // the county's own township answers with its units.
    let city = app.tenant_id("450200").await;
    for subtree in [false, true] {
        let q = "query($t: ID!, $s: Boolean!) { units(filter: {tenantId: $t, includeSubtree: $s}) { edges { node { id } } } }";
        assert_code(&luzhai_admin.gql(q, json!({ "t": city, "s": subtree })).await, "NOT_FOUND");
    }
    let zhaisha = app.tenant_id("450223102").await;
    let own = luzhai_admin
        .gql("query($t: ID!) { units(filter: {tenantId: $t}) { edges { node { name } } } }", json!({ "t": zhaisha }))
        .await;
    assert!(!own["data"]["units"]["edges"].as_array().unwrap().is_empty(), "{own}");
    assert_code(
        &luzhai_admin.gql(CREATE_UNIT, json!({ "t": rongshui, "p": { "name": "x", "category": "SCHOOL" } })).await,
        "NOT_FOUND",
    );
    assert_code(&luzhai_admin.gql(UPDATE, json!({ "id": id, "v": 1, "p": { "name": "x" } })).await, "NOT_FOUND");
    assert_code(&luzhai_admin.gql(ARCHIVE, json!({ "id": id, "v": 1 })).await, "NOT_FOUND");
    let body = rongshui_admin.gql(UNIT, json!({ "id": id })).await;
    assert_eq!(body["data"]["unit"]["name"], "融水县某学校");
}

#[tokio::test]
async fn unit_roles() {
    let app = spawn_app().await;
    let zhaisha = app.tenant_id("450223102").await;
    for who in [LUZHAI_REVIEWER, CITY_VIEWER] {
        let actor = app.actor(who).await;
        let body = actor.gql(CREATE_UNIT, json!({ "t": zhaisha, "p": { "name": "x", "category": "SCHOOL" } })).await;
        assert_code(&body, "FORBIDDEN");
    }
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let unit = create_unit(&reporter, &zhaisha, "寨沙镇中心校", "SCHOOL").await;
    assert_code(&reporter.gql(ARCHIVE, json!({ "id": unit["id"], "v": 1 })).await, "FORBIDDEN");
}
