//! Assessment schemes: versions and revisions, frozen once a round uses them.

use super::*;

#[tokio::test]
async fn schemes_are_versioned_and_frozen_once_a_round_uses_them() {
    let app = spawn_app().await;
    let admin = app.actor(CITY_ADMIN).await;
    let update = "mutation($id: ID!, $v: Int!, $i: AssessmentSchemeInput!) { updateAssessmentScheme(id: $id, version: $v, input: $i) { version bonusCap criteria { title } } }";
    let first = ok(admin.gql(CREATE_SCHEME, json!({ "i": scheme_input("年度方案") })).await, "createAssessmentScheme");
    assert_eq!(first["revision"], 1);
    let mut changed = scheme_input("年度方案");
    changed["bonusCap"] = json!("6");
    let upd = ok(
        admin.gql(update, json!({ "id": first["id"], "v": first["version"], "i": changed })).await,
        "updateAssessmentScheme",
    );
    assert_eq!(upd["bonusCap"], "6");
    assert_code(
        &admin.gql(update, json!({ "id": first["id"], "v": first["version"], "i": changed })).await,
        "CONFLICT",
    );
    let second = ok(admin.gql(CREATE_SCHEME, json!({ "i": scheme_input("年度方案") })).await, "createAssessmentScheme");
    assert_eq!(second["revision"], 2);

    // The round of the city (the scheme of `open_city_round`) froze its scheme.
    let round = open_city_round(&app, "FIELD_OVERRIDES_DESK", 5).await;
    let s = admin
        .gql(
            "query($r: ID!) { assessmentRound(id: $r) { scheme { id version frozenAt name } } }",
            json!({ "r": round.id }),
        )
        .await;
    let s = &s["data"]["assessmentRound"]["scheme"];
    assert!(s["frozenAt"].is_string());
    let body = admin.gql(update, json!({ "id": s["id"], "v": s["version"], "i": scheme_input("测试考评方案") })).await;
    assert_code(&body, "CONFLICT");
}
