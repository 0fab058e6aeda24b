//! One graphql-transport-ws connection: `connection_init` within the time allowed, then
//! subscriptions until the client leaves or its token stops being valid.
//!
//! The socket's own loop reads the client's messages and watches three clocks and a feed: the
//! initialisation deadline (4408), the token's expiry (4403), the change feed (a session or a
//! user changed in its city: the token is checked again with `auth::authenticate`, 4403 when it
//! fails) and its subscriptions' ends. Each subscription has a small task that sends its
//! group's answers from the member's slot, so a slow client holds one pending answer per
//! subscription and nothing else.

use std::collections::HashMap;
use std::sync::Arc;

use actix_ws::{AggregatedMessage, AggregatedMessageStream, CloseCode, CloseReason, Session};
use async_graphql::parser::types::{ExecutableDocument, OperationType};
use tokio::sync::{broadcast, mpsc};
use tokio::task::JoinHandle;
use tokio::time::{Instant, sleep_until};

use super::documents;
use super::group::{GroupKey, field_names, kinds_of_fields, may_revoke, per_user, root_fields};
use super::hub::{Hub, Joining, Membership, Outcome, SocketCount};
use super::protocol::{self, ClientMessage, Close};
use crate::auth::{self, Principal};
use crate::error::{AppError, ErrorCode};
use crate::events::ChangeEvent;
use crate::graphql::kit::errors::server_error;
use crate::graphql::kit::{limits, scan};

/// How long the socket waits for a client to take one of its own messages.
const STALL: std::time::Duration = std::time::Duration::from_secs(30);

/// A signed-in socket.
struct Ready {
    principal: Principal,
    token: Arc<str>,
    expires: Instant,
    feed: broadcast::Receiver<Arc<ChangeEvent>>,
    _count: SocketCount,
}

struct Socket {
    hub: Hub,
    session: Session,
    ready: Option<Ready>,
    init_deadline: Instant,
    /// Running subscriptions by the client's id, with the generation that tells a reused id
    /// from the one that ended.
    subs: HashMap<String, (u64, JoinHandle<()>)>,
    generation: u64,
    done_tx: mpsc::Sender<(String, u64)>,
    done_rx: mpsc::Receiver<(String, u64)>,
}

enum Step {
    Message(Option<Result<AggregatedMessage, actix_ws::ProtocolError>>),
    Clock,
    Done(Option<(String, u64)>),
    Event(Result<Arc<ChangeEvent>, broadcast::error::RecvError>),
}

pub(super) async fn serve(hub: Hub, session: Session, mut stream: AggregatedMessageStream) {
    let settings = &hub.state().settings.graphql;
    let init_deadline = Instant::now() + std::time::Duration::from_millis(settings.subscription_init_timeout_ms);
    let (done_tx, done_rx) = mpsc::channel(settings.subscriptions_per_socket.max(1));
    hub.state().metrics.live_sockets(1);
    let mut socket =
        Socket { hub, session, ready: None, init_deadline, subs: HashMap::new(), generation: 0, done_tx, done_rx };
    let close = socket.run(&mut stream).await;
    socket.end(close).await;
}

impl Socket {
    /// Runs until the socket must close: `Some` with the code to close with, `None` when the
    /// client closed it or went away.
    async fn run(&mut self, stream: &mut AggregatedMessageStream) -> Option<Close> {
        loop {
            let deadline = self.ready.as_ref().map_or(self.init_deadline, |r| r.expires);
            let step = tokio::select! {
                msg = stream.recv() => Step::Message(msg),
                _ = sleep_until(deadline) => Step::Clock,
                done = self.done_rx.recv() => Step::Done(done),
                event = next_event(&mut self.ready) => Step::Event(event),
            };
            match step {
                Step::Message(Some(Ok(msg))) => {
                    if let Err(close) = self.on_frame(msg).await {
                        return close;
                    }
                }
                Step::Message(_) => return None,
                Step::Clock if self.ready.is_some() => return Some(Close::Forbidden),
                Step::Clock => return Some(Close::InitTimeout),
                Step::Done(Some((id, generation))) => {
                    if self.subs.get(&id).is_some_and(|(g, _)| *g == generation) {
                        self.subs.remove(&id);
                    }
                }
                Step::Done(None) => {}
                Step::Event(Ok(event)) => {
                    if let Some(r) = &self.ready
                        && may_revoke(&event, r.principal.root_id(), r.principal.tenant_id())
                        && let Err(close) = self.recheck().await
                    {
                        return Some(close);
                    }
                }
                Step::Event(Err(broadcast::error::RecvError::Lagged(_))) => {
                    if let Err(close) = self.recheck().await {
                        return Some(close);
                    }
                }
                Step::Event(Err(broadcast::error::RecvError::Closed)) => return None,
            }
        }
    }

    /// One frame from the client: `Err` with the close it calls for (or `Err(None)`: the client
    /// closed).
    async fn on_frame(&mut self, msg: AggregatedMessage) -> Result<(), Option<Close>> {
        match msg {
            AggregatedMessage::Text(text) => match protocol::parse(&text) {
                Ok(message) => self.on_message(message).await.map_err(Some),
                Err(close) => Err(Some(close)),
            },
            AggregatedMessage::Binary(_) => Err(Some(Close::BadMessage("Invalid message received".into()))),
            AggregatedMessage::Ping(bytes) => match tokio::time::timeout(STALL, self.session.pong(&bytes)).await {
                Ok(Ok(())) => Ok(()),
                Ok(Err(_)) => Err(None),
                Err(_) => Err(Some(Close::Stalled)),
            },
            AggregatedMessage::Pong(_) => Ok(()),
            AggregatedMessage::Close(_) => Err(None),
        }
    }

    async fn on_message(&mut self, message: ClientMessage) -> Result<(), Close> {
        match message {
            ClientMessage::ConnectionInit { token } => self.init(token).await,
            ClientMessage::Ping { payload } => self.say(protocol::pong(payload.as_ref())).await,
            ClientMessage::Pong => Ok(()),
            ClientMessage::Subscribe { id, request, document_id } => self.subscribe(id, *request, document_id).await,
            ClientMessage::Complete { id } => {
                if let Some((_, task)) = self.subs.remove(&id) {
                    task.abort();
                }
                Ok(())
            }
        }
    }

    /// `connection_init`: the token authenticates as over HTTP, or the socket closes (4403;
    /// 4429 for a second one).
    async fn init(&mut self, token: Option<String>) -> Result<(), Close> {
        if self.ready.is_some() {
            return Err(Close::TooManyInits);
        }
        let token: Arc<str> = token.ok_or(Close::Forbidden)?.into();
        let state = self.hub.state();
        let principal = auth::authenticate(&state.db, &state.keys, &state.sign_ins, &token).await.map_err(refused)?;
        if principal.must_change_password() {
            // Nothing live runs before the password an ADMIN reset is changed.
            return Err(Close::Forbidden);
        }
        let claims = state.keys.verify(&token).map_err(|_| Close::Forbidden)?;
        let left = (claims.exp - chrono::Utc::now().timestamp()).max(0) as u64;
        let count = self.hub.open_socket(principal.user_id()).ok_or(Close::TooManySockets)?;
        self.ready = Some(Ready {
            principal,
            token,
            expires: Instant::now() + std::time::Duration::from_secs(left),
            feed: state.changes.subscribe(),
            _count: count,
        });
        self.say(protocol::ack()).await
    }

    /// A session or a user changed: the token must still authenticate, as the same tenant
    /// with the same roles (a group shares answers by them), or the socket closes with 4403.
    /// Changes that arrived meanwhile are covered by this one check.
    async fn recheck(&mut self) -> Result<(), Close> {
        let Some(ready) = &mut self.ready else { return Ok(()) };
        while ready.feed.try_recv().is_ok() {}
        let state = self.hub.state();
        match auth::authenticate(&state.db, &state.keys, &state.sign_ins, &ready.token).await {
            Ok(p) if p.tenant_id() == ready.principal.tenant_id() && p.roles() == ready.principal.roles() => Ok(()),
            // The database did not answer: the user is not thrown out for that.
            Err(AppError::Unavailable(_)) => Ok(()),
            _ => Err(Close::Forbidden),
        }
    }

    /// `subscribe`: only after the ack (4401), with a new id (4409); a document the checks
    /// refuse is an `error` message, as is one subscription too many.
    async fn subscribe(
        &mut self,
        id: String,
        mut request: async_graphql::Request,
        document_id: Option<String>,
    ) -> Result<(), Close> {
        let Some(ready) = &self.ready else { return Err(Close::Unauthorized) };
        let (principal, token, ready_expires) = (ready.principal.clone(), ready.token.clone(), ready.expires);
        if self.subs.contains_key(&id) {
            return Err(Close::DuplicateId(id));
        }
        let max = self.hub.state().settings.graphql.subscriptions_per_socket;
        if self.subs.len() >= max {
            let message = format!("每个连接最多 {max} 个订阅 / at most {max} subscriptions per socket");
            return self.refuse(&id, ErrorCode::BadUserInput, message).await;
        }
        if let Err((code, message)) = documents::admit(self.hub.state(), &principal, &mut request, document_id).await {
            return self.refuse(&id, code, message).await;
        }
        let doc = match checked_document(&self.hub, &request) {
            Ok(doc) => doc,
            Err((code, message)) => return self.refuse(&id, code, message).await,
        };
        let fields = root_fields(&doc, request.operation_name.as_deref());
        if fields.len() > 1 {
            // The spec's rule (async-graphql does not check it): one source stream each.
            let message = "订阅只能选一个根字段 / a subscription selects exactly one root field";
            return self.refuse(&id, ErrorCode::GraphqlValidationFailed, message.to_owned()).await;
        }
        let joining = Joining {
            key: GroupKey::of(&principal, &request, per_user(&fields, &field_names(&doc))),
            kinds: kinds_of_fields(fields),
            doc,
            variables: request.variables,
            token,
        };
        let membership = self.hub.join(joining);
        self.generation += 1;
        let task = tokio::spawn(forward(
            Forward {
                id: id.clone(),
                generation: self.generation,
                expires: ready_expires,
                session: self.session.clone(),
                done: self.done_tx.clone(),
            },
            membership,
        ));
        self.subs.insert(id, (self.generation, task));
        Ok(())
    }

    async fn refuse(&mut self, id: &str, code: ErrorCode, message: String) -> Result<(), Close> {
        let errors = serde_json::to_string(&[server_error(code, message)]).unwrap_or_else(|_| "[]".into());
        self.say(protocol::error(id, &errors)).await
    }

    /// Sends one message of the socket's own. A client that reads nothing for
    /// [`STALL`] holds the socket's loop (and with it its clocks), so it is let go.
    async fn say(&mut self, text: String) -> Result<(), Close> {
        match tokio::time::timeout(STALL, self.session.text(text)).await {
            Ok(Ok(())) => Ok(()),
            _ => Err(Close::Stalled),
        }
    }

    /// Ends every subscription, then closes with the code (or a plain close when the client
    /// went first).
    async fn end(mut self, close: Option<Close>) {
        for (_, (_, task)) in self.subs.drain() {
            task.abort();
        }
        self.hub.state().metrics.live_sockets(-1);
        let reason = close.map(|c| CloseReason { code: CloseCode::Other(c.code()), description: Some(c.reason()) });
        let reason = reason.or(Some(CloseReason { code: CloseCode::Normal, description: None }));
        let _ = tokio::time::timeout(STALL, self.session.close(reason)).await;
    }
}

/// The socket's next change event once it is signed in (never before).
async fn next_event(ready: &mut Option<Ready>) -> Result<Arc<ChangeEvent>, broadcast::error::RecvError> {
    match ready {
        Some(r) => r.feed.recv().await,
        None => std::future::pending().await,
    }
}

/// How a token refused at `connection_init` closes the socket.
fn refused(err: AppError) -> Close {
    match err {
        AppError::Unavailable(_) => Close::Unavailable,
        _ => Close::Forbidden,
    }
}

/// The checks the HTTP path makes before executing (NUL characters, nesting and tokens, the
/// document's limits), and that it is a subscription; the code and message to refuse it with.
fn checked_document(hub: &Hub, request: &async_graphql::Request) -> Result<ExecutableDocument, (ErrorCode, String)> {
    if crate::http::graphql::carries_nul(request) {
        let message = "文本不能含空字符 U+0000 / text must not contain the NUL character (U+0000)";
        return Err((ErrorCode::BadUserInput, message.to_owned()));
    }
    let gql = &hub.state().settings.graphql;
    scan::scan(&request.query, gql.max_nesting, gql.max_tokens)
        .map_err(|e| (ErrorCode::GraphqlParseFailed, e.to_string()))?;
    let doc = async_graphql::parser::parse_query(&request.query)
        .map_err(|e| (ErrorCode::GraphqlParseFailed, e.to_string()))?;
    limits::check(&doc, limits::Limits::from(gql)).map_err(|e| (ErrorCode::GraphqlValidationFailed, e.to_string()))?;
    match limits::operation_type(&doc, request.operation_name.as_deref()) {
        Some(OperationType::Subscription) => Ok(doc),
        // Unknown operation name, or several without one: validation says which.
        None => Ok(doc),
        Some(_) => Err((
            ErrorCode::BadUserInput,
            "连接上只能订阅；查询和变更请用 POST / only subscriptions run over the socket; send queries and \
             mutations with POST"
                .to_owned(),
        )),
    }
}

/// Where a subscription's answers go.
struct Forward {
    id: String,
    generation: u64,
    /// The token's expiry: nothing is sent after it, whatever the socket's loop is doing.
    expires: Instant,
    session: Session,
    done: mpsc::Sender<(String, u64)>,
}

/// Sends a subscription's answers from its slot: each `next` as its group computed it; a
/// failed root field is its `next`, then `complete`; a refused document its `error`.
async fn forward(mut to: Forward, mut m: Membership) {
    if m.slot.borrow().is_some() {
        m.slot.mark_changed();
    }
    while m.slot.changed().await.is_ok() {
        let Some(answer) = m.slot.borrow_and_update().clone() else { continue };
        if Instant::now() >= to.expires {
            break;
        }
        let text = match answer.outcome {
            Outcome::Refused => protocol::error(&to.id, &answer.body),
            Outcome::Data | Outcome::Failed => protocol::next(&to.id, &answer.body),
        };
        if to.session.text(text).await.is_err() {
            break;
        }
        if answer.outcome == Outcome::Failed {
            let _ = to.session.text(protocol::complete(&to.id)).await;
        }
        if answer.outcome != Outcome::Data {
            break;
        }
    }
    drop(m);
    let _ = to.done.send((to.id, to.generation)).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_fields_of_the_subscription_asked_for() {
        let doc = async_graphql::parser::parse_query(
            "subscription A { ...F } subscription B { ... on SubscriptionRoot { reviewQueueChanged { totalCount } } } \
             query C { me { user { id } } } fragment F on SubscriptionRoot { rollupChanged(period: \"2021\", indicatorIds: []) { actual } }",
        )
        .unwrap();
        assert_eq!(root_fields(&doc, Some("A")), ["rollupChanged"]);
        assert_eq!(root_fields(&doc, Some("B")), ["reviewQueueChanged"]);
        assert!(root_fields(&doc, Some("C")).is_empty());
        let single = async_graphql::parser::parse_query("subscription { a: liveQuery { __typename } }").unwrap();
        assert_eq!(root_fields(&single, Some("anything")), ["liveQuery"]);
    }
}
