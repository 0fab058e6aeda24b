//! Live updates: GraphQL subscriptions over the graphql-transport-ws protocol on `/graphql`
//! (a GET with `Upgrade: websocket` and `Sec-WebSocket-Protocol: graphql-transport-ws`).
//!
//! - `protocol`: the messages and close codes, pure;
//! - `group`: what makes subscribers one group and which change events concern it, pure;
//! - `hub`: the node's groups, each computing its answer once per burst of changes and handing
//!   the same bytes to every member;
//! - `socket`: one connection, from `connection_init` to its close;
//! - `documents`: trusted documents on the socket, as over HTTP.
//!
//! The handler is ours, not async-graphql's (whose close codes the reference client treats as
//! fatal errors): every code of the protocol is the one PROTOCOL.md names.

mod documents;
mod group;
mod hub;
mod protocol;
mod socket;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

pub use self::hub::Hub;
use crate::error::ErrorCode;
use crate::graphql::kit::errors::server_error;

/// Whether a request asks to become a WebSocket (the `/graphql` route's guard).
pub fn is_upgrade(ctx: &actix_web::guard::GuardContext<'_>) -> bool {
    ctx.head().headers().get(header::UPGRADE).is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"websocket"))
}

/// `GET /graphql` with `Upgrade: websocket`: the handshake, then the socket runs on its own
/// task. A client that does not offer `graphql-transport-ws` is refused (400) before the
/// upgrade, since no other protocol is spoken here.
pub async fn upgrade(req: HttpRequest, body: web::Payload, hub: web::Data<Hub>) -> HttpResponse {
    let offered = req
        .headers()
        .get_all(header::SEC_WEBSOCKET_PROTOCOL)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|p| p.trim() == protocol::SUBPROTOCOL);
    if !offered {
        return refuse(format!("offer the WebSocket subprotocol {} (Sec-WebSocket-Protocol)", protocol::SUBPROTOCOL));
    }
    match actix_ws::handle_with_protocols(&req, body, &[protocol::SUBPROTOCOL]) {
        Ok((response, session, stream)) => {
            let hub = hub.get_ref().clone();
            let stream = stream.max_frame_size(hub.state().settings.server.body_limit_bytes).aggregate_continuations();
            actix_web::rt::spawn(socket::serve(hub, session, stream));
            response
        }
        Err(_) => refuse("not a valid WebSocket handshake".to_owned()),
    }
}

fn refuse(message: String) -> HttpResponse {
    let response = async_graphql::Response::from_errors(vec![server_error(ErrorCode::BadUserInput, message)]);
    HttpResponse::BadRequest().json(response)
}
