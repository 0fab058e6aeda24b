//! Who may take which step at which level, what a round may name, and the bounds of its inputs.

use super::*;

#[tokio::test]
async fn wrong_roles_and_levels_are_refused() {
    let app = spawn_app().await;
    let round = open_city_round(&app, "FIELD_OVERRIDES_DESK", 5).await;
    let rec = round.record(RONGSHUI);
    let self_scores = scores(&round.criteria, &["10", "20", "70"]);
    // Only the assessee's own REPORTER self-assesses: not the city's reporter, not the county admin.
    for who in ["liuzhou.reporter", RONGSHUI_ADMIN, RONGSHUI_REVIEWER] {
        let body = scored(&app.actor(who).await, "saveSelfAssessment", &rec, self_scores.clone()).await;
        assert_code(&body, "FORBIDDEN");
    }
    let reporter = app.actor("rongshui.reporter").await;
    let rec = ok(scored(&reporter, "saveSelfAssessment", &rec, self_scores).await, "saveSelfAssessment");
    let rec = ok(plain(&reporter, "submitSelfAssessment", &rec).await, "submitSelfAssessment");
    let desk = scores(&round.criteria, &["8", "18", "60", "0", "0"]);
    // Desk verification: a REVIEWER of the round's level; the assessee's own reviewer sees its
    // record but is at the wrong level; a reporter lacks the role.
    assert_code(
        &scored(&app.actor(RONGSHUI_REVIEWER).await, "verifyAssessmentDesk", &rec, desk.clone()).await,
        "FORBIDDEN",
    );
    assert_code(&scored(&reporter, "verifyAssessmentDesk", &rec, desk.clone()).await, "FORBIDDEN");
    let reviewer = app.actor(CITY_REVIEWER).await;
    let rec = ok(scored(&reviewer, "verifyAssessmentDesk", &rec, desk).await, "verifyAssessmentDesk");
    // Field verification: only the assigned group (一组: the inspector), not another city user.
    for who in [CITY_ADMIN, CITY_REVIEWER] {
        let body = scored(&app.actor(who).await, "verifyAssessmentField", &rec, json!([])).await;
        assert_code(&body, "FORBIDDEN");
    }
    // Steps out of order are CONFLICT.
    assert_code(&plain(&reviewer, "sendAssessmentFeedback", &rec).await, "CONFLICT");
    assert_code(&plain(&reporter, "acceptAssessment", &rec).await, "CONFLICT");
    // Publishing needs every record FINAL.
    assert_code(&reviewer.gql(PUBLISH, json!({ "id": round.id, "v": round.version })).await, "CONFLICT");
    assert_code(
        &app.actor(CITY_VIEWER).await.gql(PUBLISH, json!({ "id": round.id, "v": round.version })).await,
        "FORBIDDEN",
    );
    // Schemes and rounds are the ADMIN's; a county admin cannot open a round over the city's
    // counties or with the city's scheme.
    assert_code(
        &app.actor(CITY_REVIEWER).await.gql(CREATE_SCHEME, json!({ "i": scheme_input("x") })).await,
        "FORBIDDEN",
    );
    let rongshui_admin = app.actor(RONGSHUI_ADMIN).await;
    let own =
        ok(rongshui_admin.gql(CREATE_SCHEME, json!({ "i": scheme_input("融水方案") })).await, "createAssessmentScheme");
    let input = |scheme: &Value, tenant: String| {
        one_group_input(scheme, &[&rongshui_admin.user_id], json!({ "tenantId": tenant }))
    };
    let sanjiang = app.tenant_id(SANJIANG).await;
    let body = rongshui_admin.gql(OPEN_ROUND, input(&own["id"], sanjiang)).await;
    assert_code(&body, "NOT_FOUND");
    let city_scheme = app
        .actor(CITY_ADMIN)
        .await
        .gql("query($r: ID!) { assessmentRound(id: $r) { scheme { id } } }", json!({ "r": round.id }))
        .await;
    let anta = app.tenant_id("450225203").await;
    let body =
        rongshui_admin.gql(OPEN_ROUND, input(&city_scheme["data"]["assessmentRound"]["scheme"]["id"], anta)).await;
    assert_code(&body, "NOT_FOUND");
}

/// A field working group is made of the level's own users and the assessees are below it. The
/// city naming 鹿寨's reviewer (whom it sees) in a group is bad input; 融水 naming 鹿寨's reviewer
/// or 鹿寨's school finds neither. Either way no round is opened and the scheme is not frozen.
#[tokio::test]
async fn a_round_with_an_outsider_in_a_group_or_among_the_assessees_is_not_opened() {
    let app = spawn_app().await;
    let luzhai_reviewer = app.user_id(LUZHAI_REVIEWER).await;
    let city = app.actor(CITY_ADMIN).await;
    let before = rounds(&city).await;
    let scheme = ok(city.gql(CREATE_SCHEME, json!({ "i": scheme_input("市级方案") })).await, "createAssessmentScheme");
    let rongan = json!({ "tenantId": app.tenant_id(RONGAN).await });
    let body = city.gql(OPEN_ROUND, one_group_input(&scheme["id"], &[&city.user_id, &luzhai_reviewer], rongan)).await;
    assert_code(&body, "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "groups");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains(LUZHAI_REVIEWER), "{body}");
    assert_eq!(rounds(&city).await, before);
    assert!(!frozen(&city, &scheme["id"]).await);

    let rongshui = app.actor(RONGSHUI_ADMIN).await;
    let before = rounds(&rongshui).await;
    let scheme =
        ok(rongshui.gql(CREATE_SCHEME, json!({ "i": scheme_input("融水方案") })).await, "createAssessmentScheme");
    let hall = json!({ "unitId": app.unit_id("融水县政务服务中心").await });
    let school = json!({ "unitId": app.unit_id("鹿寨县民族中学").await });
    let body = rongshui.gql(OPEN_ROUND, one_group_input(&scheme["id"], &[&luzhai_reviewer], hall.clone())).await;
    assert_code(&body, "NOT_FOUND");
    assert_eq!(body["errors"][0]["message"], "user not found");
    let body = rongshui.gql(OPEN_ROUND, one_group_input(&scheme["id"], &[&rongshui.user_id], school)).await;
    assert_code(&body, "NOT_FOUND");
    assert_eq!(body["errors"][0]["message"], "unit not found");
    assert_eq!(rounds(&rongshui).await, before);
    assert!(!frozen(&rongshui, &scheme["id"]).await);

    // Its own user and its own unit: the round opens, with the unit's record.
    let round = ok(
        rongshui.gql(OPEN_ROUND, one_group_input(&scheme["id"], &[&rongshui.user_id], hall)).await,
        "openAssessmentRound",
    );
    assert_eq!(round["records"]["edges"][0]["node"]["assesseeTenant"]["code"], RONGSHUI);
    assert_eq!(rounds(&rongshui).await, before + 1);
    assert!(frozen(&rongshui, &scheme["id"]).await);
}

#[tokio::test]
async fn a_stale_version_is_a_conflict() {
    let app = spawn_app().await;
    let round = open_city_round(&app, "FIELD_OVERRIDES_DESK", 5).await;
    let reporter = app.actor("sanjiang.reporter").await;
    let rec = round.record(SANJIANG);
    ok(scored(&reporter, "saveSelfAssessment", &rec, scores(&round.criteria, &["1"])).await, "saveSelfAssessment");
    let stale = scored(&reporter, "saveSelfAssessment", &rec, scores(&round.criteria, &["2"])).await;
    assert_code(&stale, "CONFLICT");
    assert_eq!(stale["errors"][0]["extensions"]["field"], "version");
    let now = get_record(&reporter, &rec["id"]).await;
    assert_eq!(now["data"]["assessmentRecord"]["scores"][0]["selfScore"], "1");
}

#[tokio::test]
async fn weights_and_deadlines_out_of_range_are_bad_input_and_open_nothing() {
    let app = spawn_app().await;
    let city = app.actor(CITY_ADMIN).await;
    let before = rounds(&city).await;
    let scheme = ok(city.gql(CREATE_SCHEME, json!({ "i": scheme_input("权重方案") })).await, "createAssessmentScheme");
    let rongan = json!({ "tenantId": app.tenant_id(RONGAN).await });
    let mut vars = one_group_input(&scheme["id"], &[&city.user_id], rongan);
    vars["i"]["combineRule"] = json!("WEIGHTED_MEAN");
    // Two weights whose sum an Int cannot hold.
    for (field, desk, weight) in [("deskWeight", i32::MAX, 1), ("fieldWeight", 1, i32::MAX), ("deskWeight", -1, 1)] {
        let mut v = vars.clone();
        v["i"]["deskWeight"] = json!(desk);
        v["i"]["fieldWeight"] = json!(weight);
        let body = city.gql(OPEN_ROUND, v).await;
        assert_code(&body, "BAD_USER_INPUT");
        assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body}");
    }
    for deadline in ["0001-01-01", "9999-12-31", "1999-12-31"] {
        let mut v = vars.clone();
        v["i"]["deadline"] = json!(deadline);
        let body = city.gql(OPEN_ROUND, v).await;
        assert_code(&body, "BAD_USER_INPUT");
        assert_eq!(body["errors"][0]["extensions"]["field"], "deadline", "{body}");
    }
    assert_eq!(rounds(&city).await, before);
    assert!(!frozen(&city, &scheme["id"]).await);
}
