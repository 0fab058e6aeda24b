//! Rectification tasks on the wire: a task, its timeline, the filter and the step inputs.

use super::*;
use crate::graphql::timeline::{AtTenant, RectificationEvent, TimelineEvent};

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
            Some(id) => Ok(Some(UnitNode(crate::graphql::kit::loaders::unit(ctx, id).await?))),
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
    /// References to the evidence (台账, photos, links, `file:<id>` of uploaded files), as last
    /// submitted.
    async fn evidence(&self) -> &[String] {
        &self.0.evidence
    }
    /// The uploaded files the evidence names, in its order.
    async fn files(&self, ctx: &Context<'_>) -> Result<Vec<crate::graphql::file::FileNode>> {
        crate::graphql::file::named(ctx, &self.0.evidence).await
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
    /// Actions: OPEN, START, SUBMIT, VERIFY, REOPEN (with its reason).
    async fn timeline(&self, ctx: &Context<'_>) -> Result<Vec<RectificationEvent>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(svc::timeline(&state.db, &scope, self.0.id).await?.into_iter().map(RectificationEvent::from).collect())
    }
}

impl From<Event> for RectificationEvent {
    fn from(e: Event) -> Self {
        RectificationEvent {
            step: TimelineEvent {
                id: e.id.into(),
                action: e.action,
                from_status: e.from_status.map(Into::into),
                to_status: e.to_status.into(),
                at_tenant: AtTenant::Known(e.at_tenant),
                actor_name: e.actor_name,
                reason: e.reason,
                at: e.at,
            },
            evidence_text: e.evidence_text,
            evidence: e.evidence,
        }
    }
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
    /// At least one evidence reference: `file:<id>` of an uploaded file (`File.reference`), or a
    /// link or description of a paper ledger.
    pub evidence: Vec<String>,
}
