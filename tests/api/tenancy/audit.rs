//! The audit log: every mutation leaves a row in its transaction; ADMINs read their subtree's.

use serde_json::json;

use crate::helpers::*;

const LOG: &str = "query($f: AuditLogFilter) { auditLog(first: 100, filter: $f) { totalCount edges { node { action tenantId actorUserId entityType entityId before after } } } }";

#[tokio::test]
async fn a_mutation_writes_who_what_before_and_after() {
    let app = spawn_app().await;
    let admin = app.actor(LUZHAI_ADMIN).await;
    let reporter = app.user_id(ZHAISHA_REPORTER).await;
    let body = admin
        .gql(
            "mutation($id: ID!) { updateUserRoles(input: {userId: $id, roles: [REPORTER, VIEWER]}) { id } }",
            json!({ "id": reporter }),
        )
        .await;
    assert_ok(&body);
    let log = admin.gql(LOG, json!({ "f": { "action": "user.update_roles" } })).await;
    let entries = log["data"]["auditLog"]["edges"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{log}");
    let e = &entries[0]["node"];
    assert_eq!(e["actorUserId"], admin.user_id);
    assert_eq!(e["entityId"], reporter);
    assert_eq!(e["before"]["roles"], json!(["REPORTER"]));
    assert_eq!(e["after"]["roles"], json!(["REPORTER", "VIEWER"]));
    assert!(e["after"].get("password_hash").is_none());
}

#[tokio::test]
async fn a_county_admin_reads_its_subtree_only() {
    let app = spawn_app().await;
    // Activity on both sides and above.
    app.actor(ANTAI_REPORTER).await;
    app.actor(RONGSHUI_ADMIN).await;
    app.actor(CITY_ADMIN).await;
    app.actor(ZHAISHA_REPORTER).await;
    let luzhai_admin = app.actor(LUZHAI_ADMIN).await;

    let own = app.tenant_id("450223").await;
    let zhaisha = app.tenant_id("450223102").await;
    let rongshui = app.tenant_id("450225").await;
    let log = luzhai_admin.gql(LOG, json!({})).await;
    let tenants: Vec<&str> = log["data"]["auditLog"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["tenantId"].as_str().unwrap())
        .collect();
    assert!(!tenants.is_empty());
    let subtree = luzhai_admin.gql("{ tenants(first: 100) { edges { node { id } } } }", json!({})).await;
    let ids: Vec<&str> = subtree["data"]["tenants"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["id"].as_str().unwrap())
        .collect();
    assert!(tenants.iter().all(|t| ids.contains(t)), "{tenants:?} outside {ids:?}");
    assert!(tenants.contains(&zhaisha.as_str()) && tenants.contains(&own.as_str()));

    assert_code(&luzhai_admin.gql(LOG, json!({ "f": { "tenantId": rongshui } })).await, "NOT_FOUND");
    let only_zhaisha = luzhai_admin.gql(LOG, json!({ "f": { "tenantId": zhaisha } })).await;
    assert!(edges(&only_zhaisha["data"]["auditLog"]).iter().all(|n| n["tenantId"] == zhaisha));
    let with_subtree = luzhai_admin.gql(LOG, json!({ "f": { "tenantId": own, "includeSubtree": true } })).await;
    assert_eq!(with_subtree["data"]["auditLog"]["totalCount"], log["data"]["auditLog"]["totalCount"]);
}

#[tokio::test]
async fn only_admins_read_the_log() {
    let app = spawn_app().await;
    for who in [LUZHAI_REVIEWER, ZHAISHA_REPORTER, CITY_VIEWER] {
        let actor = app.actor(who).await;
        assert_code(&actor.gql(LOG, json!({})).await, "FORBIDDEN");
    }
}

#[tokio::test]
async fn logins_are_audited_failed_ones_are_not_written() {
    let app = spawn_app().await;
    let admin = app.actor(CITY_ADMIN).await;
    let count = |body: serde_json::Value| body["data"]["auditLog"]["totalCount"].as_u64().unwrap();
    let before = count(admin.gql(LOG, json!({ "f": { "entityType": "user" } })).await);
    app.login_raw(ZHAISHA_REPORTER, "wrong password!").await;
    assert_eq!(count(admin.gql(LOG, json!({ "f": { "entityType": "user" } })).await), before);
    app.actor(ZHAISHA_REPORTER).await;
    assert_eq!(count(admin.gql(LOG, json!({ "f": { "action": "session.login" } })).await), 2);
}
