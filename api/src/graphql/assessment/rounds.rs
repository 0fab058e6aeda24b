//! Assessment rounds on the wire: rounds, their field working groups and the opening input.

use super::*;

/// A member of a field working group (实地考核组).
#[derive(SimpleObject)]
pub struct FieldGroupMember {
    pub group: String,
    pub user: UserNode,
}

pub struct AssessmentRound(pub(super) Round);

#[Object]
impl AssessmentRound {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The assessing level.
    async fn tenant(&self, ctx: &Context<'_>) -> Result<TenantRef> {
        crate::graphql::tenant::tenant_ref(ctx, self.0.tenant_id).await
    }
    async fn scheme(&self, ctx: &Context<'_>) -> Result<AssessmentScheme> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(AssessmentScheme(svc::scheme(&state.db, &scope, self.0.scheme_id).await?))
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn year(&self) -> i32 {
        self.0.year
    }
    /// Self-assessments are due by this day; later ones are flagged `late`.
    async fn deadline(&self) -> NaiveDate {
        self.0.deadline
    }
    async fn combine_rule(&self) -> CombineRule {
        self.0.combine_rule.into()
    }
    async fn desk_weight(&self) -> i32 {
        self.0.desk_weight
    }
    async fn field_weight(&self) -> i32 {
        self.0.field_weight
    }
    /// Days after feedback during which the assessee may request a recheck (复核).
    async fn recheck_days(&self) -> i32 {
        self.0.recheck_days
    }
    /// 优秀 from this total.
    async fn excellent_min(&self) -> Decimal {
        points(self.0.excellent_min)
    }
    /// 良好 from this total.
    async fn good_min(&self) -> Decimal {
        points(self.0.good_min)
    }
    /// 合格 from this total; below it 不合格.
    async fn pass_min(&self) -> Decimal {
        points(self.0.pass_min)
    }
    async fn status(&self) -> AssessmentRoundStatus {
        self.0.status.into()
    }
    async fn status_label(&self) -> &'static str {
        self.0.status.label()
    }
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// The field working groups and their members (seen by the assessing level).
    async fn field_groups(&self, ctx: &Context<'_>) -> Result<Vec<FieldGroupMember>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let rows = svc::field_groups(&state.db, &scope, self.0.id).await?;
        Ok(rows.into_iter().map(|(group, u)| FieldGroupMember { group, user: UserNode::from(u) }).collect())
    }
    /// The records the caller may see: all of them for the assessing level, its own for an
    /// assessee.
    #[graphql(complexity = "first.unwrap_or(20).max(1) as usize * child_complexity")]
    async fn records(
        &self,
        ctx: &Context<'_>,
        status: Option<AssessmentStatus>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Conn<AssessmentRecord>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let req = page_request(ctx, &state.settings.graphql, first, after)?;
        let page = svc::records(&state.db, &scope, self.0.id, status.map(Into::into), req).await?;
        let round = self.0.clone();
        Ok(connection(page, |r| r.id, |r| AssessmentRecord(r, round.clone())))
    }
}

#[derive(InputObject)]
#[graphql(name = "FieldGroupInput")]
pub struct FieldGroupInput {
    pub name: String,
    /// Users of the round's (the caller's) tenant.
    pub member_ids: Vec<ID>,
}

#[derive(InputObject)]
#[graphql(name = "AssesseeInput")]
pub struct AssesseeInput {
    /// A child tenant of the caller's tenant …
    pub tenant_id: Option<ID>,
    /// … or a unit in its subtree (exactly one of the two).
    pub unit_id: Option<ID>,
    /// The field working group that verifies it on site.
    pub field_group: String,
}

#[derive(InputObject)]
pub struct OpenAssessmentRoundInput {
    pub scheme_id: ID,
    pub name: String,
    pub deadline: NaiveDate,
    pub combine_rule: CombineRule,
    /// Weights for WEIGHTED_MEAN (e.g. 40 and 60).
    #[graphql(default = 50)]
    pub desk_weight: i32,
    #[graphql(default = 50)]
    pub field_weight: i32,
    /// Days after feedback in which a recheck may be requested (0 to 365).
    #[graphql(default = 5)]
    pub recheck_days: i32,
    pub excellent_min: Decimal,
    pub good_min: Decimal,
    pub pass_min: Decimal,
    pub field_groups: Vec<FieldGroupInput>,
    pub assessees: Vec<AssesseeInput>,
}
