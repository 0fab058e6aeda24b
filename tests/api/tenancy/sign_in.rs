//! Sign-in, refresh rotation with reuse detection, logout, token forgery, rate limits.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;

use crate::helpers::*;

const ME: &str = "{ me { user { username } tenant { code } roles } }";

#[tokio::test]
async fn login_then_me_shows_principal_and_home_tenant() {
    let app = spawn_app().await;
    let admin = app.actor(LUZHAI_ADMIN).await;
    let body = admin.gql(ME, json!({})).await;
    assert_ok(&body);
    assert_eq!(body["data"]["me"]["user"]["username"], "luzhai.admin");
    assert_eq!(body["data"]["me"]["tenant"]["code"], "450223");
    assert_eq!(body["data"]["me"]["roles"], json!(["ADMIN"]));
}

#[tokio::test]
async fn wrong_password_and_unknown_user_look_the_same() {
    let app = spawn_app().await;
    let wrong = app.login_raw(CITY_ADMIN, "not-the-password").await;
    assert_code(&wrong, "UNAUTHENTICATED");
    let unknown = app.login_raw("nobody.here", "not-the-password").await;
    assert_code(&unknown, "UNAUTHENTICATED");
    assert_eq!(wrong["errors"][0]["message"], unknown["errors"][0]["message"]);
}

#[tokio::test]
async fn queries_without_a_token_are_unauthenticated() {
    let app = spawn_app().await;
    let body = app.gql(None, ME, json!({})).await;
    assert_code(&body, "UNAUTHENTICATED");
}

#[tokio::test]
async fn repeated_failures_are_rate_limited_even_with_the_right_password() {
    let app = spawn_app().await;
    for _ in 0..5 {
        assert_code(&app.login_raw(RONGSHUI_ADMIN, "wrong-password-1").await, "UNAUTHENTICATED");
    }
    let limited = app.login_raw(RONGSHUI_ADMIN, PASSWORD).await;
    assert_code(&limited, "RATE_LIMITED");
    assert!(limited["errors"][0]["extensions"]["retryAfter"].as_u64().unwrap() > 0);
    // Another username from the same client is not affected.
    assert_ok(&app.login_raw(SANJIANG_ADMIN_NAME, PASSWORD).await);
}

const SANJIANG_ADMIN_NAME: &str = "sanjiang.admin";

#[tokio::test]
async fn spraying_many_usernames_from_one_client_is_rate_limited() {
    let app = spawn_app_with(&[("SHILIU__AUTH__LOGIN_MAX_FAILURES_PER_CLIENT", "3")]).await;
    for name in ["a.one", "b.two", "c.three"] {
        assert_code(&app.login_raw(name, "guessed-password").await, "UNAUTHENTICATED");
    }
    assert_code(&app.login_raw(CITY_ADMIN, PASSWORD).await, "RATE_LIMITED");
}

const REFRESH: &str = "mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }";

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_whole_session() {
    let app = spawn_app().await;
    let actor = app.actor(ZHAISHA_REPORTER).await;
    let first = app.gql(None, REFRESH, json!({ "t": actor.refresh })).await;
    assert_ok(&first);
    let new_access = first["data"]["refreshSession"]["accessToken"].as_str().unwrap().to_owned();
    let new_refresh = first["data"]["refreshSession"]["refreshToken"].as_str().unwrap().to_owned();
    assert_ne!(new_refresh, actor.refresh);
    assert_ok(&app.gql(Some(&new_access), ME, json!({})).await);

    // The spent token comes back: theft. The whole family dies.
    let reuse = app.gql(None, REFRESH, json!({ "t": actor.refresh })).await;
    assert_code(&reuse, "UNAUTHENTICATED");
    assert_code(&app.gql(None, REFRESH, json!({ "t": new_refresh })).await, "UNAUTHENTICATED");
    let (status, body) = app.post(Some(&new_access), ME, json!({})).await;
    assert_eq!(status, 401);
    assert_code(&body, "UNAUTHENTICATED");
}

#[tokio::test]
async fn a_garbage_refresh_token_is_unauthenticated() {
    let app = spawn_app().await;
    assert_code(&app.gql(None, REFRESH, json!({ "t": "garbage" })).await, "UNAUTHENTICATED");
}

#[tokio::test]
async fn logout_ends_the_access_token_before_it_expires() {
    let app = spawn_app().await;
    let actor = app.actor(LUZHAI_REVIEWER).await;
    let other = app.actor(LUZHAI_REVIEWER).await;
    let body = actor.gql("mutation { logout }", json!({})).await;
    assert_eq!(body["data"]["logout"], true);
    let (status, body) = actor.post(ME, json!({})).await;
    assert_eq!(status, 401);
    assert_code(&body, "UNAUTHENTICATED");
    assert_code(&app.gql(None, REFRESH, json!({ "t": actor.refresh })).await, "UNAUTHENTICATED");
    // Only that session: the same user's other session goes on.
    assert_ok(&other.gql(ME, json!({})).await);
}

fn sign(claims: &serde_json::Value, secret: &str) -> String {
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        claims,
        &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

fn claims_of(token: &str) -> serde_json::Value {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

#[tokio::test]
async fn forged_expired_and_unsigned_tokens_are_refused() {
    let app = spawn_app().await;
    let actor = app.actor(CITY_ADMIN).await;
    let claims = claims_of(&actor.access);

    // Same claims, the real secret: accepted (the forgery tests below differ in one thing only).
    assert_ok(&app.gql(Some(&sign(&claims, JWT_SECRET)), ME, json!({})).await);

    let forged = sign(&claims, "some-other-secret-of-enough-length!!");
    let mut expired_claims = claims.clone();
    expired_claims["exp"] = json!(chrono::Utc::now().timestamp() - 10);
    let expired = sign(&expired_claims, JWT_SECRET);
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let body = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).unwrap());
    let none_alg = format!("{header}.{body}.");
    let mut other_session = claims.clone();
    other_session["sid"] = json!("not-a-session");
    let unknown_session = sign(&other_session, JWT_SECRET);

    for token in [forged, expired, none_alg, unknown_session, "not.a.jwt".to_owned()] {
        let (status, body) = app.post(Some(&token), ME, json!({})).await;
        assert_eq!(status, 401, "token {token} was accepted: {body}");
        assert_code(&body, "UNAUTHENTICATED");
    }
}

#[tokio::test]
async fn a_disabled_user_is_signed_out_everywhere_and_cannot_sign_in() {
    let app = spawn_app().await;
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let admin = app.actor(LUZHAI_ADMIN).await;
    let body = admin
        .gql("mutation($id: ID!) { disableUser(userId: $id) { disabled } }", json!({ "id": reporter.user_id }))
        .await;
    assert_eq!(body["data"]["disableUser"]["disabled"], true, "{body}");
    let (status, body) = reporter.post(ME, json!({})).await;
    assert_eq!(status, 401);
    assert_code(&body, "UNAUTHENTICATED");
    assert_code(&app.login_raw(ZHAISHA_REPORTER, PASSWORD).await, "UNAUTHENTICATED");
    assert_code(&app.gql(None, REFRESH, json!({ "t": reporter.refresh })).await, "UNAUTHENTICATED");
}
