//! Answers shaped as the GraphQL spec says: keys in the order of the selection (fragments merged,
//! aliases kept), and a failed non-null field making its nearest nullable parent null.

use serde_json::{Value, json};

use crate::helpers::*;

/// The raw answer text (a JSON value here would sort its keys).
async fn raw(app: &TestApp, token: &str, query: &str) -> String {
    let resp = app
        .client
        .post(app.url("/graphql"))
        .bearer_auth(token)
        .json(&json!({ "query": query }))
        .send()
        .await
        .expect("the server answers");
    assert_eq!(resp.status().as_u16(), 200);
    resp.text().await.expect("a body")
}

/// The keys in the order the text gives them.
fn order(text: &str, keys: &[&str]) -> Vec<usize> {
    keys.iter().map(|k| text.find(&format!("\"{k}\":")).unwrap_or_else(|| panic!("{k} in {text}"))).collect()
}

fn ascending(positions: &[usize]) -> bool {
    positions.windows(2).all(|w| w[0] < w[1])
}

#[tokio::test]
async fn keys_come_in_the_order_of_the_selection() {
    let app = spawn_app().await;
    let actor = app.actor(ZHAISHA_REPORTER).await;
    for _ in 0..5 {
        let text = raw(&app, &actor.access, "{ me { tenant { name } user { username } roles } }").await;
        assert!(ascending(&order(&text, &["tenant", "name", "user", "username", "roles"])), "{text}");
        let text = raw(&app, &actor.access, "{ me { roles user { username } tenant { name } } }").await;
        assert!(ascending(&order(&text, &["roles", "user", "tenant"])), "{text}");
    }
}

#[tokio::test]
async fn fragments_and_aliases_merge_at_the_first_place_a_key_appears() {
    let app = spawn_app().await;
    let actor = app.actor(ZHAISHA_REPORTER).await;
    let text = raw(
        &app,
        &actor.access,
        "{ b: __typename me { ...R who: user { username } ...T } a: __typename } \
         fragment R on Me { roles } fragment T on Me { tenant { code } who: user { id } roles }",
    )
    .await;
    assert!(ascending(&order(&text, &["b", "me", "roles", "who", "username", "id", "tenant", "a"])), "{text}");
}

#[tokio::test]
async fn a_failed_non_null_field_nulls_its_parents_up_to_a_nullable_one() {
    let app = spawn_app().await;
    let actor = app.actor(ZHAISHA_REPORTER).await;
    let home = actor.gql("{ me { tenant { id } } }", json!({})).await["data"]["me"]["tenant"]["id"].clone();
    // Tenant.rollup is [RollupResult!]! and tenant(id:) is Tenant!: nothing on the way may be
    // null, so the whole answer is (before, async-graphql left the key out: {"tenant":{"code":…}}).
    let body = actor
        .gql(
            "query($t: ID!) { tenant(id: $t) { code rollup(period: \"no period\", indicatorIds: []) { target } } }",
            json!({ "t": home }),
        )
        .await;
    assert_eq!(body["data"], Value::Null, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], json!("BAD_USER_INPUT"), "{body}");
    assert_eq!(body["errors"][0]["path"], json!(["tenant", "rollup"]), "{body}");
    // Two levels down, through Me! and Tenant!.
    let body = actor.gql("{ me { roles tenant { code children(first: -1) { totalCount } } } }", json!({})).await;
    assert_eq!(body["data"], Value::Null, "{body}");
    assert_eq!(body["errors"].as_array().map(Vec::len), Some(1), "{body}");
    // A field that succeeds beside them is not touched.
    let body = actor.gql("{ me { roles } }", json!({})).await;
    assert_eq!(body["data"]["me"]["roles"], json!(["REPORTER"]), "{body}");
}

#[tokio::test]
async fn the_sign_in_answer_shows_the_users_own_tenant() {
    let app = spawn_app().await;
    let body = app
        .gql(
            None,
            "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { user { username tenant { code name } } } }",
            json!({ "u": ZHAISHA_REPORTER, "p": PASSWORD }),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    assert_eq!(body["data"]["login"]["user"]["tenant"]["code"], json!("450223102"), "{body}");
}
