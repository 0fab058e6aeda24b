//! Submitting a period up the tree: gates, locks, returns, reopening; a sibling's are out of reach.

use super::*;

#[tokio::test]
async fn submission_gates_locks_returns_and_reopening() {
    let app = spawn_app().await;
    let county = app.actor("rongshui.reporter").await;
    let leaflets = indicator(&county, "PUB_LEAFLETS").await;
    // The county cannot submit while its townships are not accepted, unless it waives them.
    let body = county.gql(SUBMIT, json!({ "p": "2021" })).await;
    assert_code(&body, "CONFLICT");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("安太乡"));
    // The township submits; the county accepts.
    let anta = app.actor(ANTAI_REPORTER).await;
    assert_ok(&anta.gql(REPORT, json!({ "i": { "indicatorId": leaflets, "period": "2021-06", "value": "40" } })).await);
    let sub = anta.gql(SUBMIT, json!({ "p": "2021" })).await["data"]["submitPeriod"].clone();
    assert_eq!(sub["status"], "SUBMITTED");
    // Locked: the township cannot change its 2021 figures now.
    let locked =
        anta.gql(REPORT, json!({ "i": { "indicatorId": leaflets, "period": "2021-06", "value": "41" } })).await;
    assert_code(&locked, "CONFLICT");
    let reviewer = app.actor(RONGSHUI_REVIEWER).await;
    // A return needs a reason, and unlocks.
    assert_code(
        &reviewer.gql(DECIDE, json!({ "id": sub["id"], "v": sub["version"], "d": "RETURN" })).await,
        "BAD_USER_INPUT",
    );
    let returned =
        reviewer.gql(DECIDE, json!({ "id": sub["id"], "v": sub["version"], "d": "RETURN", "r": "6月数据有误" })).await;
    let returned = returned["data"]["decideSubmission"].clone();
    assert_eq!(returned["status"], "RETURNED");
    assert_ok(&anta.gql(REPORT, json!({ "i": { "indicatorId": leaflets, "period": "2021-06", "value": "41" } })).await);
    let sub = anta.gql(SUBMIT, json!({ "p": "2021", "v": returned["version"] })).await["data"]["submitPeriod"].clone();
    let accepted = reviewer.gql(DECIDE, json!({ "id": sub["id"], "v": sub["version"], "d": "ACCEPT" })).await;
    let accepted = accepted["data"]["decideSubmission"].clone();
    assert_eq!(accepted["statusLabel"], "已接收");
    // The county still misses three townships: it waives them with reasons and submits.
    let missing: Vec<String> = {
        let body =
            county.gql("{ me { tenant { children(first: 20) { edges { node { id code } } } } } }", json!({})).await;
        body["data"]["me"]["tenant"]["children"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["node"]["code"] != "450225203")
            .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let waivers: Vec<Value> = missing.iter().map(|id| json!({ "tenantId": id, "reason": "无本期数据" })).collect();
    let up = county.gql(SUBMIT, json!({ "p": "2021", "w": waivers })).await;
    assert_eq!(up["data"]["submitPeriod"]["status"], "SUBMITTED", "{up}");
    // While the county's own submission is pending, it cannot re-open the township.
    let reopen = reviewer
        .gql(DECIDE, json!({ "id": accepted["id"], "v": accepted["version"], "d": "REOPEN", "r": "复核" }))
        .await;
    assert_code(&reopen, "CONFLICT");
    // The timeline tells the whole story: each step from the status the one before it left, at
    // the level that took it (the township submits, the county decides).
    let t = reviewer
        .gql(
            "query($id: ID!) { submission(id: $id) { timeline { id action reason fromStatus toStatus atTenant { code } atTenantId actorName } } }",
            json!({ "id": sub["id"] }),
        )
        .await;
    let steps: Vec<(&str, Option<&str>, &str, &str)> = t["data"]["submission"]["timeline"]
        .as_array()
        .unwrap_or_else(|| panic!("{t}"))
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap(),
                e["fromStatus"].as_str(),
                e["toStatus"].as_str().unwrap(),
                e["atTenant"]["code"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("SUBMIT", None, "SUBMITTED", "450225203"),
            ("RETURN", Some("SUBMITTED"), "RETURNED", "450225"),
            ("SUBMIT", Some("RETURNED"), "SUBMITTED", "450225203"),
            ("ACCEPT", Some("SUBMITTED"), "ACCEPTED", "450225"),
        ]
    );
    let timeline = &t["data"]["submission"]["timeline"];
    assert_eq!(timeline[1]["reason"], "6月数据有误");
    let anta_id = app.tenant_id("450225203").await;
    assert_eq!(timeline[0]["atTenantId"], anta_id.as_str(), "the deprecated id still answers");
    assert_ne!(timeline[0]["id"], timeline[1]["id"]);
    // Accepted-only actual at the county counts the accepted township only.
    let r = rollup(&county, None, "2021", &leaflets).await;
    assert_eq!(r["acceptedActual"], "41");
    assert_eq!(child(&r, "450225203")["accepted"], true);
}

#[tokio::test]
async fn submissions_and_rollups_of_a_sibling_are_out_of_reach() {
    let app = spawn_app().await;
    let zhaisha_reporter = app.actor("rpt.450223102").await;
    // 寨沙镇's 2020 submission, accepted by 鹿寨县 in the demo.
    let subs = zhaisha_reporter.gql("{ submissions { edges { node { id version status } } } }", json!({})).await;
    let sub = subs["data"]["submissions"]["edges"][0]["node"].clone();
    assert_eq!(sub["status"], "ACCEPTED");
    let sibling = app.actor(RONGSHUI_REVIEWER).await;
    assert_code(
        &sibling.gql("query($id: ID!) { submission(id: $id) { id } }", json!({ "id": sub["id"] })).await,
        "NOT_FOUND",
    );
    assert_code(
        &sibling.gql(DECIDE, json!({ "id": sub["id"], "v": sub["version"], "d": "REOPEN", "r": "x" })).await,
        "NOT_FOUND",
    );
    let listed = sibling
        .gql("{ submissions { totalCount } reports(first: 100) { edges { node { tenantId } } } }", json!({}))
        .await;
    assert_eq!(listed["data"]["submissions"]["totalCount"], 0);
    let luzhai = app.tenant_id("450223").await;
    let activities = indicator(&sibling, "PUB_ACTIVITIES").await;
    // The city has just read 鹿寨县's roll-up, so it is cached: the sibling still cannot have it.
    let city = app.actor(CITY_ADMIN).await;
    let vars = json!({ "t": luzhai, "p": "2020", "i": [activities] });
    assert_ok(&city.gql(ROLLUP, vars.clone()).await);
    assert_ok(&app.actor(LUZHAI_REVIEWER).await.gql(ROLLUP, vars.clone()).await);
    let body = sibling.gql(ROLLUP, vars).await;
    assert_code(&body, "NOT_FOUND");
    // Only the parent decides: the township's own level cannot accept itself.
    let own = app.actor("zhaisha.reviewer").await;
    assert_code(
        &own.gql(DECIDE, json!({ "id": sub["id"], "v": sub["version"], "d": "REOPEN", "r": "x" })).await,
        "FORBIDDEN",
    );
    // The parent can re-open it, with a reason; then the township may change its figures.
    let parent = app.actor(LUZHAI_REVIEWER).await;
    assert_code(
        &parent.gql(DECIDE, json!({ "id": sub["id"], "v": sub["version"], "d": "REOPEN" })).await,
        "BAD_USER_INPUT",
    );
    let body =
        parent.gql(DECIDE, json!({ "id": sub["id"], "v": sub["version"], "d": "REOPEN", "r": "复核发现错误" })).await;
    assert_eq!(body["data"]["decideSubmission"]["status"], "RETURNED");
    assert_ok(
        &zhaisha_reporter
            .gql(REPORT, json!({ "i": { "indicatorId": activities, "period": "2020-01", "value": "5" } }))
            .await,
    );
}

#[tokio::test]
async fn a_submission_shows_the_figures_it_hands_up() {
    let app = spawn_app().await;
    let zhaisha = app.tenant_id("450223102").await;
    let reviewer = app.actor(LUZHAI_REVIEWER).await;
    let q = "query($t: ID!) { submissions(filter: {tenantId: $t}, first: 10) { edges { node { id period status \
             figures(first: 100) { totalCount edges { node { period value tenant { code } } } } } } } }";
    let body = reviewer.gql(q, json!({ "t": zhaisha })).await;
    let sub = &body["data"]["submissions"]["edges"][0]["node"];
    assert_eq!((&sub["period"], &sub["status"]), (&json!("2020"), &json!("ACCEPTED")), "{body}");
    // The same figures as the reports of 寨沙镇 in 2020 and every month and quarter of it.
    let all = reviewer
        .gql(
            "query($t: ID!) { reports(filter: {tenantId: $t}, first: 100) { edges { node { period value } } } }",
            json!({ "t": zhaisha }),
        )
        .await;
    let mut expected: Vec<(String, String)> = edges(&all["data"]["reports"])
        .into_iter()
        .filter(|e| e["period"].as_str().unwrap().starts_with("2020"))
        .map(|e| (e["period"].as_str().unwrap().to_owned(), e["value"].as_str().unwrap().to_owned()))
        .collect();
    let mut figures: Vec<(String, String)> = edges(&sub["figures"])
        .into_iter()
        .map(|e| (e["period"].as_str().unwrap().to_owned(), e["value"].as_str().unwrap().to_owned()))
        .collect();
    expected.sort();
    figures.sort();
    assert!(figures.len() >= 12, "every month of 2020: {figures:?}");
    assert_eq!(figures, expected);
    assert_eq!(sub["figures"]["totalCount"], figures.len());
    assert!(edges(&sub["figures"]).iter().all(|e| e["tenant"]["code"] == "450223102"));
    // A sibling county's reviewer finds no submission of 寨沙镇, nor its figures by its id.
    let sibling = app.actor(RONGSHUI_REVIEWER).await;
    let listed = sibling.gql(q, json!({ "t": zhaisha })).await;
    assert_eq!(listed["data"]["submissions"]["edges"], json!([]), "{listed}");
    let by_id = sibling
        .gql("query($id: ID!) { submission(id: $id) { figures(first: 5) { totalCount } } }", json!({ "id": sub["id"] }))
        .await;
    assert_code(&by_id, "NOT_FOUND");
}
