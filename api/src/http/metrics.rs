//! `GET /metrics`: the node's metrics (see `telemetry::metrics`) in Prometheus text.

use actix_web::{HttpResponse, web};

use crate::state::AppState;

pub async fn render(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain; version=0.0.4").body(state.metrics.render())
}
