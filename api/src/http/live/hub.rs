//! The node's groups of subscribers and their fan-out.
//!
//! A group runs one task: it computes the answer once when it is made, then waits for a change
//! event that concerns it (see `group::concerns`), waits out the debounce
//! (`graphql.subscription_debounce_ms`) so that a burst of writes costs one computation, and
//! computes again. The answer is serialised once; when its bytes differ from the last ones the
//! group sent, each member's slot is overwritten with them. A slot holds only the latest value
//! (`tokio::sync::watch`): a slow client skips the versions it had no time for, and memory does
//! not grow with the events.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use async_graphql::parser::types::ExecutableDocument;
use futures_util::StreamExt as _;
use tokio::sync::{broadcast, watch};
use tokio::task::AbortHandle;

use super::group::{GroupKey, concerns};
use crate::auth;
use crate::domain::ids::UserId;
use crate::events::Touch;
use crate::graphql::AppSchema;
use crate::graphql::kit::context::RequestInfo;
use crate::graphql::kit::errors::{code_of, label};
use crate::graphql::kit::{complete, loaders};
use crate::state::AppState;

/// One computed answer, as every member of the group gets it.
#[derive(Clone, Debug)]
pub struct Answer {
    /// The execution result, serialised once.
    pub body: Arc<str>,
    pub outcome: Outcome,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Data: a `next`, and the subscription goes on.
    Data,
    /// The root field failed (NOT_FOUND, FORBIDDEN, …): a `next` with the errors, then
    /// `complete`.
    Failed,
    /// The document did not validate: an `error` message (the body is the errors array).
    Refused,
}

/// A member's slot: `None` until the group's first answer.
pub type Slot = watch::Receiver<Option<Answer>>;

/// What a subscription needs to join its group, checked by the socket beforehand.
pub struct Joining {
    pub key: GroupKey,
    pub doc: ExecutableDocument,
    pub variables: async_graphql::Variables,
    pub kinds: BTreeSet<Touch>,
    /// The member's access token: the group authenticates with a member's token each time it
    /// computes, so it reads with the roles and the data version of that moment.
    pub token: Arc<str>,
}

#[derive(Clone)]
pub struct Hub {
    inner: Arc<Inner>,
}

struct Inner {
    state: AppState,
    schema: AppSchema,
    groups: Mutex<HashMap<GroupKey, Arc<Group>>>,
    sockets: Mutex<HashMap<UserId, usize>>,
    next_member: std::sync::atomic::AtomicU64,
}

struct Group {
    doc: ExecutableDocument,
    variables: async_graphql::Variables,
    key: GroupKey,
    kinds: BTreeSet<Touch>,
    inner: Mutex<GroupState>,
}

#[derive(Default)]
struct GroupState {
    members: Vec<Member>,
    last: Option<Answer>,
    task: Option<AbortHandle>,
}

struct Member {
    id: u64,
    token: Arc<str>,
    slot: watch::Sender<Option<Answer>>,
}

/// A subscription's place in its group; leaving the group (dropping this) removes the member,
/// and the last member's leaving ends the group's task.
pub struct Membership {
    hub: Hub,
    key: GroupKey,
    id: u64,
    pub slot: Slot,
}

/// A user's open socket, counted while it lives (see `graphql.sockets_per_user`).
pub struct SocketCount {
    hub: Hub,
    user: UserId,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding one of these locks leaves plain data behind, still usable.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Hub {
    pub fn new(state: AppState, schema: AppSchema) -> Self {
        Self {
            inner: Arc::new(Inner {
                state,
                schema,
                groups: Mutex::default(),
                sockets: Mutex::default(),
                next_member: Default::default(),
            }),
        }
    }

    pub fn state(&self) -> &AppState {
        &self.inner.state
    }

    /// Counts a socket of `user`, unless the user holds as many as allowed.
    pub fn open_socket(&self, user: UserId) -> Option<SocketCount> {
        let max = self.inner.state.settings.graphql.sockets_per_user;
        let mut sockets = lock(&self.inner.sockets);
        let n = sockets.entry(user).or_default();
        if *n >= max {
            return None;
        }
        *n += 1;
        Some(SocketCount { hub: self.clone(), user })
    }

    /// Joins the group of `joining.key`, making it (and starting its task) if it is new. The
    /// member's slot starts with the group's last answer, if it has one.
    pub fn join(&self, joining: Joining) -> Membership {
        let id = self.inner.next_member.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut groups = lock(&self.inner.groups);
        let group = groups
            .entry(joining.key.clone())
            .or_insert_with(|| {
                Arc::new(Group {
                    doc: joining.doc,
                    variables: joining.variables,
                    key: joining.key.clone(),
                    kinds: joining.kinds,
                    inner: Mutex::default(),
                })
            })
            .clone();
        let mut g = lock(&group.inner);
        let (slot, rx) = watch::channel(g.last.clone());
        g.members.push(Member { id, token: joining.token, slot });
        if g.task.is_none() {
            let feed = self.inner.state.changes.subscribe();
            g.task = Some(tokio::spawn(run(self.clone(), group.clone(), feed)).abort_handle());
            self.inner.state.metrics.live_groups(1);
        }
        drop(g);
        drop(groups);
        self.inner.state.metrics.live_subscriptions(1);
        Membership { hub: self.clone(), key: joining.key, id, slot: rx }
    }

    fn leave(&self, key: &GroupKey, id: u64) {
        let mut groups = lock(&self.inner.groups);
        let Some(group) = groups.get(key).cloned() else { return };
        let mut g = lock(&group.inner);
        g.members.retain(|m| m.id != id);
        self.inner.state.metrics.live_subscriptions(-1);
        if g.members.is_empty() {
            if let Some(task) = g.task.take() {
                task.abort();
            }
            drop(g);
            groups.remove(key);
            self.inner.state.metrics.live_groups(-1);
        }
    }
}

impl Drop for Membership {
    fn drop(&mut self) {
        self.hub.leave(&self.key, self.id);
    }
}

impl Drop for SocketCount {
    fn drop(&mut self) {
        let mut sockets = lock(&self.hub.inner.sockets);
        if let Some(n) = sockets.get_mut(&self.user) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                sockets.remove(&self.user);
            }
        }
    }
}

/// A group's task: the first answer at once, then one computation per burst of changes that
/// concern it. The feed was subscribed before the first computation, so no change committed
/// after it started can be missed.
async fn run(hub: Hub, group: Arc<Group>, mut feed: broadcast::Receiver<Arc<crate::events::ChangeEvent>>) {
    let debounce = Duration::from_millis(hub.inner.state.settings.graphql.subscription_debounce_ms);
    let city = group.key.city;
    fan_out(&group, compute(&hub, &group).await);
    loop {
        match feed.recv().await {
            Ok(event) if !concerns(&event, city, &group.kinds) => continue,
            // Fell behind the feed: some change may have concerned the group.
            Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
            Err(broadcast::error::RecvError::Closed) => return,
        }
        tokio::time::sleep(debounce).await;
        // Every change published until now is committed, so the computation below sees it.
        while let Ok(_) | Err(broadcast::error::TryRecvError::Lagged(_)) = feed.try_recv() {}
        fan_out(&group, compute(&hub, &group).await);
    }
}

/// Hands an answer to every member, unless it is byte for byte the last one the group sent.
fn fan_out(group: &Group, answer: Option<Answer>) {
    let Some(answer) = answer else { return };
    let mut g = lock(&group.inner);
    if g.last.as_ref().is_some_and(|last| last.body == answer.body) {
        return;
    }
    g.last = Some(answer.clone());
    for m in &g.members {
        m.slot.send_replace(Some(answer.clone()));
    }
}

/// Runs the group's document once, as the first member whose token still authenticates.
/// `None` when none does (their sockets are being closed) or the database did not answer
/// (the next change tries again).
async fn compute(hub: &Hub, group: &Group) -> Option<Answer> {
    let state = &hub.inner.state;
    let tokens: Vec<Arc<str>> = lock(&group.inner).members.iter().map(|m| m.token.clone()).collect();
    let mut principal = None;
    for token in tokens {
        if let Ok(p) = auth::authenticate(&state.db, &state.keys, &state.sign_ins, &token).await {
            principal = Some(p);
            break;
        }
    }
    let principal = principal?;
    state.metrics.live_computation();
    let mut request = async_graphql::Request::new(group.key.query.clone()).variables(group.variables.clone());
    request.operation_name = group.key.operation_name.clone();
    request.set_parsed_query(group.doc.clone());
    let request = request
        .data(loaders::for_request(state.clone(), principal.own_scope()))
        .data(RequestInfo { principal: Some(principal), client: String::new() });
    let mut response = hub.inner.schema.execute_stream(request).next().await?;
    label(&mut response.errors);
    for err in &response.errors {
        state.metrics.observe_error(code_of(err).as_deref().unwrap_or("UNCODED"));
    }
    Some(answer_of(response, group))
}

fn answer_of(mut response: async_graphql::Response, group: &Group) -> Answer {
    let outcome = outcome_of(&response);
    if outcome == Outcome::Refused {
        let body = serde_json::to_string(&response.errors).unwrap_or_else(|_| "[]".to_owned());
        return Answer { body: body.into(), outcome };
    }
    if let Some(completion) = crate::graphql::completion() {
        let conditions = complete::Conditions::of(&group.variables);
        if let Some(plan) = complete::Plan::of(&group.doc, group.key.operation_name.as_deref(), &conditions) {
            completion.apply(&plan, &mut response);
        }
    }
    let body = serde_json::to_string(&response).unwrap_or_else(|_| r#"{"data":null}"#.to_owned());
    Answer { body: body.into(), outcome }
}

/// What an answer means for the subscription: refused (the document did not parse or
/// validate, nothing ran), failed (its root fields are null and the errors say why: nothing
/// more can come) or data.
fn outcome_of(response: &async_graphql::Response) -> Outcome {
    use async_graphql::Value;
    let not_run = response.data == Value::Null
        && response
            .errors
            .iter()
            .any(|e| matches!(code_of(e).as_deref(), Some("GRAPHQL_VALIDATION_FAILED") | Some("GRAPHQL_PARSE_FAILED")));
    let root_failed = match &response.data {
        Value::Null => true,
        Value::Object(fields) => fields.values().all(|v| *v == Value::Null),
        _ => false,
    };
    match (not_run, root_failed && !response.errors.is_empty()) {
        (true, _) => Outcome::Refused,
        (false, true) => Outcome::Failed,
        (false, false) => Outcome::Data,
    }
}

#[cfg(test)]
mod tests {
    use async_graphql::{Name, Response, Value};

    use super::*;
    use crate::error::ErrorCode;
    use crate::graphql::kit::errors::server_error;

    fn data(field: Value) -> Value {
        Value::Object([(Name::new("rollupChanged"), field)].into_iter().collect())
    }

    #[test]
    fn an_answer_is_data_a_failure_or_a_refusal() {
        let ok = Response::new(data(Value::List(vec![])));
        assert_eq!(outcome_of(&ok), Outcome::Data);
        let mut not_found = Response::new(data(Value::Null));
        not_found.errors.push(server_error(ErrorCode::NotFound, "tenant not found"));
        assert_eq!(outcome_of(&not_found), Outcome::Failed);
        let refused = Response::from_errors(vec![server_error(ErrorCode::GraphqlValidationFailed, "unknown field")]);
        assert_eq!(outcome_of(&refused), Outcome::Refused);
        // A field below the root failing leaves the subscription running.
        let mut partial = Response::new(data(Value::List(vec![Value::Null])));
        partial.errors.push(server_error(ErrorCode::NotFound, "tenant not found"));
        assert_eq!(outcome_of(&partial), Outcome::Data);
    }
}
