//! Inspections on the wire: an inspection, its places, the filter and the inputs.

use super::*;

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
pub struct PlaceNode(pub(super) Place);

#[Object(name = "InspectionPlace")]
impl PlaceNode {
    /// The tenant visited (for a unit, the unit's tenant).
    async fn tenant(&self, ctx: &Context<'_>) -> Result<TenantRef> {
        tenant_ref(ctx, self.0.tenant_id).await
    }
    async fn unit(&self, ctx: &Context<'_>) -> Result<Option<UnitNode>> {
        match self.0.unit_id {
            Some(id) => Ok(Some(UnitNode(crate::graphql::kit::loaders::unit(ctx, id).await?))),
            None => Ok(None),
        }
    }
    /// What was seen there, e.g. 民族团结宣传长廊.
    async fn note(&self) -> &str {
        &self.0.note
    }
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
    pub(super) fn into_service(self) -> Result<SvcInspectionInput, AppError> {
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
