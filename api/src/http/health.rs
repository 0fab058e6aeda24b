//! Liveness (`/healthz`: the process answers) and readiness (`/readyz`: database and cache
//! answer too).

use actix_web::{HttpResponse, web};
use serde_json::json;

use crate::state::AppState;

pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({ "status": "ok" }))
}

pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let db = state.db.ping().await.is_ok();
    let cache = state.cache.ping().await.is_ok();
    let body = json!({
        "status": if db && cache { "ready" } else { "unavailable" },
        "database": if db { "ok" } else { "down" },
        "cache": { "backend": state.cache.backend(), "status": if cache { "ok" } else { "down" } },
    });
    if db && cache { HttpResponse::Ok().json(body) } else { HttpResponse::ServiceUnavailable().json(body) }
}
