//! Liveness (`/healthz`: the process answers) and readiness (`/readyz`: database and cache
//! answer too). Each probe is bounded, so readiness answers in under a second either way.

use std::time::Duration;

use actix_web::{HttpResponse, web};
use serde_json::json;

use crate::state::AppState;

pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({ "status": "ok" }))
}

/// Longest a readiness probe waits for each backend (they are asked at the same time).
const PROBE_TIMEOUT: Duration = Duration::from_millis(400);

pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let (db, cache) = tokio::join!(
        tokio::time::timeout(PROBE_TIMEOUT, state.db.ping()),
        tokio::time::timeout(PROBE_TIMEOUT, state.cache.ping()),
    );
    let (db, cache) = (matches!(db, Ok(Ok(()))), matches!(cache, Ok(Ok(()))));
    let body = json!({
        "status": if db && cache { "ready" } else { "unavailable" },
        "database": if db { "ok" } else { "down" },
        "cache": { "backend": state.cache.backend(), "status": if cache { "ok" } else { "down" } },
    });
    if db && cache { HttpResponse::Ok().json(body) } else { HttpResponse::ServiceUnavailable().json(body) }
}
