//! Users and roles: ADMINs manage their subtree's users; siblings can neither see nor change them.

use serde_json::json;

use crate::helpers::*;

const CREATE: &str = "mutation($t: ID!, $u: String!, $p: String!, $r: [Role!]!) { createUser(input: {tenantId: $t, username: $u, password: $p, roles: $r}) { id username roles roleGrants { label } tenant { code } } }";
const ROLES: &str = "mutation($id: ID!, $r: [Role!]!) { updateUserRoles(input: {userId: $id, roles: $r}) { roles } }";
const DISABLE: &str = "mutation($id: ID!) { disableUser(userId: $id) { disabled } }";
const USER: &str = "query($id: ID!) { user(id: $id) { username } }";

#[tokio::test]
async fn a_county_admin_adds_a_township_reporter_who_can_sign_in() {
    let app = spawn_app().await;
    let admin = app.actor(LUZHAI_ADMIN).await;
    let zhaisha = app.tenant_id("450223102").await;
    let body = admin
        .gql(CREATE, json!({ "t": zhaisha, "u": "Xingdeng.Liaison", "p": "a long enough password", "r": ["REPORTER"] }))
        .await;
    assert_ok(&body);
    let user = &body["data"]["createUser"];
    assert_eq!(user["username"], "xingdeng.liaison");
    assert_eq!(user["roleGrants"], json!([{ "label": "填报员" }]));
    assert_eq!(user["tenant"]["code"], "450223102");
    assert_ok(&app.login_raw("xingdeng.liaison", "a long enough password").await);
}

#[tokio::test]
async fn bad_user_input_names_the_field_and_changes_nothing() {
    let app = spawn_app().await;
    let admin = app.actor(LUZHAI_ADMIN).await;
    let zhaisha = app.tenant_id("450223102").await;
    let cases = [
        (json!({ "t": zhaisha, "u": "new.user", "p": "short", "r": ["VIEWER"] }), "BAD_USER_INPUT", "password"),
        (json!({ "t": zhaisha, "u": "new.user", "p": "x".repeat(257), "r": ["VIEWER"] }), "BAD_USER_INPUT", "password"),
        (json!({ "t": zhaisha, "u": "a", "p": "long enough pw", "r": ["VIEWER"] }), "BAD_USER_INPUT", "username"),
        (
            json!({ "t": zhaisha, "u": "n".repeat(65), "p": "long enough pw", "r": ["VIEWER"] }),
            "BAD_USER_INPUT",
            "username",
        ),
        (json!({ "t": zhaisha, "u": "new.user", "p": "long enough pw", "r": [] }), "BAD_USER_INPUT", "roles"),
        (
            json!({ "t": zhaisha, "u": "Zhaisha.Reporter", "p": "long enough pw", "r": ["VIEWER"] }),
            "CONFLICT",
            "username",
        ),
    ];
    let before = admin.gql("{ users { totalCount } auditLog { totalCount } }", json!({})).await;
    for (vars, expected, field) in cases {
        let body = admin.gql(CREATE, vars).await;
        assert_code(&body, expected);
        assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body}");
    }
    let bad_role =
        admin.gql(CREATE, json!({ "t": zhaisha, "u": "new.user", "p": "long enough pw", "r": ["ROOT"] })).await;
    assert_code(&bad_role, "GRAPHQL_VALIDATION_FAILED");
    let after = admin.gql("{ users { totalCount } auditLog { totalCount } }", json!({})).await;
    assert_eq!(before, after);
}

#[tokio::test]
async fn siblings_cannot_see_create_reassign_or_disable_each_others_users() {
    let app = spawn_app().await;
    let luzhai_admin = app.actor(LUZHAI_ADMIN).await;
    let antai = app.tenant_id("450225203").await;
    let antai_reporter = app.user_id(ANTAI_REPORTER).await;
    let rongshui_admin = app.user_id(RONGSHUI_ADMIN).await;

    assert_code(&luzhai_admin.gql(USER, json!({ "id": antai_reporter })).await, "NOT_FOUND");
    let listed = luzhai_admin.gql("{ users(first: 100) { edges { node { username } } } }", json!({})).await;
    let names: Vec<&str> = listed["data"]["users"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["username"].as_str().unwrap())
        .collect();
    assert!(
        names.iter().all(|n| n.starts_with("luzhai") || n.starts_with("zhaisha") || n.starts_with("rpt.450223")),
        "{names:?}"
    );
    assert_code(
        &luzhai_admin.gql("query($t: ID!) { users(tenantId: $t) { totalCount } }", json!({ "t": antai })).await,
        "NOT_FOUND",
    );
    assert_code(
        &luzhai_admin.gql(CREATE, json!({ "t": antai, "u": "intruder", "p": "long enough pw", "r": ["ADMIN"] })).await,
        "NOT_FOUND",
    );
    assert_code(&luzhai_admin.gql(ROLES, json!({ "id": antai_reporter, "r": ["ADMIN"] })).await, "NOT_FOUND");
    assert_code(&luzhai_admin.gql(DISABLE, json!({ "id": rongshui_admin })).await, "NOT_FOUND");

    // Nothing moved on the other side.
    let reporter = app.actor(ANTAI_REPORTER).await;
    let me = reporter.gql("{ me { roles } }", json!({})).await;
    assert_eq!(me["data"]["me"]["roles"], json!(["REPORTER"]));
    assert_ok(&app.actor(RONGSHUI_ADMIN).await.gql("{ me { roles } }", json!({})).await);
    assert_code(&app.login_raw("intruder", "long enough pw").await, "UNAUTHENTICATED");
}

#[tokio::test]
async fn a_county_cannot_touch_city_users() {
    let app = spawn_app().await;
    let luzhai_admin = app.actor(LUZHAI_ADMIN).await;
    let city_viewer = app.user_id(CITY_VIEWER).await;
    assert_code(&luzhai_admin.gql(USER, json!({ "id": city_viewer })).await, "NOT_FOUND");
    assert_code(&luzhai_admin.gql(DISABLE, json!({ "id": city_viewer })).await, "NOT_FOUND");
}

#[tokio::test]
async fn only_admins_manage_users() {
    let app = spawn_app().await;
    let zhaisha = app.tenant_id("450223102").await;
    let reporter_id = app.user_id(ZHAISHA_REPORTER).await;
    for who in [LUZHAI_REVIEWER, ZHAISHA_REPORTER, CITY_VIEWER] {
        let actor = app.actor(who).await;
        assert_code(
            &actor.gql(CREATE, json!({ "t": zhaisha, "u": "new.user", "p": "long enough pw", "r": ["VIEWER"] })).await,
            "FORBIDDEN",
        );
        assert_code(&actor.gql(ROLES, json!({ "id": reporter_id, "r": ["ADMIN"] })).await, "FORBIDDEN");
        assert_code(&actor.gql(DISABLE, json!({ "id": reporter_id })).await, "FORBIDDEN");
    }
}

#[tokio::test]
async fn a_role_change_applies_on_the_next_request() {
    let app = spawn_app().await;
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let zhaisha = app.tenant_id("450223102").await;
    let create = json!({ "t": zhaisha, "u": "second.reporter", "p": "long enough pw", "r": ["REPORTER"] });
    assert_code(&reporter.gql(CREATE, create.clone()).await, "FORBIDDEN");
    let admin = app.actor(LUZHAI_ADMIN).await;
    let body = admin.gql(ROLES, json!({ "id": reporter.user_id, "r": ["REPORTER", "ADMIN", "ADMIN"] })).await;
    assert_eq!(body["data"]["updateUserRoles"]["roles"], json!(["ADMIN", "REPORTER"]));
    assert_ok(&reporter.gql(CREATE, create).await);
}

#[tokio::test]
async fn an_admin_cannot_lock_itself_out() {
    let app = spawn_app().await;
    let admin = app.actor(LUZHAI_ADMIN).await;
    let body = admin.gql(ROLES, json!({ "id": admin.user_id, "r": ["VIEWER"] })).await;
    assert_code(&body, "BAD_USER_INPUT");
    assert_code(&admin.gql(DISABLE, json!({ "id": admin.user_id })).await, "BAD_USER_INPUT");
    assert_eq!(admin.gql("{ me { roles } }", json!({})).await["data"]["me"]["roles"], json!(["ADMIN"]));
}
