//! Applications (申报), the review queue, and each application's timeline.

use async_graphql::{Context, ID, InputObject, Object, Result};
use chrono::{DateTime, Utc};

use super::kit::connection::{Conn, connection, page_request, parse_id};
use super::kit::context::ContextExt;
use super::kit::enums::{ApplicationStatus, Decision, DesignationKind, UnitCategory};
use super::tenant::{TenantLevel, TenantRef};
use super::timeline::{AtTenant, TimelineEvent};
use super::unit::UnitNode;
use crate::domain::ids::*;
use crate::service::applications::{self, Application, Content, Event, Filter, NewApplication};

pub struct ApplicationNode(pub Application);

#[Object(name = "Application")]
impl ApplicationNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn unit(&self, ctx: &Context<'_>) -> Result<UnitNode> {
        Ok(UnitNode(super::kit::loaders::unit(ctx, self.0.unit_id).await?))
    }
    async fn category(&self) -> UnitCategory {
        self.0.category.into()
    }
    async fn kind(&self) -> DesignationKind {
        self.0.kind.into()
    }
    /// e.g. 民族团结进步示范单位
    async fn kind_label(&self) -> &'static str {
        self.0.kind.label()
    }
    /// The level that names the title.
    async fn level(&self) -> TenantLevel {
        self.0.level.into()
    }
    async fn designating_tenant(&self, ctx: &Context<'_>) -> Result<TenantRef> {
        super::tenant::tenant_ref(ctx, self.0.designating_tenant_id).await
    }
    /// Whose turn it is: the applicant's tenant while DRAFT or RETURNED, the deciding level while
    /// SUBMITTED.
    async fn current_tenant(&self, ctx: &Context<'_>) -> Result<TenantRef> {
        super::tenant::tenant_ref(ctx, self.0.current_tenant_id).await
    }
    async fn status(&self) -> ApplicationStatus {
        self.0.status.into()
    }
    /// e.g. 审核中
    async fn status_label(&self) -> &'static str {
        self.0.status.label()
    }
    async fn statement(&self) -> &str {
        &self.0.statement
    }
    async fn self_evaluation(&self) -> &str {
        &self.0.self_evaluation
    }
    /// References to ledger evidence (台账): `file:<id>` of uploaded files (`File.reference`),
    /// links, descriptions of paper ledgers.
    async fn evidence(&self) -> &[String] {
        &self.0.evidence
    }
    /// The uploaded files the evidence names, in its order.
    async fn files(&self, ctx: &Context<'_>) -> Result<Vec<super::file::FileNode>> {
        super::file::named(ctx, &self.0.evidence).await
    }
    async fn batch_id(&self) -> Option<ID> {
        self.0.batch_id.map(|b| ID(b.to_string()))
    }
    /// Send it back with every change; a stale version answers CONFLICT.
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Every step so far, oldest first: who, what, at which level, why, when. Actions: CREATE,
    /// REVISE, SUBMIT, RECOMMEND, APPROVE, RETURN, REJECT, ADD_TO_BATCH, REMOVE_FROM_BATCH,
    /// DESIGNATE.
    async fn timeline(&self, ctx: &Context<'_>) -> Result<Vec<ApplicationEvent>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let events = applications::timeline(&state.db, &scope, self.0.id).await?;
        Ok(events.into_iter().map(ApplicationEvent::from).collect())
    }
}

pub type ApplicationEvent = TimelineEvent<ApplicationStatus>;

impl From<Event> for ApplicationEvent {
    fn from(e: Event) -> Self {
        TimelineEvent {
            id: e.id.into(),
            action: e.action,
            from_status: e.from_status.map(Into::into),
            to_status: e.to_status.into(),
            at_tenant: AtTenant::Known(e.at_tenant),
            actor_name: e.actor_name,
            reason: e.reason,
            at: e.at,
        }
    }
}

#[derive(InputObject, Default)]
pub struct ApplicationFilter {
    pub status: Option<ApplicationStatus>,
    pub kind: Option<DesignationKind>,
    pub level: Option<TenantLevel>,
    pub category: Option<UnitCategory>,
    /// Applications of units in this tenant's subtree.
    pub tenant_id: Option<ID>,
    pub batch_id: Option<ID>,
    pub unit_id: Option<ID>,
}

#[derive(Default)]
pub struct ApplicationQuery;

#[Object]
impl ApplicationQuery {
    /// An application of a unit in the caller's subtree. NOT_FOUND for any other id.
    async fn application(&self, ctx: &Context<'_>, id: ID) -> Result<ApplicationNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(ApplicationNode(applications::get(&state.db, &scope, parse_id("id", &id)?).await?))
    }

    /// Applications of units in the caller's subtree, filtered.
    #[graphql(complexity = "first.unwrap_or(20).max(1) as usize * child_complexity")]
    async fn applications(
        &self,
        ctx: &Context<'_>,
        filter: Option<ApplicationFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Conn<ApplicationNode>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let req = page_request(ctx, &state.settings.graphql, first, after)?;
        let f = filter.unwrap_or_default();
        let filter = Filter {
            status: f.status.map(Into::into),
            kind: f.kind.map(Into::into),
            level: f.level.map(Into::into),
            category: f.category.map(Into::into),
            tenant: f.tenant_id.as_ref().map(|t| parse_id("filter.tenantId", t).map(TenantId)).transpose()?,
            batch_id: f.batch_id.as_ref().map(|b| parse_id("filter.batchId", b)).transpose()?,
            unit_id: f.unit_id.as_ref().map(|u| parse_id("filter.unitId", u)).transpose()?,
        };
        let page = applications::list(&state.db, &scope, filter, req).await?;
        Ok(connection(page, |a| a.id, ApplicationNode))
    }

    /// My review queue: submitted applications whose turn is the caller's own tenant.
    #[graphql(complexity = "first.unwrap_or(20).max(1) as usize * child_complexity")]
    async fn review_queue(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Conn<ApplicationNode>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let req = page_request(ctx, &state.settings.graphql, first, after)?;
        let page = applications::queue(&state.db, &scope, req).await?;
        Ok(connection(page, |a| a.id, ApplicationNode))
    }
}

#[derive(InputObject)]
pub struct CreateApplicationInput {
    /// A unit of the caller's own tenant.
    pub unit_id: ID,
    pub kind: DesignationKind,
    /// The level that would name the title: the unit's tenant or one of its ancestors has it.
    pub level: TenantLevel,
    #[graphql(default)]
    pub statement: String,
    #[graphql(default)]
    pub self_evaluation: String,
    #[graphql(default)]
    pub evidence: Vec<String>,
}

#[derive(InputObject)]
pub struct ReviseApplicationInput {
    pub id: ID,
    pub version: i32,
    #[graphql(default)]
    pub statement: String,
    #[graphql(default)]
    pub self_evaluation: String,
    #[graphql(default)]
    pub evidence: Vec<String>,
}

#[derive(InputObject)]
pub struct DecideApplicationInput {
    pub id: ID,
    /// The version you reviewed; if someone decided first you get CONFLICT.
    pub version: i32,
    pub decision: Decision,
    /// Required for RETURN and REJECT.
    pub reason: Option<String>,
}

#[derive(Default)]
pub struct ApplicationMutation;

#[Object]
impl ApplicationMutation {
    /// Drafts an application for a unit of the caller's own tenant (REPORTER or ADMIN).
    async fn create_application(&self, ctx: &Context<'_>, input: CreateApplicationInput) -> Result<ApplicationNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let input = NewApplication {
            unit_id: parse_id("unitId", &input.unit_id)?,
            kind: input.kind.into(),
            level: input.level.into(),
            content: Content {
                statement: input.statement,
                self_evaluation: input.self_evaluation,
                evidence: input.evidence,
            },
        };
        Ok(ApplicationNode(applications::create(state, &scope, input).await?))
    }

    /// Revises a DRAFT or RETURNED application (the unit's own tenant).
    async fn revise_application(&self, ctx: &Context<'_>, input: ReviseApplicationInput) -> Result<ApplicationNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let content =
            Content { statement: input.statement, self_evaluation: input.self_evaluation, evidence: input.evidence };
        let id = parse_id("id", &input.id)?;
        Ok(ApplicationNode(applications::revise(state, &scope, id, input.version, content).await?))
    }

    /// Submits a DRAFT or RETURNED application; it goes to the unit's own tenant first.
    async fn submit_application(&self, ctx: &Context<'_>, id: ID, version: i32) -> Result<ApplicationNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(ApplicationNode(applications::submit(state, &scope, parse_id("id", &id)?, version).await?))
    }

    /// A REVIEWER of the level whose turn it is decides: RECOMMEND (below the designating level),
    /// APPROVE (at it), RETURN or REJECT (with a reason). Levels cannot be skipped.
    async fn decide_application(&self, ctx: &Context<'_>, input: DecideApplicationInput) -> Result<ApplicationNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let id = parse_id("id", &input.id)?;
        let app = applications::decide(state, &scope, id, input.version, input.decision.into(), input.reason).await?;
        Ok(ApplicationNode(app))
    }
}
