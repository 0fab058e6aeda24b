//! The CLI's data commands: bootstrap of a new city, and the demo loader's refusal to run twice.

use serde_json::json;
use shiliu::cli::{bootstrap, demo};
use shiliu::startup::{Application, build_state};

use crate::helpers::*;

#[tokio::test]
async fn bootstrap_creates_a_city_and_its_admin_once() {
    let state = build_state(test_settings(&[]).await).await.unwrap();
    let run = |code: &str, admin: &str, pw: &str| {
        let state = state.clone();
        let (code, admin, pw) = (code.to_owned(), admin.to_owned(), pw.to_owned());
        async move { bootstrap::run(&state, &code, "桂林市", &admin, pw).await }
    };
    assert!(run("45030", "guilin.admin", "a long enough pw").await.is_err(), "bad code accepted");
    assert!(run("450300", "guilin.admin", "short").await.is_err(), "short password accepted");
    run("450300", "guilin.admin", "a long enough pw").await.unwrap();
    assert!(run("450300", "other.admin", "a long enough pw").await.is_err(), "duplicate city accepted");

    let app = Application::serve(state.clone()).unwrap();
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let app = TestApp::new(address);
    let body = app.login_raw("guilin.admin", "a long enough pw").await;
    let token = body["data"]["login"]["accessToken"].as_str().unwrap().to_owned();
    let me = app.gql(Some(&token), "{ me { roles tenant { code name level } } }", json!({})).await;
    assert_eq!(me["data"]["me"]["tenant"], json!({ "code": "450300", "name": "桂林市", "level": "CITY" }));
    assert_eq!(me["data"]["me"]["roles"], json!(["ADMIN"]));
    // Only the failed duplicate wrote nothing: one user, one tenant.
    let users = app.gql(Some(&token), "{ users { totalCount } tenants { totalCount } }", json!({})).await;
    assert_eq!(users["data"]["users"]["totalCount"], 1);
    assert_eq!(users["data"]["tenants"]["totalCount"], 1);
}

#[tokio::test]
async fn demo_data_loads_once() {
    let state = build_state(test_settings(&[]).await).await.unwrap();
    demo::load_if_empty(&state).await.unwrap();
    demo::load_if_empty(&state).await.unwrap();
    assert!(demo::load(&state).await.is_err());
}

#[tokio::test]
async fn every_migration_rolls_back_over_the_demo_data_and_applies_again() {
    use migration::{Migrator, MigratorTrait};
    let state = build_state(test_settings(&[]).await).await.unwrap();
    demo::load(&state).await.unwrap();
    Migrator::down(&state.db, None).await.unwrap();
    assert!(Migrator::get_applied_migrations(&state.db).await.unwrap().is_empty());
    Migrator::up(&state.db, None).await.unwrap();
    demo::load(&state).await.unwrap();
}
