//! `rollupChanged`: a county's dashboard follows a township's report, a sibling county sees
//! nothing of it, and the subscribers of one group share one computation and the same bytes.

use super::*;

pub(super) const ROLLUP_SUB: &str = "subscription($t: ID, $p: String!, $i: [ID!]!) { rollupChanged(tenantId: $t, period: $p, indicatorIds: $i) { tenantId indicatorCode actual children { tenant { code } actual } } }";
const REPORT: &str = "mutation($i: ReportInput!) { report(input: $i) { id version } }";
pub(super) const PERIOD: &str = "2021-06";

pub(super) async fn report(actor: &Actor<'_>, ind: &str, value: &str) {
    let line = json!({ "indicatorId": ind, "period": PERIOD, "value": value });
    assert_ok(&actor.gql(REPORT, json!({ "i": line })).await);
}

pub(super) fn actual(data: &Value) -> String {
    data["rollupChanged"][0]["actual"].as_str().unwrap_or("0").to_owned()
}

#[tokio::test]
async fn a_county_follows_its_township_and_a_sibling_county_sees_nothing_of_it() {
    let app = live_app(&[]).await;
    let luzhai_admin = app.actor(LUZHAI_ADMIN).await;
    let rongshui_admin = app.actor(RONGSHUI_ADMIN).await;
    let leaflets = indicator(&luzhai_admin, "PUB_LEAFLETS").await;
    let (luzhai, rongshui) = (app.tenant_id("450223").await, app.tenant_id("450225").await);

    let mut county = Ws::signed_in(&app, &luzhai_admin.access).await;
    county.subscribe("r", ROLLUP_SUB, json!({ "t": luzhai, "p": PERIOD, "i": [leaflets] })).await;
    let first = county.next_data("r").await;
    assert_eq!(first["rollupChanged"][0]["tenantId"], luzhai.as_str());

    // The sibling: its own county live, and 鹿寨县's refused like in the query.
    let mut sibling = Ws::signed_in(&app, &rongshui_admin.access).await;
    sibling.subscribe("own", ROLLUP_SUB, json!({ "t": rongshui, "p": PERIOD, "i": [leaflets] })).await;
    let own_before = actual(&sibling.next_data("own").await);
    sibling.subscribe("theirs", ROLLUP_SUB, json!({ "t": luzhai, "p": PERIOD, "i": [leaflets] })).await;
    let refused = sibling.json().await;
    assert_eq!((refused["type"].as_str(), refused["id"].as_str()), (Some("next"), Some("theirs")), "{refused}");
    assert_eq!(refused["payload"]["data"]["rollupChanged"], Value::Null, "{refused}");
    assert_eq!(refused["payload"]["errors"][0]["extensions"]["code"], "NOT_FOUND");
    assert_eq!(sibling.json().await, json!({ "id": "theirs", "type": "complete" }));

    // 寨沙镇 reports: 鹿寨县's subscriber gets the new roll-up with the new value.
    let zhaisha = app.actor(ZHAISHA_REPORTER).await;
    let before: rust_decimal::Decimal = actual(&first).parse().unwrap();
    report(&zhaisha, &leaflets, "40").await;
    let pushed = county.next_data("r").await;
    let after: rust_decimal::Decimal = actual(&pushed).parse().unwrap();
    assert_eq!(after - before, rust_decimal::Decimal::from(40), "{pushed}");
    let zs =
        pushed["rollupChanged"][0]["children"].as_array().unwrap().iter().find(|c| c["tenant"]["code"] == "450223102");
    assert_eq!(zs.unwrap()["actual"], "40");

    // 安太乡 (融水) reports next: the first thing the sibling receives is its own change, so
    // nothing of 寨沙镇's report reached it.
    let anta = app.actor(ANTAI_REPORTER).await;
    report(&anta, &leaflets, "7").await;
    let own = sibling.next_data("own").await;
    let own_after: rust_decimal::Decimal = actual(&own).parse().unwrap();
    assert_eq!(own_after - own_before.parse::<rust_decimal::Decimal>().unwrap(), rust_decimal::Decimal::from(7));
    assert_eq!(own["rollupChanged"][0]["tenantId"], rongshui.as_str());
    let codes: Vec<&str> = own["rollupChanged"][0]["children"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["tenant"]["code"].as_str())
        .collect();
    assert!(codes.iter().all(|c| c.starts_with("450225")), "{codes:?}");
}

#[tokio::test]
async fn one_group_computes_once_and_its_members_get_the_same_bytes() {
    let app = live_app(&[]).await;
    let luzhai_admin = app.actor(LUZHAI_ADMIN).await;
    let other_session = app.actor(LUZHAI_ADMIN).await;
    let leaflets = indicator(&luzhai_admin, "PUB_LEAFLETS").await;
    let vars = json!({ "p": PERIOD, "i": [leaflets] });
    let mut a = Ws::signed_in(&app, &luzhai_admin.access).await;
    let mut b = Ws::signed_in(&app, &other_session.access).await;
    a.subscribe("1", ROLLUP_SUB, vars.clone()).await;
    let Frame::Text(first_a) = a.recv().await else { panic!("a first answer") };
    b.subscribe("1", ROLLUP_SUB, vars).await;
    let Frame::Text(first_b) = b.recv().await else { panic!("a first answer") };
    assert_eq!(first_a, first_b, "the second member gets the group's answer as it is");

    let before = computations(&app).await;
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    report(&reporter, &leaflets, "12").await;
    let (reported, statements) = (std::time::Instant::now(), sql_statements(&app).await);
    let Frame::Text(next_a) = a.recv().await else { panic!("a pushed answer") };
    println!(
        "live roll-up: pushed {} ms after the report's answer (debounce {DEBOUNCE_MS} ms), {} SQL statements for the group's computation (authentication included)",
        reported.elapsed().as_millis(),
        sql_statements(&app).await - statements
    );
    let Frame::Text(next_b) = b.recv().await else { panic!("a pushed answer") };
    assert_ne!(next_a, first_a);
    assert_eq!(next_a, next_b, "members of one group get the same bytes");
    assert_eq!(computations(&app).await - before, 1, "one computation for the group, not one per member");

    // A write that changes nothing the group shows (another period) sends nothing: the next
    // message either socket gets is the one after the next real change.
    let zhaisha = app.actor(ZHAISHA_REPORTER).await;
    let before = computations(&app).await;
    let other = json!({ "indicatorId": leaflets, "period": "2021-05", "value": "3" });
    assert_ok(&zhaisha.gql(REPORT, json!({ "i": other })).await);
    // The group computed again after that write (and found its answer unchanged) …
    while computations(&app).await == before {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // … before this one.
    report(&zhaisha, &leaflets, "13").await;
    let data = a.next_data("1").await;
    assert!(data["rollupChanged"][0]["children"].to_string().contains("\"13\""), "{data}");
}

#[tokio::test]
async fn a_hundred_members_of_one_group_cost_one_computation() {
    let app = live_app(&[("SHILIU__GRAPHQL__SOCKETS_PER_USER", "200")]).await;
    let luzhai_admin = app.actor(LUZHAI_ADMIN).await;
    let leaflets = indicator(&luzhai_admin, "PUB_LEAFLETS").await;
    let vars = json!({ "p": PERIOD, "i": [leaflets] });
    let mut members = Vec::new();
    for _ in 0..100 {
        let mut ws = Ws::signed_in(&app, &luzhai_admin.access).await;
        ws.subscribe("1", ROLLUP_SUB, vars.clone()).await;
        ws.next_data("1").await;
        members.push(ws);
    }
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let (before, statements) = (computations(&app).await, sql_statements(&app).await);
    report(&reporter, &leaflets, "21").await;
    let reported = std::time::Instant::now();
    let mut first = None;
    for ws in &mut members {
        let Frame::Text(text) = ws.recv().await else { panic!("a pushed answer") };
        assert_eq!(first.get_or_insert_with(|| text.clone()), &text, "every member gets the same bytes");
    }
    let last = reported.elapsed().as_millis();
    assert_eq!(computations(&app).await - before, 1, "one computation for 100 members");
    println!(
        "live roll-up, 100 members of one group: the last got the push {last} ms after the report's answer (debounce {DEBOUNCE_MS} ms); {} SQL statements for the report and the group",
        sql_statements(&app).await - statements
    );
}
