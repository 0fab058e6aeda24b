//! Trusted documents: requests by `documentId` (POST, and GET for queries), the web client's
//! manifest compiled in, `graphql.documents = "trusted"` refusing other texts before anything
//! runs, and documents an ADMIN of a city registers.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

use crate::helpers::*;

const TRUSTED: &[(&str, &str)] = &[("SHILIU__GRAPHQL__DOCUMENTS", "trusted")];
const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

/// The web client's trusted documents, as the build wrote them (id to text).
fn manifest() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string("../web/dist/documents.json").expect("web/dist/documents.json");
    serde_json::from_str(&text).expect("a manifest")
}

/// The id of the manifest's operation named `name` (`Login`, `Me`).
fn id_of(name: &str) -> String {
    let m = manifest();
    let named = |t: &String| t.split_whitespace().nth(1).map(|n| n.split('(').next().unwrap_or(n)) == Some(name);
    let ids: Vec<&String> = m.iter().filter(|(_, t)| named(t)).map(|(id, _)| id).collect();
    assert_eq!(ids.len(), 1, "{name}: {ids:?}");
    ids[0].clone()
}

fn id_of_text(text: &str) -> String {
    format!("sha256:{}", Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect::<String>())
}

/// POSTs a body as it is (asking for graphql-response+json); status and answer.
async fn send(app: &TestApp, token: Option<&str>, body: Value) -> (u16, Value) {
    let mut req = app.client.post(app.url("/graphql")).header("Accept", GRAPHQL_RESPONSE).json(&body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.send().await.unwrap();
    (resp.status().as_u16(), resp.json().await.unwrap())
}

/// Signs in with the web client's own Login document (a text login is refused in trusted mode).
async fn sign_in(app: &TestApp, username: &str) -> String {
    let body = json!({ "documentId": id_of("Login"), "variables": { "username": username, "password": PASSWORD } });
    let (status, answer) = send(app, None, body).await;
    assert_eq!(status, 200, "{answer}");
    answer["data"]["login"]["accessToken"].as_str().unwrap_or_else(|| panic!("{answer}")).to_owned()
}

#[tokio::test]
async fn trusted_mode_runs_the_portals_documents_by_id_and_refuses_other_texts() {
    let app = spawn_app_with(TRUSTED).await;
    let reporter = sign_in(&app, ZHAISHA_REPORTER).await;

    // A text nobody registered: refused before it runs, whoever sends it.
    let (status, answer) = send(&app, None, json!({ "query": "{ __typename }" })).await;
    assert_eq!(status, 400, "{answer}");
    assert_code(&answer, "PERSISTED_QUERY_REQUIRED");
    assert!(answer["errors"][0]["message"].as_str().unwrap().contains("documentId"), "{answer}");
    let (_, answer) = send(&app, Some(&reporter), json!({ "query": "mutation { logout }" })).await;
    assert_code(&answer, "PERSISTED_QUERY_REQUIRED");
    // …and nothing ran: the session is still open.
    let (_, me) = send(&app, Some(&reporter), json!({ "documentId": id_of("Me") })).await;
    assert!(me["data"]["me"]["user"]["username"] == ZHAISHA_REPORTER, "{me}");

    // The exact text of a trusted document runs as text too.
    let me_text = manifest()[&id_of("Me")].clone();
    let (status, answer) = send(&app, Some(&reporter), json!({ "query": me_text })).await;
    assert_eq!(status, 200, "{answer}");
    assert_ok(&answer);

    // An id nobody knows; an id that is not an id; an id sent with another text.
    let (status, answer) = send(&app, Some(&reporter), json!({ "documentId": id_of_text("{ me { roles } }") })).await;
    assert_eq!(status, 400);
    assert_code(&answer, "PERSISTED_QUERY_NOT_FOUND");
    let (_, answer) = send(&app, Some(&reporter), json!({ "documentId": "sha256:xyz" })).await;
    assert_code(&answer, "BAD_USER_INPUT");
    let (_, answer) =
        send(&app, Some(&reporter), json!({ "documentId": id_of("Me"), "query": "{ __typename }" })).await;
    assert_code(&answer, "BAD_USER_INPUT");
    // An Apollo-style persisted-query hash names a document the same way.
    let hex = id_of("Me").trim_start_matches("sha256:").to_owned();
    let apq = json!({ "extensions": { "persistedQuery": { "version": 1, "sha256Hash": hex } } });
    let (_, answer) = send(&app, Some(&reporter), apq).await;
    assert!(answer["data"]["me"].is_object(), "{answer}");

    // ADMINs and GraphiQL (served in this configuration) may still send any text.
    let admin = sign_in(&app, CITY_ADMIN).await;
    let (_, answer) = send(&app, Some(&admin), json!({ "query": "{ me { roles } }" })).await;
    assert_ok(&answer);
    let resp = app
        .client
        .post(app.url("/graphql"))
        .header("X-Shiliu-Client", "graphiql")
        .json(&json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap();
    assert_ok(&resp.json::<Value>().await.unwrap());
}

#[tokio::test]
async fn queries_by_id_over_get_carry_an_etag_and_mutations_by_id_stay_post_only() {
    let app = spawn_app_with(TRUSTED).await;
    let reporter = sign_in(&app, ZHAISHA_REPORTER).await;
    let url = app.url(&format!("/graphql?documentId={}", id_of("Me").replace(':', "%3A")));
    let resp = app.client.get(&url).bearer_auth(&reporter).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    let etag = resp.headers().get("etag").expect("an ETag").to_str().unwrap().to_owned();
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["data"]["me"]["user"]["username"], ZHAISHA_REPORTER, "{body}");
    let again = app.client.get(&url).bearer_auth(&reporter).header("If-None-Match", &etag).send().await.unwrap();
    assert_eq!(again.status(), 304);

    let login = app.url(&format!("/graphql?documentId={}", id_of("Login").replace(':', "%3A")));
    let resp = app.client.get(&login).send().await.unwrap();
    assert_eq!(resp.status(), 405);
}

#[tokio::test]
async fn any_mode_runs_texts_and_ids_alike() {
    let app = spawn_app().await;
    let (_, answer) = send(&app, None, json!({ "query": "{ __typename }" })).await;
    assert_ok(&answer);
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let (_, answer) = send(&app, Some(&reporter.access), json!({ "documentId": id_of("Me") })).await;
    assert_eq!(answer["data"]["me"]["user"]["username"], ZHAISHA_REPORTER, "{answer}");
    let (_, answer) = send(&app, Some(&reporter.access), json!({ "documentId": id_of_text("{ me { roles } }") })).await;
    assert_code(&answer, "PERSISTED_QUERY_NOT_FOUND");
}

const REGISTER: &str = "mutation($d: [String!]!) { registerDocuments(documents: $d) { id alreadyTrusted } }";

#[tokio::test]
async fn an_admin_of_the_city_registers_documents_that_then_run_for_everyone() {
    let app = spawn_app_with(TRUSTED).await;
    let admin = sign_in(&app, CITY_ADMIN).await;
    let reporter = sign_in(&app, ZHAISHA_REPORTER).await;
    let wanted = "query Mine { me { user { displayName } roles } }";
    let (_, answer) = send(&app, Some(&reporter), json!({ "query": wanted })).await;
    assert_code(&answer, "PERSISTED_QUERY_REQUIRED");

    // Not a county's ADMIN (an ADMIN may send the text; the service refuses it), and not a
    // reporter (whose text of the mutation is refused as a text).
    let county = sign_in(&app, LUZHAI_ADMIN).await;
    let (_, answer) = send(&app, Some(&county), json!({ "query": REGISTER, "variables": { "d": [wanted] } })).await;
    assert_code(&answer, "FORBIDDEN");
    let (_, answer) = send(&app, Some(&reporter), json!({ "query": REGISTER, "variables": { "d": [wanted] } })).await;
    assert_code(&answer, "PERSISTED_QUERY_REQUIRED");

    // A document that does not parse refuses the whole registration, naming it.
    let (_, answer) =
        send(&app, Some(&admin), json!({ "query": REGISTER, "variables": { "d": [wanted, "{ me { "] } })).await;
    assert_code(&answer, "BAD_USER_INPUT");
    assert_eq!(answer["errors"][0]["extensions"]["field"], "documents[1]", "{answer}");
    let (_, answer) = send(&app, Some(&reporter), json!({ "query": wanted })).await;
    assert_code(&answer, "PERSISTED_QUERY_REQUIRED");

    let portal_me = manifest()[&id_of("Me")].clone();
    let (_, answer) =
        send(&app, Some(&admin), json!({ "query": REGISTER, "variables": { "d": [wanted, wanted, portal_me] } })).await;
    assert_ok(&answer);
    let registered = &answer["data"]["registerDocuments"];
    assert_eq!(registered[0], json!({ "id": id_of_text(wanted), "alreadyTrusted": false }));
    assert_eq!(registered[1]["alreadyTrusted"], true, "the same text twice is one document");
    assert_eq!(registered[2]["alreadyTrusted"], true, "the portal's own is trusted already");

    // Now it runs for the reporter, by id and as its text, in the reporter's own scope.
    let (_, answer) = send(&app, Some(&reporter), json!({ "documentId": id_of_text(wanted) })).await;
    assert_eq!(answer["data"]["me"]["roles"], json!(["REPORTER"]), "{answer}");
    let (_, answer) = send(&app, Some(&reporter), json!({ "query": wanted })).await;
    assert_ok(&answer);

    // Audited once, by the admin, in the city (the entity id is the hex of the id).
    let audit =
        "query($a: String!) { auditLog(first: 10, filter: {action: $a}) { totalCount edges { node { entityId } } } }";
    let (_, answer) =
        send(&app, Some(&admin), json!({ "query": audit, "variables": { "a": "document.register" } })).await;
    assert_eq!(answer["data"]["auditLog"]["totalCount"], 1, "{answer}");
    assert_eq!(answer["data"]["auditLog"]["edges"][0]["node"]["entityId"], id_of_text(wanted)[7..]);
}
