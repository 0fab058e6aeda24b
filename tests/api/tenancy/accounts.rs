//! Accounts without a developer: one's own password and sessions; an ADMIN's reset, enable and
//! unlock of a user below it — and nothing of that for a sibling county's ADMIN.

use serde_json::{Value, json};

use crate::helpers::*;

const CHANGE: &str = "mutation($c: String!, $n: String!) { changePassword(input: {currentPassword: $c, newPassword: $n}) { otherSessionsEnded } }";
const RESET: &str =
    "mutation($u: ID!) { resetUserPassword(userId: $u) { oneTimePassword user { username mustChangePassword } } }";
const ENABLE: &str = "mutation($u: ID!) { enableUser(userId: $u) { disabled } }";
const DISABLE: &str = "mutation($u: ID!) { disableUser(userId: $u) { disabled } }";
const UNLOCK: &str = "mutation($u: ID!) { unlockUser(userId: $u) { locked } }";
const SESSIONS: &str = "{ mySessions { id current client } }";
const LOCKED: &str = "query($u: ID!) { user(id: $u) { locked lockedUntil mustChangePassword } }";
const WORK: &str = "{ indicators(first: 1) { totalCount } }";
const LOG: &str =
    "query($a: String!) { auditLog(first: 10, filter: {action: $a}) { totalCount edges { node { entityId after } } } }";

fn field(body: &Value) -> Option<&str> {
    body["errors"][0]["extensions"]["field"].as_str()
}

async fn login(app: &TestApp, user: &str, password: &str) -> Value {
    app.login_raw(user, password).await
}

async fn audit_count(admin: &Actor<'_>, action: &str) -> u64 {
    admin.gql(LOG, json!({ "a": action })).await["data"]["auditLog"]["totalCount"].as_u64().unwrap()
}

#[tokio::test]
async fn changing_ones_password_needs_the_current_one_and_ends_the_other_sessions() {
    let app = spawn_app().await;
    let me = app.actor(ZHAISHA_REPORTER).await;
    let other_device = app.actor(ZHAISHA_REPORTER).await;
    let new = "石榴籽紧紧抱在一起 2026";

    let wrong = me.gql(CHANGE, json!({ "c": "not-my-password", "n": new })).await;
    assert_code(&wrong, "BAD_USER_INPUT");
    assert_eq!(field(&wrong), Some("currentPassword"));
    let weak = me.gql(CHANGE, json!({ "c": PASSWORD, "n": "onlyletters" })).await;
    assert_code(&weak, "BAD_USER_INPUT");
    assert_eq!(field(&weak), Some("newPassword"));
    let same = me.gql(CHANGE, json!({ "c": PASSWORD, "n": PASSWORD })).await;
    assert_eq!(field(&same), Some("newPassword"), "{same}");
    // Nothing changed by the refusals: both devices still work, the old password still signs in.
    assert_ok(&other_device.gql(WORK, json!({})).await);
    assert_ok(&login(&app, ZHAISHA_REPORTER, PASSWORD).await);

    let changed = me.gql(CHANGE, json!({ "c": PASSWORD, "n": new })).await;
    assert_ok(&changed);
    assert!(changed["data"]["changePassword"]["otherSessionsEnded"].as_u64() >= Some(2), "{changed}");
    assert_ok(&me.gql(WORK, json!({})).await);
    assert_code(&other_device.gql(WORK, json!({})).await, "UNAUTHENTICATED");
    assert_code(&login(&app, ZHAISHA_REPORTER, PASSWORD).await, "UNAUTHENTICATED");
    assert_ok(&login(&app, ZHAISHA_REPORTER, new).await);
    let admin = app.actor(LUZHAI_ADMIN).await;
    assert_eq!(audit_count(&admin, "user.change_password").await, 1);
}

#[tokio::test]
async fn an_admin_resets_a_password_that_must_be_changed_and_a_sibling_cannot() {
    let app = spawn_app().await;
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let id = reporter.user_id.clone();
    // 融水's ADMIN sees nothing of 鹿寨县's users; a reporter is no ADMIN; nobody resets oneself.
    let sibling = app.actor(RONGSHUI_ADMIN).await;
    assert_code(&sibling.gql(RESET, json!({ "u": id })).await, "NOT_FOUND");
    assert_code(&reporter.gql(RESET, json!({ "u": id })).await, "FORBIDDEN");
    let admin = app.actor(LUZHAI_ADMIN).await;
    assert_code(&admin.gql(RESET, json!({ "u": admin.user_id })).await, "BAD_USER_INPUT");
    assert_ok(&reporter.gql(WORK, json!({})).await);

    let reset = admin.gql(RESET, json!({ "u": id })).await;
    assert_ok(&reset);
    assert_eq!(reset["data"]["resetUserPassword"]["user"]["mustChangePassword"], true);
    let one_time = reset["data"]["resetUserPassword"]["oneTimePassword"].as_str().unwrap().to_owned();
    assert_code(&reporter.gql(WORK, json!({})).await, "UNAUTHENTICATED");
    assert_code(&login(&app, ZHAISHA_REPORTER, PASSWORD).await, "UNAUTHENTICATED");
    // The audit names the reset, never the password.
    let log = admin.gql(LOG, json!({ "a": "user.reset_password" })).await;
    assert_eq!(log["data"]["auditLog"]["totalCount"], 1);
    assert!(!log.to_string().contains(&one_time));

    let login_must =
        "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken mustChangePassword } }";
    let signed_in = app.gql(None, login_must, json!({ "u": ZHAISHA_REPORTER, "p": one_time })).await;
    assert_eq!(signed_in["data"]["login"]["mustChangePassword"], true, "{signed_in}");
    let token = signed_in["data"]["login"]["accessToken"].as_str().unwrap().to_owned();
    // Until it is changed, only the caller's own account answers.
    assert_code(&app.gql(Some(&token), WORK, json!({})).await, "PASSWORD_CHANGE_REQUIRED");
    let me = app.gql(Some(&token), "{ me { user { username mustChangePassword } } }", json!({})).await;
    assert_eq!(me["data"]["me"]["user"]["mustChangePassword"], true, "{me}");
    let changed = app.gql(Some(&token), CHANGE, json!({ "c": one_time, "n": "新的密码 is 2026" })).await;
    assert_ok(&changed);
    assert_ok(&app.gql(Some(&token), WORK, json!({})).await);
    let after = admin.gql(LOCKED, json!({ "u": id })).await;
    assert_eq!(after["data"]["user"]["mustChangePassword"], false);
}

#[tokio::test]
async fn an_admin_enables_a_user_disabled_by_mistake_and_a_sibling_cannot() {
    let app = spawn_app().await;
    let admin = app.actor(LUZHAI_ADMIN).await;
    let id = app.user_id(ZHAISHA_REPORTER).await;
    assert_ok(&admin.gql(DISABLE, json!({ "u": id })).await);
    assert_code(&login(&app, ZHAISHA_REPORTER, PASSWORD).await, "UNAUTHENTICATED");

    let sibling = app.actor(RONGSHUI_ADMIN).await;
    assert_code(&sibling.gql(ENABLE, json!({ "u": id })).await, "NOT_FOUND");
    assert_code(&login(&app, ZHAISHA_REPORTER, PASSWORD).await, "UNAUTHENTICATED");

    let enabled = admin.gql(ENABLE, json!({ "u": id })).await;
    assert_eq!(enabled["data"]["enableUser"]["disabled"], false, "{enabled}");
    assert_ok(&login(&app, ZHAISHA_REPORTER, PASSWORD).await);
    // Enabling an enabled user changes nothing: one audit row.
    assert_ok(&admin.gql(ENABLE, json!({ "u": id })).await);
    assert_eq!(audit_count(&admin, "user.enable").await, 1);
}

#[tokio::test]
async fn wrong_passwords_in_a_row_lock_the_account_until_an_admin_unlocks_it() {
    let app =
        spawn_app_with(&[("SHILIU__AUTH__LOCK_AFTER_FAILURES", "3"), ("SHILIU__AUTH__LOGIN_MAX_FAILURES", "100")])
            .await;
    let admin = app.actor(LUZHAI_ADMIN).await;
    let id = app.user_id(ZHAISHA_REPORTER).await;
    assert_code(&login(&app, ZHAISHA_REPORTER, "wrong password 1").await, "UNAUTHENTICATED");
    // A right password in between starts the count again.
    assert_ok(&login(&app, ZHAISHA_REPORTER, PASSWORD).await);
    for n in 1..=2 {
        assert_code(&login(&app, ZHAISHA_REPORTER, &format!("wrong password {n}")).await, "UNAUTHENTICATED");
    }
    let third = login(&app, ZHAISHA_REPORTER, "wrong password 3").await;
    assert_code(&third, "ACCOUNT_LOCKED");
    assert!(third["errors"][0]["extensions"]["retryAfter"].as_u64() > Some(60), "{third}");
    assert!(third["errors"][0]["message"].as_str().unwrap().contains("锁定"), "{third}");
    // Locked: the right password does not sign in either.
    assert_code(&login(&app, ZHAISHA_REPORTER, PASSWORD).await, "ACCOUNT_LOCKED");
    let seen = admin.gql(LOCKED, json!({ "u": id })).await;
    assert_eq!(seen["data"]["user"]["locked"], true, "{seen}");
    assert!(seen["data"]["user"]["lockedUntil"].is_string());
    assert_eq!(audit_count(&admin, "user.lock").await, 1);

    let sibling = app.actor(RONGSHUI_ADMIN).await;
    assert_code(&sibling.gql(UNLOCK, json!({ "u": id })).await, "NOT_FOUND");
    assert_code(&login(&app, ZHAISHA_REPORTER, PASSWORD).await, "ACCOUNT_LOCKED");
    let unlocked = admin.gql(UNLOCK, json!({ "u": id })).await;
    assert_eq!(unlocked["data"]["unlockUser"]["locked"], false, "{unlocked}");
    assert_ok(&login(&app, ZHAISHA_REPORTER, PASSWORD).await);
    assert_eq!(audit_count(&admin, "user.unlock").await, 1);

    // A token alone gives no unlimited tries at the password: wrong current passwords in
    // changePassword count the same way, and the lock refuses sign-in too.
    let signed_in = app.actor(ZHAISHA_REPORTER).await;
    let change = |c: &'static str| json!({ "c": c, "n": "石榴籽紧紧抱在一起 2026" });
    for guess in ["guess number 1", "guess number 2"] {
        assert_code(&signed_in.gql(CHANGE, change(guess)).await, "BAD_USER_INPUT");
    }
    assert_code(&signed_in.gql(CHANGE, change("guess number 3")).await, "ACCOUNT_LOCKED");
    assert_code(&signed_in.gql(CHANGE, change(PASSWORD)).await, "ACCOUNT_LOCKED");
    assert_code(&login(&app, ZHAISHA_REPORTER, PASSWORD).await, "ACCOUNT_LOCKED");
}

#[tokio::test]
async fn one_lists_and_ends_ones_own_sessions_and_nobody_elses() {
    let app = spawn_app().await;
    let phone = app.actor(ZHAISHA_REPORTER).await;
    let desk = app.actor(ZHAISHA_REPORTER).await;
    let listed = desk.gql(SESSIONS, json!({})).await;
    let sessions = listed["data"]["mySessions"].as_array().unwrap().clone();
    assert_eq!(sessions.len(), 2, "{listed}");
    assert_eq!(sessions.iter().filter(|s| s["current"] == true).count(), 1);
    assert!(sessions.iter().all(|s| s["client"].is_string()), "{listed}");
    let phone_session = sessions.iter().find(|s| s["current"] == false).unwrap()["id"].as_str().unwrap().to_owned();

    // Another user — the county's own ADMIN included — cannot end it.
    for other in [LUZHAI_ADMIN, ANTAI_REPORTER] {
        let other = app.actor(other).await;
        let refused = other.gql("mutation($s: ID!) { endSession(sessionId: $s) }", json!({ "s": phone_session })).await;
        assert_code(&refused, "NOT_FOUND");
    }
    assert_ok(&phone.gql(WORK, json!({})).await);

    let ended = desk.gql("mutation($s: ID!) { endSession(sessionId: $s) }", json!({ "s": phone_session })).await;
    assert_eq!(ended["data"]["endSession"], true, "{ended}");
    let again = desk.gql("mutation($s: ID!) { endSession(sessionId: $s) }", json!({ "s": phone_session })).await;
    assert_eq!(again["data"]["endSession"], false, "{again}");
    assert_code(&phone.gql(WORK, json!({})).await, "UNAUTHENTICATED");
    assert_ok(&desk.gql(WORK, json!({})).await);
    assert_eq!(desk.gql(SESSIONS, json!({})).await["data"]["mySessions"].as_array().unwrap().len(), 1);
}
