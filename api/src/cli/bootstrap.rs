//! `shiliu bootstrap`: the first city and its first ADMIN, created as the system (no principal
//! exists yet), in one transaction.

use std::io::BufRead as _;

use crate::domain::role::Role;
use crate::domain::tenant::{DivisionCode, Level};
use crate::domain::text;
use crate::error::AppError;
use crate::service::audit::Actor;
use crate::service::{tenants, users};
use crate::state::AppState;
use crate::store::unscoped;

/// From SHILIU_BOOTSTRAP_PASSWORD, else one line of stdin. There is no default.
pub fn read_password() -> Result<String, String> {
    if let Ok(p) = std::env::var("SHILIU_BOOTSTRAP_PASSWORD")
        && !p.is_empty()
    {
        return Ok(p);
    }
    eprintln!("password for the first ADMIN (one line on standard input):");
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|e| format!("cannot read the password: {e}"))?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        return Err("no password given: set SHILIU_BOOTSTRAP_PASSWORD or pipe it on stdin".to_owned());
    }
    Ok(password)
}

fn explain(e: AppError) -> String {
    match e {
        AppError::Internal(detail) => detail,
        other => other.message(),
    }
}

pub async fn run(state: &AppState, code: &str, name: &str, admin: &str, password: String) -> Result<(), String> {
    let code = DivisionCode::parse(code, Level::City, None).map_err(explain)?;
    let name = text::bounded("name", name, tenants::NAME_MAX_CHARS).map_err(explain)?;
    if unscoped::tenant_by_code(&state.db, code.as_str()).await.map_err(explain)?.is_some() {
        return Err(format!("a tenant with code {} already exists", code.as_str()));
    }
    let input = users::NewUser {
        tenant_id: crate::domain::ids::TenantId(0),
        username: admin.to_owned(),
        display_name: None,
        password,
        roles: vec![Role::Admin],
    };
    let prepared = users::prepare(state, input).await.map_err(explain)?;
    let txn = crate::service::write::Write::begin_as(state, Actor::SYSTEM, None, crate::service::write::Touch::Tree)
        .await
        .map_err(explain)?;
    let city = tenants::insert_tenant(&txn, Actor::SYSTEM, &code, &name, Level::City, None).await.map_err(explain)?;
    let user = users::insert(&txn, Actor::SYSTEM, prepared.for_tenant(city.id)).await.map_err(explain)?;
    txn.commit().await.map_err(explain)?;
    println!("created {} {} (id {}) and ADMIN {} (id {})", city.code, city.name, city.id, user.username, user.id);
    Ok(())
}
