//! Applications climbing 寨沙镇 -> 鹿寨县 -> 柳州市: order, reasons, roles, versions, siblings.

use serde_json::{Value, json};

use crate::helpers::*;
use crate::units::registration::create_unit;

pub const CREATE_APP: &str = "mutation($u: ID!, $k: DesignationKind!, $l: TenantLevel!) { createApplication(input: {unitId: $u, kind: $k, level: $l, statement: \"申报\", evidence: [\"台账/1.pdf\"]}) { id version status } }";
pub const SUBMIT: &str = "mutation($id: ID!, $v: Int!) { submitApplication(id: $id, version: $v) { id version status currentTenant { code } } }";
pub const DECIDE: &str = "mutation($id: ID!, $v: Int!, $d: Decision!, $r: String) { decideApplication(input: {id: $id, version: $v, decision: $d, reason: $r}) { id version status statusLabel currentTenant { code } } }";
const TIMELINE: &str = "query($id: ID!) { application(id: $id) { status timeline { action fromStatus toStatus atTenant { code } actorName reason } } }";

/// A submitted application for a new village of 寨沙镇, to be named at `level`.
pub async fn submitted_village_application(app: &TestApp, level: &str) -> Value {
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let zhaisha = app.tenant_id("450223102").await;
    let unit = create_unit(&reporter, &zhaisha, "测试村", "COMMUNITY").await;
    let created = reporter.gql(CREATE_APP, json!({ "u": unit["id"], "k": "DEMONSTRATION_UNIT", "l": level })).await;
    assert_ok(&created);
    let a = &created["data"]["createApplication"];
    assert_eq!(a["status"], "DRAFT");
    let body = reporter.gql(SUBMIT, json!({ "id": a["id"], "v": a["version"] })).await;
    assert_ok(&body);
    body["data"]["submitApplication"].clone()
}

pub async fn decide(actor: &Actor<'_>, a: &Value, d: &str, reason: Option<&str>) -> Value {
    actor.gql(DECIDE, json!({ "id": a["id"], "v": a["version"], "d": d, "r": reason })).await
}

#[tokio::test]
async fn a_village_climbs_three_levels_in_order_and_nobody_skips() {
    let app = spawn_app().await;
    let a = submitted_village_application(&app, "CITY").await;
    assert_eq!(a["currentTenant"]["code"], "450223102");
    let township = app.actor("zhaisha.reviewer").await;
    let county = app.actor(LUZHAI_REVIEWER).await;
    let city = app.actor(CITY_REVIEWER).await;

    // The county and the city cannot act before the township.
    assert_code(&decide(&county, &a, "RECOMMEND", None).await, "CONFLICT");
    assert_code(&decide(&city, &a, "APPROVE", None).await, "CONFLICT");
    // The township recommends; approval is not its verb.
    assert_code(&decide(&township, &a, "APPROVE", None).await, "BAD_USER_INPUT");
    let a = decide(&township, &a, "RECOMMEND", None).await["data"]["decideApplication"].clone();
    assert_eq!(a["currentTenant"]["code"], "450223");
    assert_code(&decide(&city, &a, "APPROVE", None).await, "CONFLICT");
    let a = decide(&county, &a, "RECOMMEND", None).await["data"]["decideApplication"].clone();
    assert_eq!(a["currentTenant"]["code"], "450200");
    assert_code(&decide(&city, &a, "RECOMMEND", None).await, "BAD_USER_INPUT");
    let a = decide(&city, &a, "APPROVE", None).await["data"]["decideApplication"].clone();
    assert_eq!(a["status"], "APPROVED");
    assert_eq!(a["statusLabel"], "已批准");

    let t = city.gql(TIMELINE, json!({ "id": a["id"] })).await;
    let steps: Vec<(String, String)> = t["data"]["application"]["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap().to_owned(), e["atTenant"]["code"].as_str().unwrap().to_owned()))
        .collect();
    let expected = [
        ("CREATE", "450223102"),
        ("SUBMIT", "450223102"),
        ("RECOMMEND", "450223102"),
        ("RECOMMEND", "450223"),
        ("APPROVE", "450200"),
    ];
    assert_eq!(steps, expected.map(|(a, t)| (a.to_owned(), t.to_owned())));
}

#[tokio::test]
async fn returns_need_a_reason_and_the_revised_application_climbs_again() {
    let app = spawn_app().await;
    let a = submitted_village_application(&app, "COUNTY").await;
    let township = app.actor("zhaisha.reviewer").await;
    let county = app.actor(LUZHAI_REVIEWER).await;
    let a = decide(&township, &a, "RECOMMEND", None).await["data"]["decideApplication"].clone();
    for reason in [None, Some("   ")] {
        let body = decide(&county, &a, "RETURN", reason).await;
        assert_code(&body, "BAD_USER_INPUT");
        assert_eq!(body["errors"][0]["extensions"]["field"], "reason");
    }
    assert_code(&decide(&county, &a, "REJECT", None).await, "BAD_USER_INPUT");
    let a = decide(&county, &a, "RETURN", Some("请补充活动照片")).await["data"]["decideApplication"].clone();
    assert_eq!(a["status"], "RETURNED");
    assert_eq!(a["currentTenant"]["code"], "450223102");

    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let revised = reporter
        .gql(
            "mutation($id: ID!, $v: Int!) { reviseApplication(input: {id: $id, version: $v, statement: \"已补充\", evidence: [\"照片.zip\"]}) { version evidence } }",
            json!({ "id": a["id"], "v": a["version"] }),
        )
        .await;
    assert_eq!(revised["data"]["reviseApplication"]["evidence"], json!(["照片.zip"]));
    let v = revised["data"]["reviseApplication"]["version"].clone();
    let a = reporter.gql(SUBMIT, json!({ "id": a["id"], "v": v })).await["data"]["submitApplication"].clone();
    assert_eq!(a["currentTenant"]["code"], "450223102", "a resubmission starts at the bottom again");
    let a = decide(&township, &a, "RECOMMEND", None).await["data"]["decideApplication"].clone();
    let a = decide(&county, &a, "APPROVE", None).await["data"]["decideApplication"].clone();
    assert_eq!(a["status"], "APPROVED");
    let t = county.gql(TIMELINE, json!({ "id": a["id"] })).await;
    let reasons: Vec<&Value> = t["data"]["application"]["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "RETURN")
        .map(|e| &e["reason"])
        .collect();
    assert_eq!(reasons, [&json!("请补充活动照片")]);
}

#[tokio::test]
async fn a_rejection_is_final() {
    let app = spawn_app().await;
    let a = submitted_village_application(&app, "TOWNSHIP").await;
    let township = app.actor("zhaisha.reviewer").await;
    let a = decide(&township, &a, "REJECT", Some("不符合条件")).await["data"]["decideApplication"].clone();
    assert_eq!(a["status"], "REJECTED");
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    assert_code(&reporter.gql(SUBMIT, json!({ "id": a["id"], "v": a["version"] })).await, "CONFLICT");
    assert_code(&decide(&township, &a, "APPROVE", None).await, "CONFLICT");
}

#[tokio::test]
async fn wrong_roles_and_levels_are_refused() {
    let app = spawn_app().await;
    let a = submitted_village_application(&app, "CITY").await;
    // A reporter cannot decide; a viewer cannot decide.
    for who in [ZHAISHA_REPORTER, CITY_VIEWER] {
        assert_code(&decide(&app.actor(who).await, &a, "RECOMMEND", None).await, "FORBIDDEN");
    }
    // Only the unit's own tenant applies: the county admin sees the unit but may not apply for it.
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let zhaisha = app.tenant_id("450223102").await;
    let unit = create_unit(&reporter, &zhaisha, "另一村", "COMMUNITY").await;
    let county_admin = app.actor(LUZHAI_ADMIN).await;
    let body = county_admin.gql(CREATE_APP, json!({ "u": unit["id"], "k": "DEMONSTRATION_UNIT", "l": "CITY" })).await;
    assert_code(&body, "FORBIDDEN");
    // A county unit cannot ask for a township-level title: there is no township above it.
    let luzhai = app.tenant_id("450223").await;
    let county_unit = create_unit(&county_admin, &luzhai, "县直机关", "AGENCY").await;
    let body = county_admin
        .gql(CREATE_APP, json!({ "u": county_unit["id"], "k": "DEMONSTRATION_UNIT", "l": "TOWNSHIP" }))
        .await;
    assert_code(&body, "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "level");
    // A second open application for the same unit, title and level is a conflict.
    let first = reporter.gql(CREATE_APP, json!({ "u": unit["id"], "k": "EDUCATION_BASE", "l": "COUNTY" })).await;
    assert_ok(&first);
    assert_code(
        &reporter.gql(CREATE_APP, json!({ "u": unit["id"], "k": "EDUCATION_BASE", "l": "COUNTY" })).await,
        "CONFLICT",
    );
}

#[tokio::test]
async fn a_sibling_county_sees_nothing_and_decides_nothing() {
    let app = spawn_app().await;
    let a = submitted_village_application(&app, "CITY").await;
    let sibling = app.actor(RONGSHUI_REVIEWER).await;
    assert_code(&sibling.gql(TIMELINE, json!({ "id": a["id"] })).await, "NOT_FOUND");
    assert_code(&decide(&sibling, &a, "RECOMMEND", None).await, "NOT_FOUND");
    let listed =
        sibling.gql("{ applications(first: 100) { edges { node { unit { tenant { code } } } } } }", json!({})).await;
    for n in edges(&listed["data"]["applications"]) {
        assert!(n["unit"]["tenant"]["code"].as_str().unwrap().starts_with("450225"), "{n}");
    }
    let queue = sibling.gql("{ reviewQueue { totalCount } }", json!({})).await;
    assert_eq!(queue["data"]["reviewQueue"]["totalCount"], 0);
    let other = app.actor(ANTAI_REPORTER).await;
    assert_code(
        &other
            .gql(
                "mutation($id: ID!, $v: Int!) { reviseApplication(input: {id: $id, version: $v}) { id } }",
                json!({ "id": a["id"], "v": a["version"] }),
            )
            .await,
        "NOT_FOUND",
    );
    assert_code(&other.gql(SUBMIT, json!({ "id": a["id"], "v": a["version"] })).await, "NOT_FOUND");
}

#[tokio::test]
async fn the_review_queue_follows_the_application_up() {
    let app = spawn_app().await;
    let a = submitted_village_application(&app, "CITY").await;
    let queue = "{ reviewQueue(first: 50) { totalCount edges { node { id } } } }";
    let township = app.actor("zhaisha.reviewer").await;
    let county = app.actor(LUZHAI_REVIEWER).await;
    let ids = |body: Value| -> Vec<String> {
        body["data"]["reviewQueue"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(ids(township.gql(queue, json!({})).await).contains(&a["id"].as_str().unwrap().to_owned()));
    assert!(!ids(county.gql(queue, json!({})).await).contains(&a["id"].as_str().unwrap().to_owned()));
    decide(&township, &a, "RECOMMEND", None).await;
    assert!(!ids(township.gql(queue, json!({})).await).contains(&a["id"].as_str().unwrap().to_owned()));
    assert!(ids(county.gql(queue, json!({})).await).contains(&a["id"].as_str().unwrap().to_owned()));
}

#[tokio::test]
async fn two_reviewers_deciding_at_once_one_wins_the_other_gets_conflict() {
    let app = spawn_app().await;
    let a = submitted_village_application(&app, "TOWNSHIP").await;
    // Two reviewers of 寨沙镇.
    let admin = app.actor(LUZHAI_ADMIN).await;
    let zhaisha = app.tenant_id("450223102").await;
    let second = admin
        .gql(
            "mutation($t: ID!) { createUser(input: {tenantId: $t, username: \"zhaisha.reviewer2\", password: \"long enough pw\", roles: [REVIEWER]}) { id } }",
            json!({ "t": zhaisha }),
        )
        .await;
    assert_ok(&second);
    let one = app.actor("zhaisha.reviewer").await;
    let two = app.login_raw("zhaisha.reviewer2", "long enough pw").await;
    let two_token = two["data"]["login"]["accessToken"].as_str().unwrap().to_owned();
    let vars_a = json!({ "id": a["id"], "v": a["version"], "d": "APPROVE", "r": null });
    let vars_b = json!({ "id": a["id"], "v": a["version"], "d": "REJECT", "r": "不符合" });
    let (ra, rb) = tokio::join!(app.gql(Some(&one.access), DECIDE, vars_a), app.gql(Some(&two_token), DECIDE, vars_b));
    let outcomes = [code(&ra), code(&rb)];
    assert_eq!(outcomes.iter().filter(|c| c.is_none()).count(), 1, "{ra} {rb}");
    assert_eq!(outcomes.iter().filter(|c| **c == Some("CONFLICT")).count(), 1, "{ra} {rb}");
    let t = one.gql(TIMELINE, json!({ "id": a["id"] })).await;
    let decisions = t["data"]["application"]["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "APPROVE" || e["action"] == "REJECT")
        .count();
    assert_eq!(decisions, 1, "{t}");
}
