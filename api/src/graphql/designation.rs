//! Batches (第一批 …), the designations they confer, and counts for dashboards.

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};

use super::application::ApplicationNode;
use super::kit::connection::{Conn, connection, page_request, parse_id};
use super::kit::context::ContextExt;
use super::kit::enums::{DesignationKind, UnitCategory};
use super::tenant::{TenantLevel, TenantRef};
use super::unit::UnitNode;
use crate::domain::ids::*;
use crate::service::batches::{self, Batch, NewBatch};
use crate::service::designations::{self, Designation, Filter};
use crate::service::tenants;

/// A cap on how many units of one category a batch may name.
#[derive(SimpleObject, InputObject, Clone)]
#[graphql(input_name = "CategoryQuotaInput", name = "CategoryQuota")]
pub struct CategoryQuota {
    pub category: UnitCategory,
    pub max: i32,
}

pub struct BatchNode(pub Batch);

#[Object(name = "Batch")]
impl BatchNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// e.g. 第一批柳州市民族团结进步示范单位
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn kind(&self) -> DesignationKind {
        self.0.kind.into()
    }
    async fn level(&self) -> TenantLevel {
        self.0.level.into()
    }
    /// The designating tenant.
    async fn tenant(&self, ctx: &Context<'_>) -> Result<TenantRef> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(tenants::get(&state.db, &scope, self.0.tenant_id).await?.into())
    }
    /// Published batches are frozen.
    async fn published(&self) -> bool {
        self.0.published
    }
    async fn published_on(&self) -> Option<NaiveDate> {
        self.0.published_on
    }
    async fn review_by(&self) -> Option<NaiveDate> {
        self.0.review_by
    }
    async fn quotas(&self) -> Vec<CategoryQuota> {
        self.0.quotas.iter().map(|(c, max)| CategoryQuota { category: (*c).into(), max: *max }).collect()
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// The applications in the batch.
    async fn applications(&self, ctx: &Context<'_>) -> Result<Vec<ApplicationNode>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(batches::applications(&state.db, &scope, self.0.id).await?.into_iter().map(ApplicationNode).collect())
    }
    /// The published batch as a public notice (通报): by category, then by place.
    async fn notice(&self, ctx: &Context<'_>) -> Result<Notice> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let (batch, entries) = batches::notice(&state.db, &scope, self.0.id).await?;
        Ok(Notice {
            title: batch.name.clone(),
            published_on: batch.published_on,
            entries: entries
                .into_iter()
                .map(|e| NoticeEntry {
                    unit_name: e.unit_name,
                    place: e.place,
                    category: e.category.into(),
                    category_label: e.category.label(),
                })
                .collect(),
        })
    }
}

#[derive(SimpleObject)]
pub struct Notice {
    pub title: String,
    pub published_on: Option<NaiveDate>,
    pub entries: Vec<NoticeEntry>,
}

#[derive(SimpleObject)]
pub struct NoticeEntry {
    pub unit_name: String,
    /// The places between the designating tenant and the unit, e.g. 鹿寨县寨沙镇.
    pub place: String,
    pub category: UnitCategory,
    pub category_label: &'static str,
}

pub struct DesignationNode(pub Designation);

#[Object(name = "Designation")]
impl DesignationNode {
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
    async fn kind_label(&self) -> &'static str {
        self.0.kind.label()
    }
    async fn level(&self) -> TenantLevel {
        self.0.level.into()
    }
    async fn batch_id(&self) -> ID {
        ID(self.0.batch_id.to_string())
    }
    async fn application_id(&self) -> ID {
        ID(self.0.application_id.to_string())
    }
    async fn designated_on(&self) -> NaiveDate {
        self.0.designated_on
    }
    async fn review_by(&self) -> Option<NaiveDate> {
        self.0.review_by
    }
    /// Past its review-by date and not revoked.
    async fn due_for_review(&self) -> bool {
        self.0.due_for_review(crate::domain::period::china_today())
    }
    async fn revoked(&self) -> bool {
        self.0.revoked_at.is_some()
    }
    async fn revoked_at(&self) -> Option<DateTime<Utc>> {
        self.0.revoked_at
    }
    async fn revoke_reason(&self) -> Option<&str> {
        self.0.revoke_reason.as_deref()
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
}

#[derive(InputObject, Default)]
pub struct DesignationFilter {
    /// Designations of units in this tenant's subtree.
    pub tenant_id: Option<ID>,
    pub category: Option<UnitCategory>,
    pub kind: Option<DesignationKind>,
    pub level: Option<TenantLevel>,
    pub batch_id: Option<ID>,
    pub unit_id: Option<ID>,
    #[graphql(default)]
    pub include_revoked: bool,
    /// Only those past their review-by date.
    #[graphql(default)]
    pub due_for_review: bool,
}

/// Current designations held in one child tenant's subtree.
#[derive(SimpleObject)]
pub struct ChildDesignationCount {
    pub tenant: TenantRef,
    pub total: i64,
    pub by_category: Vec<CategoryCount>,
}

#[derive(SimpleObject)]
pub struct CategoryCount {
    pub category: UnitCategory,
    pub label: &'static str,
    pub count: i64,
}

#[derive(Default)]
pub struct DesignationQuery;

#[Object]
impl DesignationQuery {
    async fn batch(&self, ctx: &Context<'_>, id: ID) -> Result<BatchNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(BatchNode(batches::get(&state.db, &scope, parse_id("id", &id)?).await?))
    }

    /// Batches of the caller's tenant and the tenants below it.
    #[graphql(complexity = "first.unwrap_or(20).max(1) as usize * child_complexity")]
    async fn batches(
        &self,
        ctx: &Context<'_>,
        kind: Option<DesignationKind>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Conn<BatchNode>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let req = page_request(ctx, &state.settings.graphql, first, after)?;
        let page = batches::list(&state.db, &scope, kind.map(Into::into), req).await?;
        Ok(connection(page, |b| b.id, BatchNode))
    }

    async fn designation(&self, ctx: &Context<'_>, id: ID) -> Result<DesignationNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(DesignationNode(designations::get(&state.db, &scope, parse_id("id", &id)?).await?))
    }

    /// Designations held by units of the caller's subtree (current ones unless asked).
    #[graphql(complexity = "first.unwrap_or(20).max(1) as usize * child_complexity")]
    async fn designations(
        &self,
        ctx: &Context<'_>,
        filter: Option<DesignationFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Conn<DesignationNode>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let req = page_request(ctx, &state.settings.graphql, first, after)?;
        let f = filter.unwrap_or_default();
        let filter = Filter {
            tenant: f.tenant_id.as_ref().map(|t| parse_id("filter.tenantId", t).map(TenantId)).transpose()?,
            category: f.category.map(Into::into),
            kind: f.kind.map(Into::into),
            level: f.level.map(Into::into),
            batch_id: f.batch_id.as_ref().map(|b| parse_id("filter.batchId", b)).transpose()?,
            unit_id: f.unit_id.as_ref().map(|u| parse_id("filter.unitId", u)).transpose()?,
            include_revoked: f.include_revoked,
            due_for_review: f.due_for_review,
        };
        let page = designations::list(&state.db, &scope, filter, req).await?;
        Ok(connection(page, |d| d.id, DesignationNode))
    }

    /// For each child of a tenant (default: the caller's own), how many current designations its
    /// subtree holds, by category — "how many city-level demonstration units each county has".
    async fn designation_counts(
        &self,
        ctx: &Context<'_>,
        tenant_id: Option<ID>,
        level: Option<TenantLevel>,
        kind: Option<DesignationKind>,
    ) -> Result<Vec<ChildDesignationCount>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let parent = match tenant_id {
            Some(t) => parse_id("tenantId", &t)?,
            None => scope.home(),
        };
        let rows =
            designations::counts_by_child(&state.db, &scope, parent, level.map(Into::into), kind.map(Into::into))
                .await?;
        Ok(rows
            .into_iter()
            .map(|r| ChildDesignationCount {
                tenant: r.tenant.into(),
                total: r.total,
                by_category: r
                    .by_category
                    .into_iter()
                    .map(|(c, n)| CategoryCount { category: c.into(), label: c.label(), count: n })
                    .collect(),
            })
            .collect())
    }
}

#[derive(InputObject)]
pub struct CreateBatchInput {
    /// e.g. 第一批柳州市民族团结进步示范单位
    pub name: String,
    pub kind: DesignationKind,
    #[graphql(default)]
    pub quotas: Vec<CategoryQuota>,
}

#[derive(Default)]
pub struct DesignationMutation;

#[Object]
impl DesignationMutation {
    /// Opens a batch at the caller's own level (ADMIN).
    async fn create_batch(&self, ctx: &Context<'_>, input: CreateBatchInput) -> Result<BatchNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let input = NewBatch {
            name: input.name,
            kind: input.kind.into(),
            quotas: input.quotas.into_iter().map(|q| (q.category.into(), q.max)).collect(),
        };
        Ok(BatchNode(batches::create(state, &scope, input).await?))
    }

    /// Adds approved applications to a draft batch of the caller's level (ADMIN): all or none.
    /// Exceeding a category quota answers CONFLICT.
    async fn add_to_batch(
        &self,
        ctx: &Context<'_>,
        batch_id: ID,
        version: i32,
        application_ids: Vec<ID>,
    ) -> Result<BatchNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let ids = application_ids.iter().map(|a| parse_id("applicationIds", a)).collect::<Result<Vec<_>, _>>()?;
        Ok(BatchNode(batches::add(state, &scope, parse_id("batchId", &batch_id)?, version, &ids).await?))
    }

    /// Takes an application out of a draft batch (ADMIN).
    async fn remove_from_batch(
        &self,
        ctx: &Context<'_>,
        batch_id: ID,
        version: i32,
        application_id: ID,
    ) -> Result<BatchNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let batch = parse_id("batchId", &batch_id)?;
        let app = parse_id("applicationId", &application_id)?;
        Ok(BatchNode(batches::remove(state, &scope, batch, version, app).await?))
    }

    /// Publishes a draft batch (ADMIN): its applications become designations dated
    /// `publishedOn`, optionally due for re-review on `reviewBy`; the batch is frozen.
    async fn publish_batch(
        &self,
        ctx: &Context<'_>,
        batch_id: ID,
        version: i32,
        published_on: NaiveDate,
        review_by: Option<NaiveDate>,
    ) -> Result<BatchNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let id = parse_id("batchId", &batch_id)?;
        Ok(BatchNode(batches::publish(state, &scope, id, version, published_on, review_by).await?))
    }

    /// Revokes a designation (ADMIN of the designating level), with a reason.
    async fn revoke_designation(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        reason: String,
    ) -> Result<DesignationNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(DesignationNode(designations::revoke(state, &scope, parse_id("id", &id)?, version, &reason).await?))
    }
}
