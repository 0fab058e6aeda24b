//! Findings on the wire.

use super::*;

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
