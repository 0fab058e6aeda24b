//! Supervision (督查): inspections, findings, rectification tasks (整改) with their timeline,
//! and the per-tenant rectification roll-up.

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

use super::kit::connection::{Conn, connection, page_request, parse_id};
use super::kit::context::ContextExt;
use super::kit::enums::RectificationStatus;
use super::tenant::{TenantRef, tenant_ref};
use super::unit::UnitNode;
use crate::domain::ids::*;
use crate::domain::rectification::TaskAction;
use crate::error::AppError;
use crate::service::supervision::{
    self as svc, Assignee, Counts, Event, Evidence, Finding, Inspection, InspectionFilter as SvcInspectionFilter,
    InspectionInput as SvcInspectionInput, NewTask, Place, PlaceInput, Task, TaskFilter,
};

mod findings;
mod inspections;
mod summary;
mod tasks;

pub use findings::*;
pub use inspections::*;
pub use summary::*;
pub use tasks::*;

fn opt_id<T: From<i64>>(field: &str, id: &Option<ID>) -> Result<Option<T>, AppError> {
    id.as_ref().map(|v| parse_id(field, v)).transpose()
}

#[derive(Default)]
pub struct SupervisionQuery;

#[Object]
impl SupervisionQuery {
    /// An inspection made by a tenant of the caller's subtree. NOT_FOUND for any other id.
    async fn inspection(&self, ctx: &Context<'_>, id: ID) -> Result<InspectionNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(InspectionNode(svc::get_inspection(&state.db, &scope, parse_id("id", &id)?).await?))
    }

    /// Inspections made by tenants of the caller's subtree, filtered.
    #[graphql(complexity = "first.unwrap_or(20).max(1) as usize * child_complexity")]
    async fn inspections(
        &self,
        ctx: &Context<'_>,
        filter: Option<InspectionFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Conn<InspectionNode>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let req = page_request(ctx, &state.settings.graphql, first, after)?;
        let f = filter.unwrap_or_default();
        let f = SvcInspectionFilter {
            tenant: opt_id("filter.tenantId", &f.tenant_id)?.map(TenantId),
            from: f.from,
            to: f.to,
        };
        let page = svc::list_inspections(&state.db, &scope, f, req).await?;
        Ok(connection(page, |i| i.id, InspectionNode))
    }

    /// A rectification task assigned in the caller's subtree. NOT_FOUND for any other id.
    async fn rectification_task(&self, ctx: &Context<'_>, id: ID) -> Result<RectificationTaskNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(RectificationTaskNode(svc::get_task(&state.db, &scope, parse_id("id", &id)?).await?))
    }

    /// Rectification tasks assigned in the caller's subtree, filtered (status, overdue,
    /// assignee tenant's subtree, inspection, finding).
    #[graphql(complexity = "first.unwrap_or(20).max(1) as usize * child_complexity")]
    async fn rectification_tasks(
        &self,
        ctx: &Context<'_>,
        filter: Option<RectificationTaskFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Conn<RectificationTaskNode>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let req = page_request(ctx, &state.settings.graphql, first, after)?;
        let f = filter.unwrap_or_default();
        let f = TaskFilter {
            status: f.status.map(Into::into),
            overdue: f.overdue,
            assignee_tenant: opt_id("filter.assigneeTenantId", &f.assignee_tenant_id)?.map(TenantId),
            mine: false,
            inspection_id: opt_id("filter.inspectionId", &f.inspection_id)?,
            finding_id: opt_id("filter.findingId", &f.finding_id)?,
        };
        let page = svc::list_tasks(&state.db, &scope, f, svc::china_today(), req).await?;
        Ok(connection(page, |t| t.id, RectificationTaskNode))
    }

    /// My rectification tasks: those assigned to the caller's own tenant or its units,
    /// optionally of one status or only overdue ones.
    #[graphql(complexity = "first.unwrap_or(20).max(1) as usize * child_complexity")]
    async fn my_rectification_tasks(
        &self,
        ctx: &Context<'_>,
        status: Option<RectificationStatus>,
        overdue: Option<bool>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Conn<RectificationTaskNode>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let req = page_request(ctx, &state.settings.graphql, first, after)?;
        let f = TaskFilter { status: status.map(Into::into), overdue, mine: true, ..Default::default() };
        let page = svc::list_tasks(&state.db, &scope, f, svc::china_today(), req).await?;
        Ok(connection(page, |t| t.id, RectificationTaskNode))
    }

    /// Rectification roll-up for a tenant of the caller's subtree: counts by status, overdue,
    /// verified late and completion rate over its subtree, and the same per direct child. A
    /// constant number of statements whatever the tree.
    async fn rectification_summary(&self, ctx: &Context<'_>, tenant_id: ID) -> Result<RectificationSummary> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let t = parse_id("tenantId", &tenant_id)?;
        let s = svc::summary(&state.db, &scope, t, svc::china_today()).await?;
        Ok(RectificationSummary {
            tenant: s.tenant.into(),
            counts: s.counts.into(),
            children: s
                .children
                .into_iter()
                .map(|(t, c)| RectificationChildSummary { tenant: t.into(), counts: c.into() })
                .collect(),
        })
    }
}

#[derive(Default)]
pub struct SupervisionMutation;

async fn step(
    ctx: &Context<'_>,
    id: &ID,
    version: i32,
    action: TaskAction,
    reason: Option<String>,
    evidence: Option<Evidence>,
) -> Result<RectificationTaskNode> {
    let (state, scope) = (ctx.state()?, ctx.scope()?);
    let id = parse_id("id", id)?;
    Ok(RectificationTaskNode(svc::act(state, &scope, id, version, action, reason, evidence).await?))
}

#[Object]
impl SupervisionMutation {
    /// Records an inspection made by the caller's own tenant (REVIEWER): date, leaders, places
    /// visited in its subtree, summary.
    async fn create_inspection(&self, ctx: &Context<'_>, input: InspectionInput) -> Result<InspectionNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(InspectionNode(svc::create_inspection(state, &scope, input.into_service()?).await?))
    }

    /// Edits an inspection (REVIEWER of the inspecting tenant) at the version read; the places
    /// are replaced. The date cannot move past a deadline of its tasks.
    async fn update_inspection(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        input: InspectionInput,
    ) -> Result<InspectionNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let id = parse_id("id", &id)?;
        Ok(InspectionNode(svc::update_inspection(state, &scope, id, version, input.into_service()?).await?))
    }

    /// Records a finding (问题) of an inspection (REVIEWER of the inspecting tenant).
    async fn add_finding(&self, ctx: &Context<'_>, inspection_id: ID, description: String) -> Result<FindingNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let id = parse_id("inspectionId", &inspection_id)?;
        Ok(FindingNode(svc::add_finding(state, &scope, id, &description).await?))
    }

    /// Opens a rectification task on a finding (REVIEWER of the inspecting tenant), assigned to
    /// a tenant below it or a unit of its subtree, with a deadline not before the inspection.
    async fn open_rectification_task(
        &self,
        ctx: &Context<'_>,
        input: OpenRectificationTaskInput,
    ) -> Result<RectificationTaskNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let assignee = match (
            opt_id("assigneeTenantId", &input.assignee_tenant_id)?,
            opt_id("assigneeUnitId", &input.assignee_unit_id)?,
        ) {
            (Some(t), None) => Assignee::Tenant(TenantId(t)),
            (None, Some(u)) => Assignee::Unit(u),
            _ => {
                return Err(AppError::bad_input(
                    "assigneeTenantId",
                    "give assigneeTenantId or assigneeUnitId, not both",
                )
                .into());
            }
        };
        let input = NewTask {
            finding_id: parse_id("findingId", &input.finding_id)?,
            assignee,
            requirement: input.requirement,
            deadline: input.deadline,
        };
        Ok(RectificationTaskNode(svc::open_task(state, &scope, input).await?))
    }

    /// The assignee starts work (REPORTER of the assignee's tenant): OPEN or REOPENED ->
    /// IN_PROGRESS.
    async fn start_rectification(&self, ctx: &Context<'_>, id: ID, version: i32) -> Result<RectificationTaskNode> {
        step(ctx, &id, version, TaskAction::Start, None, None).await
    }

    /// The assignee hands in what was done with evidence (REPORTER of the assignee's tenant):
    /// IN_PROGRESS or REOPENED -> SUBMITTED.
    async fn submit_rectification(
        &self,
        ctx: &Context<'_>,
        input: SubmitRectificationInput,
    ) -> Result<RectificationTaskNode> {
        let evidence = Evidence { text: input.evidence_text, references: input.evidence };
        step(ctx, &input.id, input.version, TaskAction::Submit, None, Some(evidence)).await
    }

    /// The inspecting level verifies the rectification (REVIEWER of the inspecting tenant):
    /// SUBMITTED -> VERIFIED (销号); recorded as late after the deadline.
    async fn verify_rectification(&self, ctx: &Context<'_>, id: ID, version: i32) -> Result<RectificationTaskNode> {
        step(ctx, &id, version, TaskAction::Verify, None, None).await
    }

    /// The inspecting level sends it back with a reason (REVIEWER of the inspecting tenant):
    /// SUBMITTED -> REOPENED.
    async fn reopen_rectification(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        reason: String,
    ) -> Result<RectificationTaskNode> {
        step(ctx, &id, version, TaskAction::Reopen, Some(reason), None).await
    }
}
