//! `reviewQueueChanged` and `rectificationChanged`: what waits on the caller arrives when it
//! starts waiting, and a sibling county's subscriber receives only its own.

use super::*;
use crate::units::applications::{CREATE_APP, SUBMIT, decide, submitted_village_application};
use crate::units::registration::create_unit;

const QUEUE_SUB: &str =
    "subscription { reviewQueueChanged(first: 50) { totalCount edges { node { id unit { tenant { code } } } } } }";
const TASKS_SUB: &str = "subscription { rectificationChanged(first: 100) { totalCount edges { node { id status assigneeTenant { code } } } } }";
const CREATE_INSPECTION: &str = "mutation($i: InspectionInput!) { createInspection(input: $i) { id } }";
const FINDING: &str = "mutation($id: ID!) { addFinding(inspectionId: $id, description: \"宣传栏内容陈旧\") { id } }";
const OPEN: &str = "mutation($f: ID!, $t: ID!, $d: NaiveDate!) { openRectificationTask(input: {findingId: $f, assigneeTenantId: $t, requirement: \"限期整改\", deadline: $d}) { id } }";

/// A finding of the city's inspection of 寨沙镇 today, and a deadline for its tasks.
pub(super) async fn city_finding(app: &TestApp, city: &Actor<'_>) -> (Value, String) {
    let zs = app.tenant_id("450223102").await;
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    let input = json!({ "title": "督查创建工作", "inspectedOn": today.to_string(), "leaders": ["市创建办主任"],
        "summary": "实地查看", "places": [{ "tenantId": zs, "note": "宣传长廊" }] });
    let inspection = city.gql(CREATE_INSPECTION, json!({ "i": input })).await;
    assert_ok(&inspection);
    let finding = city.gql(FINDING, json!({ "id": inspection["data"]["createInspection"]["id"] })).await;
    assert_ok(&finding);
    (finding["data"]["addFinding"]["id"].clone(), (today + chrono::Duration::days(30)).to_string())
}

/// A rectification task on `finding` for `tenant`: its id.
pub(super) async fn open_task(city: &Actor<'_>, finding: &Value, tenant: &str, deadline: &str) -> String {
    let task = city.gql(OPEN, json!({ "f": finding, "t": tenant, "d": deadline })).await;
    assert_ok(&task);
    task["data"]["openRectificationTask"]["id"].as_str().unwrap().to_owned()
}

fn ids(data: &Value, field: &str) -> Vec<String> {
    crate::helpers::ids(&data[field])
}

#[tokio::test]
async fn a_recommended_application_arrives_in_the_county_queue_and_not_in_the_siblings() {
    let app = live_app(&[]).await;
    let luzhai = app.actor(LUZHAI_REVIEWER).await;
    let rongshui = app.actor(RONGSHUI_REVIEWER).await;
    let mut county = Ws::signed_in(&app, &luzhai.access).await;
    county.subscribe("q", QUEUE_SUB, json!({})).await;
    let before = county.next_data("q").await;
    let mut sibling = Ws::signed_in(&app, &rongshui.access).await;
    sibling.subscribe("q", QUEUE_SUB, json!({})).await;
    let sibling_before = sibling.next_data("q").await;

    // A village of 寨沙镇 applies; its township recommends it up to 鹿寨县.
    let a = submitted_village_application(&app, "CITY").await;
    let township = app.actor("zhaisha.reviewer").await;
    assert_ok(&decide(&township, &a, "RECOMMEND", None).await);
    let id = a["id"].as_str().unwrap().to_owned();
    // The unit, the draft and the submission at 寨沙镇 left the county's queue as it was, so
    // nothing was pushed for them: the first push is the recommendation.
    let now = county.next_data("q").await;
    assert!(ids(&now, "reviewQueueChanged").contains(&id), "{now}");
    let total = |d: &Value| d["reviewQueueChanged"]["totalCount"].as_u64().unwrap();
    assert_eq!(total(&now), total(&before) + 1);

    // 融水县's own application is the first thing its reviewer receives.
    let reporter = app.actor("rongshui.reporter").await;
    let unit = create_unit(&reporter, &app.tenant_id("450225").await, "融水县民族团结服务站", "AGENCY").await;
    let created = reporter.gql(CREATE_APP, json!({ "u": unit["id"], "k": "DEMONSTRATION_UNIT", "l": "COUNTY" })).await;
    let draft = &created["data"]["createApplication"];
    assert_ok(&reporter.gql(SUBMIT, json!({ "id": draft["id"], "v": draft["version"] })).await);
    let own = sibling.next_data("q").await;
    assert_eq!(total(&own), total(&sibling_before) + 1, "{own}");
    assert!(ids(&own, "reviewQueueChanged").contains(&draft["id"].as_str().unwrap().to_owned()));
    assert!(!ids(&own, "reviewQueueChanged").contains(&id));
    for n in edges(&own["reviewQueueChanged"]) {
        assert!(n["unit"]["tenant"]["code"].as_str().unwrap().starts_with("450225"), "{n}");
    }
}

#[tokio::test]
async fn a_new_rectification_task_arrives_at_its_township_and_not_at_a_siblings() {
    let app = live_app(&[]).await;
    let zhaisha = app.actor(ZHAISHA_REPORTER).await;
    let anta = app.actor(ANTAI_REPORTER).await;
    let mut own = Ws::signed_in(&app, &zhaisha.access).await;
    own.subscribe("t", TASKS_SUB, json!({})).await;
    let before = own.next_data("t").await;
    let mut sibling = Ws::signed_in(&app, &anta.access).await;
    sibling.subscribe("t", TASKS_SUB, json!({})).await;
    let sibling_before = sibling.next_data("t").await;

    let city = app.actor(CITY_REVIEWER).await;
    let (zs, at) = (app.tenant_id("450223102").await, app.tenant_id("450225203").await);
    let (f, deadline) = city_finding(&app, &city).await;
    let zs_task = open_task(&city, &f, &zs, &deadline).await;

    let total = |d: &Value| d["rectificationChanged"]["totalCount"].as_u64().unwrap();
    let now = own.next_data("t").await;
    assert_eq!(total(&now), total(&before) + 1, "{now}");
    assert!(ids(&now, "rectificationChanged").contains(&zs_task));

    // 安太乡's task is the first thing its reporter receives.
    let at_task = open_task(&city, &f, &at, &deadline).await;
    let theirs = sibling.next_data("t").await;
    assert_eq!(total(&theirs), total(&sibling_before) + 1, "{theirs}");
    assert!(ids(&theirs, "rectificationChanged").contains(&at_task));
    assert!(!ids(&theirs, "rectificationChanged").contains(&zs_task));
    for n in edges(&theirs["rectificationChanged"]) {
        assert_eq!(n["assigneeTenant"]["code"], "450225203", "{n}");
    }
}
