//! The graphql-transport-ws protocol's messages and close codes, as the reference `graphql-ws`
//! client speaks them (PROTOCOL.md of enisdenjo/graphql-ws). Pure: parsing what a client sends
//! and writing what the server sends, with unit tests.

use serde::Deserialize;
use serde_json::{Map, Value};

/// The subprotocol a client names in `Sec-WebSocket-Protocol`.
pub const SUBPROTOCOL: &str = "graphql-transport-ws";

/// How a socket ends, with the protocol's codes and reasons.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Close {
    /// 4400: a message the protocol does not allow (the reason says what is wrong).
    BadMessage(String),
    /// 4401: `subscribe` before `connection_ack`.
    Unauthorized,
    /// 4403: `connection_init` with a token that is not valid, or a token that stopped being
    /// valid (expired, signed out, user disabled, session revoked, roles changed).
    Forbidden,
    /// 4408: no `connection_init` in time.
    InitTimeout,
    /// 4409: a `subscribe` with an id already running on this socket.
    DuplicateId(String),
    /// 4429: a second `connection_init`.
    TooManyInits,
    /// 4429 as well: the user already holds as many sockets as a node allows.
    TooManySockets,
    /// 1013 (try again later): the database that would check the token did not answer.
    Unavailable,
    /// 1013 as well: the client read nothing of the socket's own messages for too long (a weak
    /// link; the reference client retries).
    Stalled,
}

impl Close {
    pub fn code(&self) -> u16 {
        match self {
            Close::BadMessage(_) => 4400,
            Close::Unauthorized => 4401,
            Close::Forbidden => 4403,
            Close::InitTimeout => 4408,
            Close::DuplicateId(_) => 4409,
            Close::TooManyInits | Close::TooManySockets => 4429,
            Close::Unavailable | Close::Stalled => 1013,
        }
    }

    /// The close frame's reason (at most 123 bytes by RFC 6455; the ids a client sends are cut).
    pub fn reason(&self) -> String {
        let text = match self {
            Close::BadMessage(why) => why.clone(),
            Close::Unauthorized => "Unauthorized".to_owned(),
            Close::Forbidden => "Forbidden".to_owned(),
            Close::InitTimeout => "Connection initialisation timeout".to_owned(),
            Close::DuplicateId(id) => format!("Subscriber for {id} already exists"),
            Close::TooManyInits => "Too many initialisation requests".to_owned(),
            Close::TooManySockets => "Too many sockets for this user".to_owned(),
            Close::Unavailable => "Service unavailable; try again later".to_owned(),
            Close::Stalled => "The client read nothing for too long; connect again".to_owned(),
        };
        cut(text, 123)
    }
}

fn cut(mut text: String, max: usize) -> String {
    if text.len() > max {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

/// What a client may send.
#[derive(Debug)]
pub enum ClientMessage {
    /// The token, from `payload.Authorization` (`Bearer <token>`) or `payload.token`.
    ConnectionInit {
        token: Option<String>,
    },
    Ping {
        payload: Option<Value>,
    },
    Pong,
    Subscribe {
        id: String,
        request: Box<async_graphql::Request>,
        /// The trusted document named instead of (or with) the text.
        document_id: Option<String>,
    },
    Complete {
        id: String,
    },
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Wire {
    ConnectionInit {
        #[serde(default)]
        payload: Option<Value>,
    },
    Ping {
        #[serde(default)]
        payload: Option<Value>,
    },
    Pong {
        #[serde(default)]
        #[allow(dead_code)]
        payload: Option<Value>,
    },
    Subscribe {
        id: String,
        payload: SubscribePayload,
    },
    Complete {
        id: String,
    },
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SubscribePayload {
    #[serde(default)]
    query: String,
    #[serde(default)]
    document_id: Option<String>,
    #[serde(default)]
    operation_name: Option<String>,
    #[serde(default)]
    variables: Option<Value>,
}

/// Reads one text message; anything the protocol does not allow is the 4400 to close with.
pub fn parse(text: &str) -> Result<ClientMessage, Close> {
    let wire: Wire = serde_json::from_str(text).map_err(|_| Close::BadMessage("Invalid message received".into()))?;
    Ok(match wire {
        Wire::ConnectionInit { payload } => ClientMessage::ConnectionInit { token: token_of(payload)? },
        Wire::Ping { payload } => ClientMessage::Ping { payload },
        Wire::Pong { .. } => ClientMessage::Pong,
        Wire::Subscribe { id, payload } => {
            let id = checked_id(id)?;
            let variables = match payload.variables {
                None | Some(Value::Null) => async_graphql::Variables::default(),
                Some(v @ Value::Object(_)) => async_graphql::Variables::from_json(v),
                Some(_) => {
                    return Err(Close::BadMessage("Invalid message received: variables must be an object".into()));
                }
            };
            if payload.query.is_empty() && payload.document_id.is_none() {
                return Err(Close::BadMessage("Invalid message received: a query or a documentId".into()));
            }
            let mut request = async_graphql::Request::new(payload.query).variables(variables);
            request.operation_name = payload.operation_name;
            ClientMessage::Subscribe { id, request: Box::new(request), document_id: payload.document_id }
        }
        Wire::Complete { id } => ClientMessage::Complete { id: checked_id(id)? },
    })
}

/// The longest subscription id a client may choose.
const MAX_ID: usize = 128;

fn checked_id(id: String) -> Result<String, Close> {
    if id.is_empty() || id.len() > MAX_ID {
        return Err(Close::BadMessage(format!("Invalid message received: an id has 1 to {MAX_ID} bytes")));
    }
    Ok(id)
}

/// The access token of a `connection_init` payload: `{"Authorization": "Bearer <token>"}` (any
/// case of the key and the scheme) or `{"token": "<token>"}`; none when the payload has neither.
fn token_of(payload: Option<Value>) -> Result<Option<String>, Close> {
    let map: Map<String, Value> = match payload {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Object(map)) => map,
        Some(_) => return Err(Close::BadMessage("Invalid message received: the payload must be an object".into())),
    };
    for (key, value) in &map {
        if key.eq_ignore_ascii_case("authorization") {
            let Value::String(v) = value else { return Err(Close::Forbidden) };
            return match v.split_once(' ') {
                Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() => {
                    Ok(Some(token.trim().to_owned()))
                }
                _ => Err(Close::Forbidden),
            };
        }
    }
    match map.get("token") {
        Some(Value::String(t)) if !t.trim().is_empty() => Ok(Some(t.trim().to_owned())),
        Some(_) => Err(Close::Forbidden),
        None => Ok(None),
    }
}

/// `{"type":"connection_ack"}`.
pub fn ack() -> String {
    r#"{"type":"connection_ack"}"#.to_owned()
}

/// `{"type":"pong"}`, echoing the ping's payload.
pub fn pong(payload: Option<&Value>) -> String {
    match payload {
        Some(p) => serde_json::json!({ "type": "pong", "payload": p }).to_string(),
        None => r#"{"type":"pong"}"#.to_owned(),
    }
}

/// A `next` message around an execution result already serialised (shared by every member of
/// a group: only the id differs).
pub fn next(id: &str, payload: &str) -> String {
    with_payload(id, "next", payload)
}

/// An `error` message: the operation did not run; `errors` is a JSON array of GraphQL errors,
/// already serialised.
pub fn error(id: &str, errors: &str) -> String {
    with_payload(id, "error", errors)
}

fn with_payload(id: &str, kind: &str, payload: &str) -> String {
    let id = Value::String(id.to_owned()).to_string();
    let mut out = String::with_capacity(payload.len() + id.len() + 32);
    out.push_str(r#"{"id":"#);
    out.push_str(&id);
    out.push_str(r#","type":""#);
    out.push_str(kind);
    out.push_str(r#"","payload":"#);
    out.push_str(payload);
    out.push('}');
    out
}

/// A `complete` message.
pub fn complete(id: &str) -> String {
    serde_json::json!({ "id": id, "type": "complete" }).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_token_from_either_payload() {
        let token = |text: &str| match parse(text) {
            Ok(ClientMessage::ConnectionInit { token }) => Ok(token),
            Ok(other) => panic!("{other:?}"),
            Err(close) => Err(close),
        };
        assert_eq!(
            token(r#"{"type":"connection_init","payload":{"Authorization":"Bearer abc"}}"#),
            Ok(Some("abc".into()))
        );
        assert_eq!(
            token(r#"{"type":"connection_init","payload":{"authorization":"bearer abc"}}"#),
            Ok(Some("abc".into()))
        );
        assert_eq!(token(r#"{"type":"connection_init","payload":{"token":"abc"}}"#), Ok(Some("abc".into())));
        assert_eq!(token(r#"{"type":"connection_init"}"#), Ok(None));
        assert_eq!(
            token(r#"{"type":"connection_init","payload":{"Authorization":"Basic abc"}}"#),
            Err(Close::Forbidden)
        );
        assert_eq!(token(r#"{"type":"connection_init","payload":3}"#).unwrap_err().code(), 4400);
    }

    #[test]
    fn anything_else_is_4400() {
        for bad in [
            "not json",
            "[]",
            r#"{"type":"nope"}"#,
            r#"{"type":"subscribe","id":"1"}"#,
            r#"{"type":"subscribe","id":"","payload":{"query":"{a}"}}"#,
            r#"{"type":"subscribe","id":1,"payload":{"query":"{a}"}}"#,
            r#"{"type":"subscribe","id":"1","payload":{"query":"{a}","variables":[1]}}"#,
            r#"{"type":"complete"}"#,
            r#"{"type":"subscribe","id":"1","payload":{}}"#,
        ] {
            assert_eq!(parse(bad).unwrap_err().code(), 4400, "{bad}");
        }
    }

    #[test]
    fn reads_a_subscribe() {
        let msg = r#"{"type":"subscribe","id":"a1","payload":{"query":"subscription { x }","variables":{"v":1},"operationName":"S"}}"#;
        let ClientMessage::Subscribe { id, request, document_id } = parse(msg).unwrap() else { panic!("a subscribe") };
        assert_eq!(document_id, None);
        assert_eq!(id, "a1");
        assert_eq!(request.operation_name.as_deref(), Some("S"));
        assert_eq!(request.variables.into_value().into_json().unwrap(), serde_json::json!({ "v": 1 }));
    }

    #[test]
    fn writes_what_the_reference_client_reads() {
        let next: Value = serde_json::from_str(&next("a\"1", r#"{"data":{"x":1}}"#)).unwrap();
        assert_eq!(next, serde_json::json!({ "id": "a\"1", "type": "next", "payload": { "data": { "x": 1 } } }));
        assert_eq!(Close::DuplicateId("7".into()).reason(), "Subscriber for 7 already exists");
        assert_eq!(Close::TooManyInits.reason(), "Too many initialisation requests");
        assert!(Close::DuplicateId("é".repeat(100)).reason().len() <= 123);
    }
}
