//! Assessment schemes on the wire: criteria, schemes and the inputs that define them.

use super::*;

pub struct AssessmentCriterion(pub(super) Criterion);

#[Object]
impl AssessmentCriterion {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Order within the scheme.
    async fn position(&self) -> i32 {
        self.0.position
    }
    /// The aspect (大方面); 加分项 for bonus items.
    async fn aspect(&self) -> &str {
        &self.0.aspect
    }
    /// The item (项) within the aspect.
    async fn item(&self) -> &str {
        &self.0.item
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// Score value (分值): the most this criterion gives.
    async fn max_score(&self) -> Decimal {
        points(self.0.max_score)
    }
    /// How to score it.
    async fn guidance(&self) -> &str {
        &self.0.guidance
    }
    /// The ledger evidence (台账) expected.
    async fn evidence(&self) -> &str {
        &self.0.evidence
    }
    /// The indicator whose completion can prefill the self score.
    async fn indicator_id(&self) -> Option<ID> {
        self.0.indicator_id.map(|i| ID(i.to_string()))
    }
    /// A bonus item (加分项): summed, then capped at the scheme's bonus cap.
    async fn bonus(&self) -> bool {
        self.0.bonus
    }
    async fn applies_to(&self) -> AssesseeKind {
        self.0.applies_to.into()
    }
}

pub struct AssessmentScheme(pub(super) Scheme);

#[Object]
impl AssessmentScheme {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn tenant(&self, ctx: &Context<'_>) -> Result<TenantRef> {
        crate::graphql::tenant::tenant_ref(ctx, self.0.tenant_id).await
    }
    async fn year(&self) -> i32 {
        self.0.year
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// 1 for the first scheme of this year and name, then 2, 3… for each new revision.
    async fn revision(&self) -> i32 {
        self.0.revision
    }
    /// The most the bonus items add together.
    async fn bonus_cap(&self) -> Decimal {
        points(self.0.bonus_cap)
    }
    /// Set when a round first used it; a frozen scheme no longer changes.
    async fn frozen_at(&self) -> Option<DateTime<Utc>> {
        self.0.frozen_at
    }
    /// The maximum total for an assessee of `kind`: its ordinary criteria plus the bonus cap.
    async fn max_total(&self, kind: AssesseeKind) -> Decimal {
        points(self.0.max_total(kind.into()))
    }
    /// The aspects (大方面) in order.
    async fn aspects(&self) -> Vec<String> {
        self.0.aspects()
    }
    /// Every criterion and bonus item, in order.
    async fn criteria(&self) -> Vec<AssessmentCriterion> {
        self.0.criteria.iter().cloned().map(AssessmentCriterion).collect()
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

#[derive(InputObject)]
#[graphql(name = "AssessmentCriterionInput")]
pub struct CriterionInput {
    pub title: String,
    /// Score value (分值), above zero.
    pub max_score: Decimal,
    #[graphql(default)]
    pub guidance: String,
    /// The ledger evidence (台账) expected.
    #[graphql(default)]
    pub evidence: String,
    /// An indicator whose completion prefills the self score.
    pub indicator_id: Option<ID>,
    /// Which assessees it applies to (default ALL).
    pub applies_to: Option<AssesseeKind>,
}

#[derive(InputObject)]
#[graphql(name = "AssessmentItemInput")]
pub struct ItemInput {
    pub name: String,
    pub criteria: Vec<CriterionInput>,
}

#[derive(InputObject)]
#[graphql(name = "AssessmentAspectInput")]
pub struct AspectInput {
    pub name: String,
    pub items: Vec<ItemInput>,
}

#[derive(InputObject)]
#[graphql(name = "AssessmentSchemeInput")]
pub struct SchemeInputGql {
    pub year: i32,
    pub name: String,
    /// Aspects (大方面) > items (项) > criteria, in order.
    pub aspects: Vec<AspectInput>,
    /// Bonus items (加分项), summed and capped at `bonusCap`.
    #[graphql(default)]
    pub bonus_items: Vec<CriterionInput>,
    #[graphql(default)]
    pub bonus_cap: Decimal,
}

pub(super) fn criterion_input(aspect: &str, item: &str, c: CriterionInput, bonus: bool) -> Result<NewCriterion> {
    Ok(NewCriterion {
        aspect: aspect.to_owned(),
        item: item.to_owned(),
        title: c.title,
        max_score: c.max_score,
        guidance: c.guidance,
        evidence: c.evidence,
        indicator_id: c.indicator_id.as_ref().map(|i| parse_id("indicatorId", i)).transpose()?,
        bonus,
        applies_to: c.applies_to.map(Into::into).unwrap_or(AppliesTo::All),
    })
}

pub(super) fn scheme_input(input: SchemeInputGql) -> Result<SchemeInput> {
    let mut criteria = Vec::new();
    for a in input.aspects {
        for i in a.items {
            for c in i.criteria {
                criteria.push(criterion_input(&a.name, &i.name, c, false)?);
            }
        }
    }
    for c in input.bonus_items {
        criteria.push(criterion_input("加分项", "加分项", c, true)?);
    }
    Ok(SchemeInput { year: input.year, name: input.name, bonus_cap: input.bonus_cap, criteria })
}
