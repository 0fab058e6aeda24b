//! `GET /metrics`: the node's metrics (see `telemetry::metrics`) in Prometheus text.

use actix_web::{HttpResponse, web};

use crate::state::AppState;

pub async fn render(state: web::Data<AppState>) -> HttpResponse {
    let mut text = state.metrics.render();
    // The change bus (`events`): whether this node hears every node's commits, how many of the
    // other nodes' it has heard, and how many sessions it keeps.
    text.push_str(&format!(
        "# TYPE shiliu_change_bus_live gauge\nshiliu_change_bus_live {}\n\
         # TYPE shiliu_change_events_heard_total counter\nshiliu_change_events_heard_total {}\n\
         # TYPE shiliu_sessions_kept gauge\nshiliu_sessions_kept {}\n",
        u8::from(state.changes.is_live()),
        state.changes.heard(),
        state.sign_ins.len(),
    ));
    HttpResponse::Ok().content_type("text/plain; version=0.0.4").body(text)
}
