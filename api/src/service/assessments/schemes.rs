//! Assessment schemes (考评方案): aspects, items and criteria with their maximum scores,
//! revisions by year and name, frozen once a round uses them.

use super::*;
use crate::domain::assessment::scheme::SchemeSpec;
pub use crate::domain::assessment::scheme::{NewCriterion, SchemeInput};

#[derive(Clone, Debug, Serialize)]
pub struct Criterion {
    pub id: CriterionId,
    pub position: i32,
    pub aspect: String,
    pub item: String,
    pub title: String,
    pub max_score: i64,
    pub guidance: String,
    pub evidence: String,
    pub indicator_id: Option<IndicatorId>,
    pub bonus: bool,
    pub applies_to: AppliesTo,
}

impl TryFrom<criterion::Model> for Criterion {
    type Error = AppError;
    fn try_from(m: criterion::Model) -> Result<Self, AppError> {
        Ok(Criterion {
            id: m.id,
            position: m.position,
            applies_to: AppliesTo::parse(&m.applies_to).ok_or_else(|| corrupt("appliesTo", m.id))?,
            aspect: m.aspect,
            item: m.item,
            title: m.title,
            max_score: m.max_score,
            guidance: m.guidance,
            evidence: m.evidence,
            indicator_id: m.indicator_id,
            bonus: m.bonus,
        })
    }
}

impl Criterion {
    pub(super) fn applies(&self, kind: AppliesTo) -> bool {
        self.applies_to == AppliesTo::All || self.applies_to == kind
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Scheme {
    pub id: SchemeId,
    pub tenant_id: TenantId,
    pub year: i32,
    pub name: String,
    pub revision: i32,
    pub bonus_cap: i64,
    pub frozen_at: Option<DateTime<Utc>>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub criteria: Vec<Criterion>,
}

impl Scheme {
    /// The most an assessee of `kind` can score: its ordinary criteria plus the bonus cap.
    pub fn max_total(&self, kind: AppliesTo) -> i64 {
        self.criteria.iter().filter(|c| !c.bonus && c.applies(kind)).map(|c| c.max_score).sum::<i64>() + self.bonus_cap
    }

    /// The aspects in scheme order.
    pub fn aspects(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in self.criteria.iter().filter(|c| !c.bonus) {
            if !out.contains(&c.aspect) {
                out.push(c.aspect.clone());
            }
        }
        out
    }
}

pub(super) async fn scheme_from<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    m: scheme::Model,
) -> Result<Scheme, AppError> {
    let criteria = scope
        .select_shared::<criterion::Entity>()
        .filter(criterion::Column::SchemeId.eq(m.id))
        .order_by_asc(criterion::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(Criterion::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Scheme {
        id: m.id,
        tenant_id: m.tenant_id,
        year: m.year,
        name: m.name,
        revision: m.revision,
        bonus_cap: m.bonus_cap,
        frozen_at: m.frozen_at,
        version: m.version,
        created_at: m.created_at,
        criteria,
    })
}

/// A scheme the caller may read (its level's, its subtree's or an ancestor's), or NOT_FOUND.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn scheme<C: ConnectionTrait>(db: &C, scope: &Scope, id: SchemeId) -> Result<Scheme, AppError> {
    let m = scope
        .select_shared::<scheme::Entity>()
        .filter(scheme::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound { entity: "assessment scheme" })?;
    scheme_from(db, scope, m).await
}

/// Schemes the caller may read, newest year first within each page of ids.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn schemes<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    year: Option<i32>,
    req: PageRequest,
) -> Result<Page<Scheme>, AppError> {
    let mut q = scope.select_shared::<scheme::Entity>();
    if let Some(y) = year {
        q = q.filter(scheme::Column::Year.eq(y));
    }
    let page = page::fetch(db, q, scheme::Column::Id, req).await?;
    let mut items = Vec::with_capacity(page.items.len());
    for m in page.items.iter().cloned() {
        items.push(scheme_from(db, scope, m).await?);
    }
    Ok(Page {
        items,
        has_next_page: page.has_next_page,
        has_previous_page: page.has_previous_page,
        total_count: page.total_count,
    })
}

/// Parses the scheme (`SchemeSpec`), then checks that every linked indicator is one the
/// caller's level may use.
async fn check_scheme<C: ConnectionTrait>(db: &C, scope: &Scope, input: &SchemeInput) -> Result<SchemeSpec, AppError> {
    let spec = SchemeSpec::try_from(input)?;
    for ind in spec.criteria.iter().filter_map(|c| c.indicator_id) {
        indicators::get(db, scope, ind).await.map_err(|_| {
            AppError::bad_input("indicatorId", format!("indicator {ind} is not one this level may use"))
        })?;
    }
    Ok(spec)
}

/// The criterion rows of a scheme of the caller's own tenant, in order.
fn criterion_rows(scope: &Scope, spec: &SchemeSpec) -> Vec<criterion::ActiveModel> {
    spec.criteria
        .iter()
        .enumerate()
        .map(|(i, c)| criterion::ActiveModel {
            tenant_id: Set(scope.home()),
            position: Set(i as i32 + 1),
            aspect: Set(c.aspect.clone()),
            item: Set(c.item.clone()),
            title: Set(c.title.clone()),
            max_score: Set(c.max_score),
            guidance: Set(c.guidance.clone()),
            evidence: Set(c.evidence.clone()),
            indicator_id: Set(c.indicator_id),
            bonus: Set(c.bonus),
            applies_to: Set(c.applies_to.as_str().to_owned()),
            ..Default::default()
        })
        .collect()
}

/// Defines a scheme of the caller's own tenant (ADMIN). A scheme with the same year and name
/// becomes the next revision of it.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn create_scheme(state: &AppState, scope: &Scope, input: SchemeInput) -> Result<Scheme, AppError> {
    scope.require(Role::Admin)?;
    let txn = Write::begin(state, scope, Touch::Assessments).await?;
    let checked = check_scheme(&txn, scope, &input).await?;
    let revision = scope
        .select::<scheme::Entity>()
        .filter(scheme::Column::TenantId.eq(scope.home()))
        .filter(scheme::Column::Year.eq(checked.year))
        .filter(scheme::Column::Name.eq(checked.name.clone()))
        .count(&txn)
        .await? as i32
        + 1;
    let m = scheme::ActiveModel {
        tenant_id: Set(scope.home()),
        year: Set(checked.year),
        name: Set(checked.name.clone()),
        revision: Set(revision),
        bonus_cap: Set(checked.bonus_cap),
        frozen_at: Set(None),
        version: Set(1),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| AppError::on_unique(e, "name", "this revision was just created; try again"))?;
    for mut c in criterion_rows(scope, &checked) {
        c.scheme_id = Set(m.id);
        c.insert(&txn).await?;
    }
    let created = scheme_from(&txn, scope, m).await?;
    audit::record(
        &txn,
        Actor::from(scope),
        audit::Entry {
            tenant: scope.home(),
            action: "assessment_scheme.create",
            entity_type: "assessment_scheme",
            entity_id: created.id.to_string(),
            before: None::<&()>,
            after: Some(&created),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// Replaces the criteria and bonus cap of a scheme not yet used by a round (ADMIN of its
/// tenant). A frozen scheme answers CONFLICT: define a new revision instead.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn update_scheme(
    state: &AppState,
    scope: &Scope,
    id: SchemeId,
    version: i32,
    input: SchemeInput,
) -> Result<Scheme, AppError> {
    scope.require(Role::Admin)?;
    let txn = Write::begin(state, scope, Touch::Assessments).await?;
    let before = scope.get::<scheme::Entity>(&txn, id).await?;
    scope.require_home(before.tenant_id, "changing a scheme")?;
    if before.frozen_at.is_some() {
        return Err(AppError::conflict(
            "id",
            "the scheme is frozen: a round uses it. Define a new revision (createAssessmentScheme with the same year and name)",
        ));
    }
    if input.year != before.year || input.name.trim() != before.name {
        return Err(AppError::bad_input("name", "the year and name of a scheme do not change; define a new scheme"));
    }
    let checked = check_scheme(&txn, scope, &input).await?;
    let before_full = scheme_from(&txn, scope, before.clone()).await?;
    let changes = scheme::ActiveModel {
        bonus_cap: Set(checked.bonus_cap),
        version: Set(crate::domain::version::next(version)?),
        ..Default::default()
    };
    scope
        .update_versioned::<scheme::Entity, _>(
            &txn,
            (scheme::Column::Id, id),
            (scheme::Column::Version, version),
            changes,
            "assessment scheme",
        )
        .await?;
    crate::store::unscoped::delete_scheme_criteria(&txn, id).await?;
    for mut c in criterion_rows(scope, &checked) {
        c.scheme_id = Set(id);
        c.insert(&txn).await?;
    }
    let after = scheme(&txn, scope, id).await?;
    audit::record(
        &txn,
        Actor::from(scope),
        audit::Entry {
            tenant: scope.home(),
            action: "assessment_scheme.update",
            entity_type: "assessment_scheme",
            entity_id: id.to_string(),
            before: Some(&before_full),
            after: Some(&after),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}
