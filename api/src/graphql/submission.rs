//! Submission up the tree (上报): hand a period's figures to the parent, which accepts, returns or
//! re-opens them.

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};

use super::kit::connection::{Conn, connection, page_request, parse_id};
use super::kit::context::ContextExt;
use super::tenant::TenantRef;
use super::timeline::{AtTenant, SubmissionEvent, TimelineEvent};
use crate::domain::ids::*;
use crate::domain::submission::{SubmissionDecision as DDecision, SubmissionStatus as DStatus};
use crate::service::reports;
use crate::service::submissions::{self, Submission, Waiver};

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum SubmissionStatus {
    /// 已上报 — with the parent; the subtree's figures for the period are frozen.
    Submitted,
    /// 已接收 — accepted by the parent; still frozen.
    Accepted,
    /// 已退回 — back with the tenant; figures may change again.
    Returned,
}

impl From<DStatus> for SubmissionStatus {
    fn from(s: DStatus) -> Self {
        match s {
            DStatus::Submitted => SubmissionStatus::Submitted,
            DStatus::Accepted => SubmissionStatus::Accepted,
            DStatus::Returned => SubmissionStatus::Returned,
        }
    }
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum SubmissionDecision {
    /// 接收
    Accept,
    /// 退回 (reason required)
    Return,
    /// 重新打开 an accepted submission (reason required)
    Reopen,
}

impl From<SubmissionDecision> for DDecision {
    fn from(d: SubmissionDecision) -> Self {
        match d {
            SubmissionDecision::Accept => DDecision::Accept,
            SubmissionDecision::Return => DDecision::Return,
            SubmissionDecision::Reopen => DDecision::Reopen,
        }
    }
}

pub struct SubmissionNode(pub Submission);

#[Object(name = "Submission")]
impl SubmissionNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The submitting tenant.
    async fn tenant(&self, ctx: &Context<'_>) -> Result<TenantRef> {
        super::tenant::tenant_ref(ctx, self.0.tenant_id).await
    }
    /// The tenant it was handed to.
    async fn parent(&self, ctx: &Context<'_>) -> Result<TenantRef> {
        super::tenant::tenant_ref(ctx, self.0.parent_tenant_id).await
    }
    async fn period(&self) -> &str {
        &self.0.period
    }
    async fn status(&self) -> SubmissionStatus {
        self.0.status.into()
    }
    /// e.g. 已接收
    async fn status_label(&self) -> &'static str {
        self.0.status.label()
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// The figures the submission hands up: the current figures of the submitting tenant and
    /// its units for the period and every period inside it (a year's quarters and months),
    /// oldest first — what the parent reviews before accepting.
    async fn figures(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Conn<crate::graphql::report::ReportNode>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let req = page_request(ctx, &state.settings.graphql, first, after)?;
        let filter = reports::Filter {
            tenant: Some(self.0.tenant_id),
            include_subtree: false,
            unit_id: None,
            indicator_id: None,
            period: Some(self.0.period.clone()),
            within_period: true,
            include_history: false,
        };
        let page = reports::list(&state.db, &scope, filter, req).await?;
        Ok(connection(page, |r| r.id, crate::graphql::report::ReportNode))
    }

    /// Every step, oldest first. Actions: SUBMIT, ACCEPT, RETURN (with its reason), REOPEN.
    async fn timeline(&self, ctx: &Context<'_>) -> Result<Vec<SubmissionEvent>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let events = submissions::timeline(&state.db, &scope, self.0.id).await?;
        // A step starts where the one before it ended: the timeline holds every transition.
        let mut before: Option<SubmissionStatus> = None;
        Ok(events
            .into_iter()
            .map(|e| {
                let to_status: SubmissionStatus = e.to_status.into();
                let step = TimelineEvent {
                    id: e.id.into(),
                    action: e.action,
                    from_status: before.replace(to_status),
                    to_status,
                    at_tenant: AtTenant::Id(e.at_tenant_id),
                    actor_name: e.actor_name,
                    reason: e.reason,
                    at: e.at,
                };
                let waivers = e
                    .waivers
                    .into_iter()
                    .map(|w| WaiverOut { tenant_id: ID(w.tenant_id.to_string()), reason: w.reason })
                    .collect();
                SubmissionEvent { step, waivers }
            })
            .collect())
    }
}

#[derive(SimpleObject)]
#[graphql(name = "Waiver")]
pub struct WaiverOut {
    pub tenant_id: ID,
    pub reason: String,
}

#[derive(InputObject)]
pub struct WaiverInput {
    /// A direct child of your tenant not accepted for the period.
    pub tenant_id: ID,
    pub reason: String,
}

#[derive(InputObject, Default)]
pub struct SubmissionFilter {
    /// Made by this tenant.
    pub tenant_id: Option<ID>,
    /// Made to this tenant.
    pub parent_id: Option<ID>,
    pub period: Option<String>,
    pub status: Option<SubmissionStatus>,
}

#[derive(Default)]
pub struct SubmissionQuery;

#[Object]
impl SubmissionQuery {
    async fn submission(&self, ctx: &Context<'_>, id: ID) -> Result<SubmissionNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(SubmissionNode(submissions::get(&state.db, &scope, parse_id("id", &id)?).await?))
    }

    /// Submissions in the caller's subtree.
    #[graphql(complexity = "first.unwrap_or(20).max(1) as usize * child_complexity")]
    async fn submissions(
        &self,
        ctx: &Context<'_>,
        filter: Option<SubmissionFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Conn<SubmissionNode>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let req = page_request(ctx, &state.settings.graphql, first, after)?;
        let f = filter.unwrap_or_default();
        let filter = submissions::Filter {
            tenant: f.tenant_id.as_ref().map(|t| parse_id("filter.tenantId", t).map(TenantId)).transpose()?,
            parent: f.parent_id.as_ref().map(|t| parse_id("filter.parentId", t).map(TenantId)).transpose()?,
            period: f.period,
            status: f.status.map(|s| match s {
                SubmissionStatus::Submitted => DStatus::Submitted,
                SubmissionStatus::Accepted => DStatus::Accepted,
                SubmissionStatus::Returned => DStatus::Returned,
            }),
        };
        let page = submissions::list(&state.db, &scope, filter, req).await?;
        Ok(connection(page, |s| s.id, SubmissionNode))
    }
}

#[derive(Default)]
pub struct SubmissionMutation;

#[Object]
impl SubmissionMutation {
    /// Hands your tenant's figures for a period to its parent (REPORTER or ADMIN). Every child
    /// must be accepted for the period, or waived with a reason. `version` is needed to resubmit
    /// a returned submission.
    async fn submit_period(
        &self,
        ctx: &Context<'_>,
        period: String,
        version: Option<i32>,
        #[graphql(default)] waivers: Vec<WaiverInput>,
    ) -> Result<SubmissionNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let waivers = waivers
            .into_iter()
            .map(|w| parse_id("waivers.tenantId", &w.tenant_id).map(|t| Waiver { tenant_id: t, reason: w.reason }))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(SubmissionNode(submissions::submit(state, &scope, &period, version, waivers).await?))
    }

    /// The parent's REVIEWER accepts a child's submission, returns it, or re-opens an accepted
    /// one (both with a reason).
    async fn decide_submission(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        decision: SubmissionDecision,
        reason: Option<String>,
    ) -> Result<SubmissionNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let id = parse_id("id", &id)?;
        Ok(SubmissionNode(submissions::decide(state, &scope, id, version, decision.into(), reason).await?))
    }
}
