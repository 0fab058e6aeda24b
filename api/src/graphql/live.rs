//! The subscription root: what a live client (graphql-transport-ws on `/graphql`, see
//! `http::live`) may subscribe to.
//!
//! Each field answers the *current* value once, exactly as the matching query would for the
//! same caller and arguments, then ends. Keeping a subscription live is the HTTP layer's part:
//! it groups the subscribers of the same document, runs it again for the group when a change
//! event concerns it and pushes the new answer only when it differs from the last one sent. So
//! the scope, the roles and every check of the queries apply to every answer, unchanged.

use async_graphql::futures_util::stream::{self, Stream};
use async_graphql::{Context, ID, Result, Subscription};

use super::QueryRoot;
use super::application::ApplicationNode;
use super::kit::connection::{Conn, connection, page_request};
use super::kit::context::ContextExt;
use super::kit::enums::RectificationStatus;
use super::rollup::RollupResult;
use super::supervision::RectificationTaskNode;
use crate::service::applications;
use crate::service::supervision::{self as svc, TaskFilter};

#[derive(Default)]
pub struct SubscriptionRoot;

#[Subscription]
impl SubscriptionRoot {
    /// Any query, live: the selection under `liveQuery` runs as the same query would (the
    /// caller's scope and roles, every limit), first at once, then again after every committed
    /// change in the caller's city, and is sent whenever its answer differs from the last one.
    /// What a dashboard needs to stay live in one subscription: e.g. `liveQuery { tenant(id:
    /// …) { rollup(…) { … } children { … } } submissions(…) { … } rectificationSummary(…) { … } }`.
    async fn live_query(&self) -> impl Stream<Item = QueryRoot> + use<> {
        stream::iter([QueryRoot::default()])
    }

    /// Live roll-ups: the same answer as `rollup(tenantId, period, indicatorIds)`, first at
    /// once, then whenever a figure, target, quota, submission, indicator or the tree of the
    /// caller's city changes and the answer with it. A tenant outside the caller's subtree is
    /// NOT_FOUND, like in the query, and the subscription ends.
    async fn rollup_changed(
        &self,
        ctx: &Context<'_>,
        tenant_id: Option<ID>,
        period: String,
        indicator_ids: Vec<ID>,
    ) -> Result<impl Stream<Item = Vec<RollupResult>> + use<>> {
        let rows = super::rollup::rollup_of(ctx, tenant_id, &period, &indicator_ids).await?;
        Ok(stream::iter([rows]))
    }

    /// The caller's review queue, live: the same connection as `reviewQueue` (`totalCount`
    /// and the applications waiting on the caller's own level), first at once, then whenever
    /// an application of the caller's city changes and the queue with it.
    #[graphql(complexity = "first.unwrap_or(20).max(1) as usize * child_complexity")]
    async fn review_queue_changed(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
    ) -> Result<impl Stream<Item = Conn<ApplicationNode>> + use<>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let req = page_request(ctx, &state.settings.graphql, first, None)?;
        let page = applications::queue(&state.db, &scope, req).await?;
        Ok(stream::iter([connection(page, |a| a.id, ApplicationNode)]))
    }

    /// The caller's rectification tasks, live: the same connection as `myRectificationTasks`
    /// (tasks assigned to the caller's own tenant and its units), first at once, then whenever
    /// one of them changes (a step, a new task, an answer verified or reopened).
    #[graphql(complexity = "first.unwrap_or(20).max(1) as usize * child_complexity")]
    async fn rectification_changed(
        &self,
        ctx: &Context<'_>,
        status: Option<RectificationStatus>,
        overdue: Option<bool>,
        first: Option<i32>,
    ) -> Result<impl Stream<Item = Conn<RectificationTaskNode>> + use<>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let req = page_request(ctx, &state.settings.graphql, first, None)?;
        let f = TaskFilter { status: status.map(Into::into), overdue, mine: true, ..Default::default() };
        let page = svc::list_tasks(&state.db, &scope, f, svc::china_today(), req).await?;
        Ok(stream::iter([connection(page, |t| t.id, RectificationTaskNode)]))
    }
}
