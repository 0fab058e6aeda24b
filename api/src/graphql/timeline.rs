//! One timeline step for every workflow: an application climbing the levels, an assessment
//! record, a rectification task and a period's submission share the same shape — what was done,
//! from which status to which, at which level, by whom, why and when — and differ only in their
//! status enum and in the detail a step may carry (evidence, waivers). Each workflow's list of
//! actions is documented on its `timeline` field.

use async_graphql::{Context, ID, Object, OutputType, Result};
use chrono::{DateTime, Utc};

use super::kit::enums::{ApplicationStatus, AssessmentStatus, RectificationStatus};
use super::submission::{SubmissionStatus, WaiverOut};
use super::tenant::{TenantRef, tenant_ref};
use crate::domain::ids::*;
use crate::service::tenants::Tenant;

/// The level at which a step was taken: already read with the timeline, or read on demand.
pub enum AtTenant {
    Known(Tenant),
    Id(TenantId),
}

/// A step of a workflow whose statuses are `S`. Applications and assessment records answer it
/// as is; rectification tasks and submissions flatten it into an object that adds their detail.
pub struct TimelineEvent<S> {
    pub id: i64,
    pub action: String,
    pub from_status: Option<S>,
    pub to_status: S,
    pub at_tenant: AtTenant,
    pub actor_name: String,
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
}

#[Object(
    concrete(name = "ApplicationEvent", params(ApplicationStatus)),
    concrete(name = "AssessmentEvent", params(AssessmentStatus)),
    concrete(name = "RectificationStep", params(RectificationStatus)),
    concrete(name = "SubmissionStep", params(SubmissionStatus))
)]
impl<S: OutputType + Copy> TimelineEvent<S> {
    async fn id(&self) -> ID {
        ID(self.id.to_string())
    }
    /// The step taken: one of the actions listed on the workflow's `timeline` field.
    async fn action(&self) -> &str {
        &self.action
    }
    /// The status before the step; none for the first.
    async fn from_status(&self) -> Option<S> {
        self.from_status
    }
    async fn to_status(&self) -> S {
        self.to_status
    }
    /// The level at which the step was taken.
    async fn at_tenant(&self, ctx: &Context<'_>) -> Result<TenantRef> {
        match &self.at_tenant {
            AtTenant::Known(t) => Ok(t.clone().into()),
            AtTenant::Id(id) => tenant_ref(ctx, *id).await,
        }
    }
    /// Display name of who took the step.
    async fn actor_name(&self) -> &str {
        &self.actor_name
    }
    /// Why, where the step needs a reason (a return, a rejection, a reopen, a recheck).
    async fn reason(&self) -> Option<&str> {
        self.reason.as_deref()
    }
    async fn at(&self) -> DateTime<Utc> {
        self.at
    }
}

/// A step of a rectification task: the common step and, on SUBMIT, the evidence.
pub struct RectificationEvent {
    pub step: TimelineEvent<RectificationStatus>,
    pub evidence_text: Option<String>,
    pub evidence: Option<Vec<String>>,
}

#[Object]
impl RectificationEvent {
    #[graphql(flatten)]
    async fn step(&self) -> &TimelineEvent<RectificationStatus> {
        &self.step
    }
    /// On SUBMIT: what was done.
    async fn evidence_text(&self) -> Option<&str> {
        self.evidence_text.as_deref()
    }
    /// On SUBMIT: the evidence references handed in.
    async fn evidence(&self) -> Option<&[String]> {
        self.evidence.as_deref()
    }
}

/// A step of a period's submission: the common step and, on SUBMIT, the waived children.
pub struct SubmissionEvent {
    pub step: TimelineEvent<SubmissionStatus>,
    pub waivers: Vec<WaiverOut>,
}

#[Object]
impl SubmissionEvent {
    #[graphql(flatten)]
    async fn step(&self) -> &TimelineEvent<SubmissionStatus> {
        &self.step
    }
    #[graphql(deprecation = "use atTenant { id }")]
    async fn at_tenant_id(&self) -> ID {
        match &self.step.at_tenant {
            AtTenant::Known(t) => ID(t.id.to_string()),
            AtTenant::Id(id) => ID(id.to_string()),
        }
    }
    /// On SUBMIT: the children submitted without acceptance, each with the reason.
    async fn waivers(&self) -> &[WaiverOut] {
        &self.waivers
    }
}
