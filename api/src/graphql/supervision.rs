//! Supervision (督查): inspections, findings, rectification tasks (整改) with their timeline,
//! and the per-tenant rectification roll-up.

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

use super::connection::{Conn, connection, page_request, parse_id};
use super::context::ContextExt;
use super::enums::RectificationStatus;
use super::tenant::{TenantRef, tenant_ref};
use super::unit::UnitNode;
use crate::domain::ids::TenantId;
use crate::domain::rectification::TaskAction;
use crate::error::AppError;
use crate::service::supervision::{
    self as svc, Assignee, Counts, Event, Evidence, Finding, Inspection, InspectionFilter as SvcInspectionFilter,
    InspectionInput as SvcInspectionInput, NewTask, Place, PlaceInput, Task, TaskFilter,
};

/// A visit by a level to places in its subtree (督查/调研).
pub struct InspectionNode(pub Inspection);

#[Object(name = "Inspection")]
impl InspectionNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The inspecting tenant.
    async fn tenant(&self, ctx: &Context<'_>) -> Result<TenantRef> {
        tenant_ref(ctx, self.0.tenant_id).await
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// The day of the visit (China date).
    async fn inspected_on(&self) -> NaiveDate {
        self.0.inspected_on
    }
    /// The leading officials, e.g. "市委常委、统战部部长 …".
    async fn leaders(&self) -> &[String] {
        &self.0.leaders
    }
    async fn summary(&self) -> &str {
        &self.0.summary
    }
    /// Send it back with `updateInspection`; a stale version answers CONFLICT.
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// The places visited, in the order given.
    async fn places(&self, ctx: &Context<'_>) -> Result<Vec<PlaceNode>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(svc::places(&state.db, &scope, self.0.id).await?.into_iter().map(PlaceNode).collect())
    }
    /// The findings, in the order recorded.
    async fn findings(&self, ctx: &Context<'_>) -> Result<Vec<FindingNode>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(svc::findings(&state.db, &scope, self.0.id).await?.into_iter().map(FindingNode).collect())
    }
}

/// A place an inspection visited: a tenant below the inspecting tenant, or a unit.
pub struct PlaceNode(Place);

#[Object(name = "InspectionPlace")]
impl PlaceNode {
    /// The tenant visited (for a unit, the unit's tenant).
    async fn tenant(&self, ctx: &Context<'_>) -> Result<TenantRef> {
        tenant_ref(ctx, self.0.tenant_id).await
    }
    async fn unit(&self, ctx: &Context<'_>) -> Result<Option<UnitNode>> {
        match self.0.unit_id {
            Some(id) => Ok(Some(UnitNode(super::loaders::unit(ctx, id).await?))),
            None => Ok(None),
        }
    }
    /// What was seen there, e.g. 民族团结宣传长廊.
    async fn note(&self) -> &str {
        &self.0.note
    }
}

/// A weak spot an inspection found (问题).
pub struct FindingNode(pub Finding);

#[Object(name = "Finding")]
impl FindingNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn description(&self) -> &str {
        &self.0.description
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn inspection(&self, ctx: &Context<'_>) -> Result<InspectionNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(InspectionNode(svc::get_inspection(&state.db, &scope, self.0.inspection_id).await?))
    }
    /// The rectification tasks opened on this finding.
    async fn tasks(&self, ctx: &Context<'_>) -> Result<Vec<RectificationTaskNode>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let tasks = svc::tasks_of_finding(&state.db, &scope, &self.0).await?;
        Ok(tasks.into_iter().map(RectificationTaskNode).collect())
    }
}

/// A rectification task (整改任务): what to fix, by whom, by when.
pub struct RectificationTaskNode(pub Task);

/// `None` for NOT_FOUND: what the caller's level may not see is left out, not an error.
fn visible<T>(r: Result<T, AppError>) -> Result<Option<T>, AppError> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(AppError::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

#[Object(name = "RectificationTask")]
impl RectificationTaskNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The finding, when the caller's level can see it (the inspecting tenant's subtree above
    /// all); null for an assignee below the inspecting level, who reads `requirement`.
    async fn finding(&self, ctx: &Context<'_>) -> Result<Option<FindingNode>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(visible(svc::get_finding(&state.db, &scope, self.0.finding_id).await)?.map(FindingNode))
    }
    /// The inspection, when the caller's level can see it (see `finding`).
    async fn inspection(&self, ctx: &Context<'_>) -> Result<Option<InspectionNode>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(visible(svc::get_inspection(&state.db, &scope, self.0.inspection_id).await)?.map(InspectionNode))
    }
    /// The level that inspected, opened the task and verifies it (identity).
    async fn inspecting_tenant(&self, ctx: &Context<'_>) -> Result<TenantRef> {
        tenant_ref(ctx, self.0.inspecting_tenant_id).await
    }
    /// The tenant that answers the task (for a unit assignee, the unit's tenant).
    async fn assignee_tenant(&self, ctx: &Context<'_>) -> Result<TenantRef> {
        tenant_ref(ctx, self.0.assignee_tenant_id).await
    }
    /// The unit assigned, if the task went to a unit.
    async fn assignee_unit(&self, ctx: &Context<'_>) -> Result<Option<UnitNode>> {
        match self.0.assignee_unit_id {
            Some(id) => Ok(Some(UnitNode(super::loaders::unit(ctx, id).await?))),
            None => Ok(None),
        }
    }
    /// What is to be rectified (整改要求).
    async fn requirement(&self) -> &str {
        &self.0.requirement
    }
    /// The last day (China date) to have it verified.
    async fn deadline(&self) -> NaiveDate {
        self.0.deadline
    }
    async fn status(&self) -> RectificationStatus {
        self.0.status.into()
    }
    /// e.g. 整改中
    async fn status_label(&self) -> &'static str {
        self.0.status.label()
    }
    /// Not VERIFIED and today (server clock, China date UTC+8) is after the deadline.
    async fn overdue(&self) -> bool {
        self.0.overdue(svc::china_today())
    }
    /// Days past the deadline (China date); 0 when not overdue.
    async fn days_overdue(&self) -> i64 {
        self.0.days_overdue(svc::china_today())
    }
    /// What the assignee says was done, as last submitted.
    async fn evidence_text(&self) -> &str {
        &self.0.evidence_text
    }
    /// References to the evidence (台账, photos, links), as last submitted.
    async fn evidence(&self) -> &[String] {
        &self.0.evidence
    }
    /// Why the inspecting level last reopened it.
    async fn reopen_reason(&self) -> Option<&str> {
        self.0.reopen_reason.as_deref()
    }
    /// The China date it was verified.
    async fn verified_on(&self) -> Option<NaiveDate> {
        self.0.verified_on
    }
    /// Verified after its deadline.
    async fn verified_late(&self) -> bool {
        self.0.verified_late
    }
    /// Send it back with every step; a stale version answers CONFLICT.
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Every step so far, oldest first: who, what, at which level, why or with what evidence.
    async fn timeline(&self, ctx: &Context<'_>) -> Result<Vec<RectificationEvent>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(svc::timeline(&state.db, &scope, self.0.id).await?.into_iter().map(RectificationEvent).collect())
    }
}

pub struct RectificationEvent(Event);

#[Object]
impl RectificationEvent {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// OPEN, START, SUBMIT, VERIFY, REOPEN.
    async fn action(&self) -> &str {
        &self.0.action
    }
    async fn from_status(&self) -> Option<RectificationStatus> {
        self.0.from_status.map(Into::into)
    }
    async fn to_status(&self) -> RectificationStatus {
        self.0.to_status.into()
    }
    /// The level at which the step was taken.
    async fn at_tenant(&self) -> TenantRef {
        self.0.at_tenant.clone().into()
    }
    async fn actor_name(&self) -> &str {
        &self.0.actor_name
    }
    /// The reason of a REOPEN.
    async fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }
    /// On SUBMIT: what was done.
    async fn evidence_text(&self) -> Option<&str> {
        self.0.evidence_text.as_deref()
    }
    /// On SUBMIT: the evidence references handed in.
    async fn evidence(&self) -> Option<&[String]> {
        self.0.evidence.as_deref()
    }
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
}

/// Rectification counts over a subtree.
#[derive(SimpleObject)]
pub struct RectificationCounts {
    pub total: i64,
    pub open: i64,
    pub in_progress: i64,
    pub submitted: i64,
    pub verified: i64,
    pub reopened: i64,
    /// Not verified and past the deadline (China date).
    pub overdue: i64,
    /// Verified, but after the deadline.
    pub verified_late: i64,
    /// verified / total (0–1, four decimals); null without tasks.
    pub completion_rate: Option<Decimal>,
}

impl From<Counts> for RectificationCounts {
    fn from(c: Counts) -> Self {
        RectificationCounts {
            completion_rate: c.completion_rate(),
            total: c.total,
            open: c.open,
            in_progress: c.in_progress,
            submitted: c.submitted,
            verified: c.verified,
            reopened: c.reopened,
            overdue: c.overdue,
            verified_late: c.verified_late,
        }
    }
}

/// One child's part of a rectification roll-up: tasks assigned in its subtree.
#[derive(SimpleObject)]
pub struct RectificationChildSummary {
    pub tenant: TenantRef,
    pub counts: RectificationCounts,
}

/// Rectification at a tenant: tasks assigned anywhere in its subtree, and per direct child.
#[derive(SimpleObject)]
pub struct RectificationSummary {
    pub tenant: TenantRef,
    pub counts: RectificationCounts,
    pub children: Vec<RectificationChildSummary>,
}

#[derive(InputObject, Default)]
pub struct InspectionFilter {
    /// Inspections made by tenants of this tenant's subtree.
    pub tenant_id: Option<ID>,
    /// Inspected on or after this date.
    pub from: Option<NaiveDate>,
    /// Inspected on or before this date.
    pub to: Option<NaiveDate>,
}

#[derive(InputObject, Default)]
pub struct RectificationTaskFilter {
    pub status: Option<RectificationStatus>,
    /// true: only overdue tasks; false: only tasks not overdue.
    pub overdue: Option<bool>,
    /// Tasks assigned in this tenant's subtree (NOT_FOUND outside the caller's).
    pub assignee_tenant_id: Option<ID>,
    /// Tasks of this inspection: one the caller can read (its level or above made it);
    /// NOT_FOUND otherwise.
    pub inspection_id: Option<ID>,
    /// Tasks of this finding: one the caller can read; NOT_FOUND otherwise.
    pub finding_id: Option<ID>,
}

fn opt_id(field: &str, id: &Option<ID>) -> Result<Option<i64>, AppError> {
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
        let t = TenantId(parse_id("tenantId", &tenant_id)?);
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

#[derive(InputObject)]
pub struct InspectionPlaceInput {
    /// A tenant strictly below the inspecting tenant. Give this or `unitId`.
    pub tenant_id: Option<ID>,
    /// A unit of the inspecting tenant's subtree (its own units included).
    pub unit_id: Option<ID>,
    #[graphql(default)]
    pub note: String,
}

#[derive(InputObject)]
pub struct InspectionInput {
    pub title: String,
    /// The day of the visit (China date); not in the future.
    pub inspected_on: NaiveDate,
    /// 1–20 leading officials.
    pub leaders: Vec<String>,
    pub summary: String,
    /// 1–50 places visited.
    pub places: Vec<InspectionPlaceInput>,
}

impl InspectionInput {
    fn into_service(self) -> Result<SvcInspectionInput, AppError> {
        let places = self
            .places
            .into_iter()
            .map(|p| {
                Ok(PlaceInput {
                    tenant_id: opt_id("places.tenantId", &p.tenant_id)?.map(TenantId),
                    unit_id: opt_id("places.unitId", &p.unit_id)?,
                    note: p.note,
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        Ok(SvcInspectionInput {
            title: self.title,
            inspected_on: self.inspected_on,
            leaders: self.leaders,
            summary: self.summary,
            places,
        })
    }
}

#[derive(InputObject)]
pub struct OpenRectificationTaskInput {
    pub finding_id: ID,
    /// A tenant strictly below the inspecting tenant. Give this or `assigneeUnitId`.
    pub assignee_tenant_id: Option<ID>,
    /// A unit of the inspecting tenant's subtree (its own units included).
    pub assignee_unit_id: Option<ID>,
    pub requirement: String,
    /// Not before the inspection date (China date). A past deadline is allowed when recording
    /// an earlier inspection; the task is then overdue at once.
    pub deadline: NaiveDate,
}

#[derive(InputObject)]
pub struct SubmitRectificationInput {
    pub id: ID,
    pub version: i32,
    /// What was rectified (required).
    pub evidence_text: String,
    /// At least one evidence reference (台账 file id, photo, link).
    pub evidence: Vec<String>,
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
