//! Performance assessment (绩效考评): schemes, rounds, each assessee's record through the
//! workflow of `domain::assessment`, and the published ranking.
//!
//! Who does what:
//! - schemes and opening rounds: ADMIN of the tenant that assesses (the round's tenant);
//! - desk verification, combining, feedback, resolving rechecks, finalising, publishing:
//!   REVIEWER of the round's tenant;
//! - field verification: only the members of the field working group assigned to the record
//!   (users of the round's tenant, any role);
//! - self-assessment, submit, accept, request a recheck: REPORTER of the assessee's tenant (for
//!   a unit: the unit's tenant).
//!
//! What is seen where: a round and its scheme are definitions shared downward (the round's
//! tenant, its subtree and its ancestors see them; siblings nothing). A record is owned by the
//! assessee's tenant, so the assessing level (and above) and the assessee's own subtree see it,
//! nobody else. The assessee sees its own self-assessment at all times but the desk, field and
//! combined scores, comments and totals only from FEEDBACK on. The ranking and the notice are
//! read by the assessing level and above once the round is PUBLISHED.
//!
//! Every decision carries the record's version; a stale one answers CONFLICT. Every step appends
//! a timeline event (owned by the assessee, no scores in it) and an audit row in its transaction;
//! the audit rows are filed under the round's tenant, since they carry the verification results.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rust_decimal::Decimal;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;

use super::audit::{self, Actor};
use super::page::{self, Page, PageRequest};
use super::write::{Touch, Write};
use super::{indicators, tenants, units, users};
use crate::auth::Scope;
use crate::domain::assessment::{
    self as rules, Action, AppliesTo, CombineRule, Grade, RankKey, RoundStatus, Rule, Status,
};
use crate::domain::dates::{self, Ahead};
use crate::domain::ids::{TenantId, UserId};
use crate::domain::period::{Period, china_today};
use crate::domain::quantity::Quantity;
use crate::domain::role::Role;
use crate::domain::text;
use crate::error::AppError;
use crate::state::AppState;
use entity::{
    assessment_criterion as criterion, assessment_event as event, assessment_field_member as member,
    assessment_record as record, assessment_round as round, assessment_scheme as scheme, assessment_score as score,
};

pub const NAME_MAX: usize = 100;
pub const TEXT_MAX: usize = 2000;
pub const CRITERIA_MAX: usize = 200;
pub const ASSESSEES_MAX: usize = 500;
pub const EVIDENCE_MAX_ITEMS: usize = 50;

fn corrupt(what: &str, id: i64) -> AppError {
    AppError::internal(format!("assessment row {id} has an unknown {what}"))
}

fn score_of(field: &str, v: Decimal) -> Result<i64, AppError> {
    let q = Quantity::from_decimal(field, v)?;
    if q.0 < 0 {
        return Err(AppError::bad_input(field, format!("{field} 不能为负数 / {field} cannot be negative")));
    }
    Ok(q.0)
}

/// A score in points, from ten-thousandths.
pub fn points(v: i64) -> Decimal {
    Quantity(v).to_decimal()
}

// ---------------------------------------------------------------------------------------------
// Schemes

#[derive(Clone, Debug, Serialize)]
pub struct Criterion {
    pub id: i64,
    pub position: i32,
    pub aspect: String,
    pub item: String,
    pub title: String,
    pub max_score: i64,
    pub guidance: String,
    pub evidence: String,
    pub indicator_id: Option<i64>,
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
    fn applies(&self, kind: AppliesTo) -> bool {
        self.applies_to == AppliesTo::All || self.applies_to == kind
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Scheme {
    pub id: i64,
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

/// One criterion as written by the ADMIN.
#[derive(Clone, Debug)]
pub struct NewCriterion {
    pub aspect: String,
    pub item: String,
    pub title: String,
    pub max_score: Decimal,
    pub guidance: String,
    pub evidence: String,
    pub indicator_id: Option<i64>,
    pub bonus: bool,
    pub applies_to: AppliesTo,
}

#[derive(Clone, Debug)]
pub struct SchemeInput {
    pub year: i32,
    pub name: String,
    pub bonus_cap: Decimal,
    /// Ordinary criteria (aspect > item > criterion, in order), then bonus items.
    pub criteria: Vec<NewCriterion>,
}

async fn scheme_from<C: ConnectionTrait>(db: &C, scope: &Scope, m: scheme::Model) -> Result<Scheme, AppError> {
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
        tenant_id: TenantId(m.tenant_id),
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
pub async fn scheme<C: ConnectionTrait>(db: &C, scope: &Scope, id: i64) -> Result<Scheme, AppError> {
    let m = scope
        .select_shared::<scheme::Entity>()
        .filter(scheme::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound { entity: "assessment scheme" })?;
    scheme_from(db, scope, m).await
}

/// Schemes the caller may read, newest year first within each page of ids.
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

struct CheckedScheme {
    year: i32,
    name: String,
    bonus_cap: i64,
    criteria: Vec<criterion::ActiveModel>,
}

async fn check_scheme<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    input: &SchemeInput,
) -> Result<CheckedScheme, AppError> {
    if !crate::domain::period::YEARS.contains(&input.year) {
        return Err(AppError::bad_input("year", "年份须在 2000 至 2100 之间 / the year must be between 2000 and 2100"));
    }
    let name = text::bounded("name", &input.name, NAME_MAX)?;
    let bonus_cap = score_of("bonusCap", input.bonus_cap)?;
    if input.criteria.iter().all(|c| c.bonus) {
        return Err(AppError::bad_input("aspects", "a scheme needs at least one scored criterion"));
    }
    if input.criteria.len() > CRITERIA_MAX {
        return Err(AppError::bad_input("aspects", format!("at most {CRITERIA_MAX} criteria")));
    }
    let mut criteria = Vec::with_capacity(input.criteria.len());
    for (i, c) in input.criteria.iter().enumerate() {
        let max = score_of("maxScore", c.max_score)?;
        if max == 0 {
            return Err(AppError::bad_input("maxScore", "a criterion's maximum score must be above zero"));
        }
        if let Some(ind) = c.indicator_id {
            indicators::get(db, scope, ind).await.map_err(|_| {
                AppError::bad_input("indicatorId", format!("indicator {ind} is not one this level may use"))
            })?;
        }
        let opt = |field: &str, raw: &str, max: usize| -> Result<String, AppError> {
            if raw.trim().is_empty() { Ok(String::new()) } else { text::bounded(field, raw, max) }
        };
        criteria.push(criterion::ActiveModel {
            tenant_id: Set(scope.home().0),
            position: Set(i as i32 + 1),
            aspect: Set(text::bounded("aspect", &c.aspect, NAME_MAX)?),
            item: Set(text::bounded("item", &c.item, NAME_MAX)?),
            title: Set(text::bounded("title", &c.title, 500)?),
            max_score: Set(max),
            guidance: Set(opt("guidance", &c.guidance, TEXT_MAX)?),
            evidence: Set(opt("evidence", &c.evidence, TEXT_MAX)?),
            indicator_id: Set(c.indicator_id),
            bonus: Set(c.bonus),
            applies_to: Set(c.applies_to.as_str().to_owned()),
            ..Default::default()
        });
    }
    Ok(CheckedScheme { year: input.year, name, bonus_cap, criteria })
}

/// Defines a scheme of the caller's own tenant (ADMIN). A scheme with the same year and name
/// becomes the next revision of it.
pub async fn create_scheme(state: &AppState, scope: &Scope, input: SchemeInput) -> Result<Scheme, AppError> {
    scope.require(Role::Admin)?;
    let txn = Write::begin(state, scope, Touch::Assessments).await?;
    let checked = check_scheme(&txn, scope, &input).await?;
    let revision = scope
        .select::<scheme::Entity>()
        .filter(scheme::Column::TenantId.eq(scope.home().0))
        .filter(scheme::Column::Year.eq(checked.year))
        .filter(scheme::Column::Name.eq(checked.name.clone()))
        .count(&txn)
        .await? as i32
        + 1;
    let m = scheme::ActiveModel {
        tenant_id: Set(scope.home().0),
        year: Set(checked.year),
        name: Set(checked.name),
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
    for mut c in checked.criteria {
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
pub async fn update_scheme(
    state: &AppState,
    scope: &Scope,
    id: i64,
    version: i32,
    input: SchemeInput,
) -> Result<Scheme, AppError> {
    scope.require(Role::Admin)?;
    let txn = Write::begin(state, scope, Touch::Assessments).await?;
    let before = scope.one::<scheme::Entity, _>(&txn, scheme::Column::Id, id, "assessment scheme").await?;
    scope.require_home(TenantId(before.tenant_id), "changing a scheme")?;
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
    for mut c in checked.criteria {
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

// ---------------------------------------------------------------------------------------------
// Rounds

#[derive(Clone, Debug, Serialize)]
pub struct Round {
    pub id: i64,
    pub tenant_id: TenantId,
    pub scheme_id: i64,
    pub name: String,
    pub year: i32,
    pub deadline: NaiveDate,
    pub combine_rule: CombineRule,
    pub desk_weight: i32,
    pub field_weight: i32,
    pub recheck_days: i32,
    pub excellent_min: i64,
    pub good_min: i64,
    pub pass_min: i64,
    pub status: RoundStatus,
    pub published_at: Option<DateTime<Utc>>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
}

impl TryFrom<round::Model> for Round {
    type Error = AppError;
    fn try_from(m: round::Model) -> Result<Self, AppError> {
        Ok(Round {
            id: m.id,
            tenant_id: TenantId(m.tenant_id),
            scheme_id: m.scheme_id,
            combine_rule: CombineRule::parse(&m.combine_rule).ok_or_else(|| corrupt("combineRule", m.id))?,
            status: RoundStatus::parse(&m.status).ok_or_else(|| corrupt("status", m.id))?,
            name: m.name,
            year: m.year,
            deadline: m.deadline,
            desk_weight: m.desk_weight,
            field_weight: m.field_weight,
            recheck_days: m.recheck_days,
            excellent_min: m.excellent_min,
            good_min: m.good_min,
            pass_min: m.pass_min,
            published_at: m.published_at,
            version: m.version,
            created_at: m.created_at,
        })
    }
}

impl Round {
    pub fn rule(&self) -> Rule {
        match self.combine_rule {
            CombineRule::FieldOverridesDesk => Rule::FieldOverridesDesk,
            CombineRule::WeightedMean => {
                Rule::WeightedMean { desk: i64::from(self.desk_weight), field: i64::from(self.field_weight) }
            }
        }
    }
}

/// A round the caller may read: the assessing level, its subtree (the assessees) and its
/// ancestors. NOT_FOUND otherwise.
pub async fn round<C: ConnectionTrait>(db: &C, scope: &Scope, id: i64) -> Result<Round, AppError> {
    scope
        .select_shared::<round::Entity>()
        .filter(round::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound { entity: "assessment round" })?
        .try_into()
}

/// Rounds the caller may read.
pub async fn rounds<C: ConnectionTrait>(db: &C, scope: &Scope, req: PageRequest) -> Result<Page<Round>, AppError> {
    page::fetch(db, scope.select_shared::<round::Entity>(), round::Column::Id, req).await?.try_map(Round::try_from)
}

/// The members of a round's field working groups: (group, user id, display name).
pub async fn field_groups<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    round_id: i64,
) -> Result<Vec<(String, users::User)>, AppError> {
    let rows = scope
        .select::<member::Entity>()
        .filter(member::Column::RoundId.eq(round_id))
        .order_by_asc(member::Column::GroupName)
        .order_by_asc(member::Column::UserId)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push((r.group_name, users::get(db, scope, UserId(r.user_id)).await?));
    }
    Ok(out)
}

#[derive(Clone, Debug)]
pub enum AssesseeRef {
    /// A child tenant of the round's tenant.
    Tenant(TenantId),
    /// A unit in the round tenant's subtree.
    Unit(i64),
}

#[derive(Clone, Debug)]
pub struct NewAssessee {
    pub who: AssesseeRef,
    /// The field working group that verifies it in the field.
    pub group: String,
}

#[derive(Clone, Debug)]
pub struct NewRound {
    pub scheme_id: i64,
    pub name: String,
    pub deadline: NaiveDate,
    pub combine_rule: CombineRule,
    pub desk_weight: i32,
    pub field_weight: i32,
    pub recheck_days: i32,
    pub excellent_min: Decimal,
    pub good_min: Decimal,
    pub pass_min: Decimal,
    pub groups: Vec<(String, Vec<UserId>)>,
    pub assessees: Vec<NewAssessee>,
}

/// Opens a round of the caller's own tenant with one of its schemes (ADMIN), freezing the
/// scheme. Assessees are child tenants of the caller's tenant or units in its subtree; field
/// working group members are users of the caller's tenant.
pub async fn open_round(state: &AppState, scope: &Scope, input: NewRound) -> Result<Round, AppError> {
    scope.require(Role::Admin)?;
    let name = text::bounded("name", &input.name, NAME_MAX)?;
    if !(0..=365).contains(&input.recheck_days) {
        return Err(AppError::bad_input("recheckDays", "the recheck window is 0 to 365 days"));
    }
    dates::within("deadline", input.deadline, china_today(), Ahead::Deadline)?;
    // The range first: the sum below cannot overflow then.
    for (field, weight) in [("deskWeight", input.desk_weight), ("fieldWeight", input.field_weight)] {
        if !(0..=1000).contains(&weight) {
            return Err(AppError::bad_input(field, "权重须在 0 至 1000 之间 / weights are 0 to 1000"));
        }
    }
    if input.combine_rule == CombineRule::WeightedMean && input.desk_weight + input.field_weight == 0 {
        return Err(AppError::bad_input("deskWeight", "两项权重不能都为 0 / the weights cannot both be zero"));
    }
    let excellent = score_of("excellentMin", input.excellent_min)?;
    let good = score_of("goodMin", input.good_min)?;
    let pass = score_of("passMin", input.pass_min)?;
    if !(excellent >= good && good >= pass) {
        return Err(AppError::bad_input("excellentMin", "grade thresholds must satisfy 优秀 ≥ 良好 ≥ 合格"));
    }
    if input.assessees.is_empty() || input.assessees.len() > ASSESSEES_MAX {
        return Err(AppError::bad_input("assessees", format!("a round has 1 to {ASSESSEES_MAX} assessees")));
    }
    let mut groups: BTreeMap<String, Vec<UserId>> = BTreeMap::new();
    for (g, members) in &input.groups {
        let g = text::bounded("groups.name", g, 50)?;
        if members.is_empty() {
            return Err(AppError::bad_input("groups", format!("field working group {g} has no members")));
        }
        if groups.insert(g.clone(), members.clone()).is_some() {
            return Err(AppError::bad_input("groups", format!("field working group {g} is named twice")));
        }
    }

    let txn = Write::begin(state, scope, Touch::Assessments).await?;
    let sch = scope.one::<scheme::Entity, _>(&txn, scheme::Column::Id, input.scheme_id, "assessment scheme").await?;
    if sch.tenant_id != scope.home().0 {
        return Err(AppError::Forbidden("a round is opened with a scheme of the caller's own level".into()));
    }
    let full_scheme = scheme_from(&txn, scope, sch.clone()).await?;
    if excellent > full_scheme.max_total(AppliesTo::Tenant).max(full_scheme.max_total(AppliesTo::Unit)) {
        return Err(AppError::bad_input("excellentMin", "the 优秀 threshold is above the scheme's maximum"));
    }
    for (g, members) in &groups {
        for u in members {
            let user = users::get(&txn, scope, *u).await?;
            if user.tenant_id != scope.home() {
                return Err(AppError::bad_input(
                    "groups",
                    format!("{} of group {g} is not a user of this level", user.username),
                ));
            }
        }
    }
    let now = Utc::now();
    let created = round::ActiveModel {
        tenant_id: Set(scope.home().0),
        scheme_id: Set(sch.id),
        name: Set(name),
        year: Set(sch.year),
        deadline: Set(input.deadline),
        combine_rule: Set(input.combine_rule.as_str().to_owned()),
        desk_weight: Set(input.desk_weight),
        field_weight: Set(input.field_weight),
        recheck_days: Set(input.recheck_days),
        excellent_min: Set(excellent),
        good_min: Set(good),
        pass_min: Set(pass),
        status: Set(RoundStatus::Open.as_str().to_owned()),
        published_at: Set(None),
        version: Set(1),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for (g, members) in &groups {
        for u in members {
            member::ActiveModel {
                round_id: Set(created.id),
                tenant_id: Set(scope.home().0),
                group_name: Set(g.clone()),
                user_id: Set(u.0),
            }
            .insert(&txn)
            .await
            .map_err(|e| AppError::on_unique(e, "groups", "a user is listed twice in one group"))?;
        }
    }
    if sch.frozen_at.is_none() {
        scope
            .update::<scheme::Entity>()
            .set(scheme::ActiveModel { frozen_at: Set(Some(now)), ..Default::default() })
            .filter(scheme::Column::Id.eq(sch.id))
            .exec(&txn)
            .await?;
    }
    for a in &input.assessees {
        if !groups.contains_key(a.group.trim()) {
            return Err(AppError::bad_input("assessees", format!("no field working group named {}", a.group)));
        }
        let (owner, unit_id, kind, sort_key) = match a.who {
            AssesseeRef::Tenant(t) => {
                let t = tenants::get(&txn, scope, t).await?;
                if t.parent_id != Some(scope.home()) {
                    return Err(AppError::bad_input(
                        "assessees",
                        format!("{} is not a child tenant of this level", t.name),
                    ));
                }
                (t.id, None, AppliesTo::Tenant, t.code)
            }
            AssesseeRef::Unit(u) => {
                let u = units::get(&txn, scope, u).await?;
                if u.archived_at.is_some() {
                    return Err(AppError::bad_input("assessees", format!("{} is archived", u.name)));
                }
                (u.tenant_id, Some(u.id), AppliesTo::Unit, format!("~unit:{:012}", u.id))
            }
        };
        let rec = record::ActiveModel {
            round_id: Set(created.id),
            round_tenant_id: Set(scope.home().0),
            assessee_tenant_id: Set(owner.0),
            unit_id: Set(unit_id),
            kind: Set(kind.as_str().to_owned()),
            sort_key: Set(sort_key),
            field_group: Set(a.group.trim().to_owned()),
            status: Set(Status::SelfAssessment.as_str().to_owned()),
            base_score: Set(None),
            bonus_score: Set(None),
            total_score: Set(None),
            desk_total: Set(None),
            objection: Set(None),
            reply: Set(None),
            submitted_at: Set(None),
            feedback_at: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| AppError::on_unique(e, "assessees", "an assessee is listed twice"))?;
        for c in full_scheme.criteria.iter().filter(|c| c.applies(kind)) {
            score::ActiveModel {
                record_id: Set(rec.id),
                criterion_id: Set(c.id),
                assessee_tenant_id: Set(owner.0),
                self_score: Set(None),
                self_note: Set(String::new()),
                evidence: Set("[]".to_owned()),
                desk_score: Set(None),
                desk_comment: Set(String::new()),
                field_score: Set(None),
                field_comment: Set(String::new()),
                final_score: Set(None),
                recheck_comment: Set(String::new()),
            }
            .insert(&txn)
            .await?;
        }
        event_row(&txn, scope, rec.id, owner, "OPEN", None, Status::SelfAssessment, None).await?;
    }
    let created: Round = created.try_into()?;
    audit::record(
        &txn,
        Actor::from(scope),
        audit::Entry {
            tenant: scope.home(),
            action: "assessment_round.open",
            entity_type: "assessment_round",
            entity_id: created.id.to_string(),
            before: None::<&()>,
            after: Some(&serde_json::json!({ "round": created, "assessees": input.assessees.len() })),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

// ---------------------------------------------------------------------------------------------
// Records

#[derive(Clone, Debug, Serialize)]
pub struct Record {
    pub id: i64,
    pub round_id: i64,
    pub round_tenant_id: TenantId,
    pub assessee_tenant_id: TenantId,
    pub unit_id: Option<i64>,
    pub kind: AppliesTo,
    pub sort_key: String,
    pub field_group: String,
    pub status: Status,
    pub base_score: Option<i64>,
    pub bonus_score: Option<i64>,
    pub total_score: Option<i64>,
    pub desk_total: Option<i64>,
    pub objection: Option<String>,
    pub reply: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub feedback_at: Option<DateTime<Utc>>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Whether the caller sees the desk, field and combined results (the assessing level always;
    /// the assessee from FEEDBACK on). When false they are blanked here, before any resolver.
    #[serde(skip)]
    pub released: bool,
}

impl Record {
    fn from_model(m: record::Model, assessing: bool) -> Result<Self, AppError> {
        let status = Status::parse(&m.status).ok_or_else(|| corrupt("status", m.id))?;
        let released = assessing || status.results_released();
        let hide = |v: Option<i64>| if released { v } else { None };
        Ok(Record {
            id: m.id,
            round_id: m.round_id,
            round_tenant_id: TenantId(m.round_tenant_id),
            assessee_tenant_id: TenantId(m.assessee_tenant_id),
            unit_id: m.unit_id,
            kind: AppliesTo::parse(&m.kind).ok_or_else(|| corrupt("kind", m.id))?,
            sort_key: m.sort_key,
            field_group: m.field_group,
            status,
            base_score: hide(m.base_score),
            bonus_score: hide(m.bonus_score),
            total_score: hide(m.total_score),
            desk_total: hide(m.desk_total),
            objection: m.objection,
            reply: if released { m.reply } else { None },
            submitted_at: m.submitted_at,
            feedback_at: m.feedback_at,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
            released,
        })
    }

    /// When the recheck window closes (FEEDBACK time + the round's recheck days).
    pub fn recheck_until(&self, round: &Round) -> Option<DateTime<Utc>> {
        self.feedback_at.map(|f| f + Duration::days(i64::from(round.recheck_days)))
    }

    /// Submitted after the deadline, or not submitted and the deadline has passed.
    pub fn late(&self, round: &Round) -> bool {
        match self.submitted_at {
            Some(at) => at.date_naive() > round.deadline,
            None => Utc::now().date_naive() > round.deadline,
        }
    }
}

/// Whether the caller is on the assessing side of a round of `round_tenant`: its home is that
/// tenant or one above it.
async fn assessing<C: ConnectionTrait>(db: &C, scope: &Scope, round_tenant: TenantId) -> Result<bool, AppError> {
    if scope.home() == round_tenant {
        return Ok(true);
    }
    Ok(scope.check_tenant(db, round_tenant, "tenant").await.is_ok())
}

async fn record_model<C: ConnectionTrait>(db: &C, scope: &Scope, id: i64) -> Result<record::Model, AppError> {
    scope.one::<record::Entity, _>(db, record::Column::Id, id, "assessment record").await
}

/// A record the caller may read, with results blanked for an assessee before FEEDBACK.
pub async fn record<C: ConnectionTrait>(db: &C, scope: &Scope, id: i64) -> Result<Record, AppError> {
    let m = record_model(db, scope, id).await?;
    let side = assessing(db, scope, TenantId(m.round_tenant_id)).await?;
    Record::from_model(m, side)
}

/// The records of a round the caller may read: every record for the assessing level, its own
/// for an assessee.
pub async fn records<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    round_id: i64,
    status: Option<Status>,
    req: PageRequest,
) -> Result<Page<Record>, AppError> {
    let r = round(db, scope, round_id).await?;
    let side = assessing(db, scope, r.tenant_id).await?;
    let mut q = scope.select::<record::Entity>().filter(record::Column::RoundId.eq(round_id));
    if let Some(s) = status {
        q = q.filter(record::Column::Status.eq(s.as_str()));
    }
    page::fetch(db, q, record::Column::Id, req).await?.try_map(|m| Record::from_model(m, side))
}

/// One criterion of a record: the assessee's self-assessment and evidence, the desk (first) and
/// field (second) results, and the final score.
#[derive(Clone, Debug, Serialize)]
pub struct ScoreLine {
    pub criterion: Criterion,
    pub self_score: Option<i64>,
    pub self_note: String,
    pub evidence: Vec<String>,
    pub desk_score: Option<i64>,
    pub desk_comment: String,
    pub field_score: Option<i64>,
    pub field_comment: String,
    pub final_score: Option<i64>,
    pub recheck_comment: String,
}

/// The per-criterion scores of a record, in scheme order, blanked like the record.
pub async fn scores<C: ConnectionTrait>(db: &C, scope: &Scope, rec: &Record) -> Result<Vec<ScoreLine>, AppError> {
    let r = round(db, scope, rec.round_id).await?;
    let sch = scheme(db, scope, r.scheme_id).await?;
    let rows: HashMap<i64, score::Model> = scope
        .select::<score::Entity>()
        .filter(score::Column::RecordId.eq(rec.id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.criterion_id, s))
        .collect();
    let mut out = Vec::with_capacity(rows.len());
    for c in sch.criteria {
        let Some(s) = rows.get(&c.id) else { continue };
        let shown = rec.released;
        let blank = |v: &str| if shown { v.to_owned() } else { String::new() };
        out.push(ScoreLine {
            self_score: s.self_score,
            self_note: s.self_note.clone(),
            evidence: serde_json::from_str(&s.evidence).map_err(AppError::internal)?,
            desk_score: s.desk_score.filter(|_| shown),
            desk_comment: blank(&s.desk_comment),
            field_score: s.field_score.filter(|_| shown),
            field_comment: blank(&s.field_comment),
            final_score: s.final_score.filter(|_| shown),
            recheck_comment: blank(&s.recheck_comment),
            criterion: c,
        });
    }
    Ok(out)
}

#[derive(Clone, Debug)]
pub struct Event {
    pub id: i64,
    pub action: String,
    pub from_status: Option<Status>,
    pub to_status: Status,
    pub at_tenant_id: TenantId,
    pub actor_name: String,
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
}

/// A record's timeline, oldest first.
pub async fn timeline<C: ConnectionTrait>(db: &C, scope: &Scope, id: i64) -> Result<Vec<Event>, AppError> {
    scope
        .select::<event::Entity>()
        .filter(event::Column::RecordId.eq(id))
        .order_by_asc(event::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| {
            let st = |s: &str| Status::parse(s).ok_or_else(|| corrupt("status", e.id));
            Ok(Event {
                id: e.id,
                from_status: e.from_status.as_deref().map(st).transpose()?,
                to_status: st(&e.to_status)?,
                action: e.action.clone(),
                at_tenant_id: TenantId(e.at_tenant_id),
                actor_name: e.actor_name.clone(),
                reason: e.reason.clone(),
                at: e.at,
            })
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
async fn event_row<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    record_id: i64,
    owner: TenantId,
    action: &str,
    from: Option<Status>,
    to: Status,
    reason: Option<String>,
) -> Result<(), AppError> {
    let actor = users::get(db, scope, scope.user_id()).await?;
    event::ActiveModel {
        record_id: Set(record_id),
        assessee_tenant_id: Set(owner.0),
        action: Set(action.to_owned()),
        from_status: Set(from.map(|s| s.as_str().to_owned())),
        to_status: Set(to.as_str().to_owned()),
        at_tenant_id: Set(scope.home().0),
        actor_user_id: Set(Some(scope.user_id().0)),
        actor_name: Set(actor.display_name),
        reason: Set(reason),
        at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// One criterion's score as given by a verifier or the assessee.
#[derive(Clone, Debug)]
pub struct ScoreInput {
    pub criterion_id: i64,
    pub score: Decimal,
    /// The note (self-assessment) or comment (desk, field, recheck).
    pub comment: String,
    /// Ledger evidence references (self-assessment only).
    pub evidence: Vec<String>,
}

/// A step on a record: who may take it, and what it writes.
pub enum Step {
    SaveSelf(Vec<ScoreInput>),
    Prefill,
    Submit,
    VerifyDesk(Vec<ScoreInput>),
    VerifyField(Vec<ScoreInput>),
    Combine,
    SendFeedback,
    Accept,
    RequestRecheck(String),
    ResolveRecheck { reply: String, scores: Vec<ScoreInput> },
    Finalize,
}

impl Step {
    fn action(&self) -> Action {
        match self {
            Step::SaveSelf(_) | Step::Prefill => Action::SaveSelf,
            Step::Submit => Action::Submit,
            Step::VerifyDesk(_) => Action::VerifyDesk,
            Step::VerifyField(_) => Action::VerifyField,
            Step::Combine => Action::Combine,
            Step::SendFeedback => Action::SendFeedback,
            Step::Accept => Action::Accept,
            Step::RequestRecheck(_) => Action::RequestRecheck,
            Step::ResolveRecheck { .. } => Action::ResolveRecheck,
            Step::Finalize => Action::Finalize,
        }
    }
}

struct Ctx {
    rec: record::Model,
    round: Round,
    scheme: Scheme,
    rows: Vec<score::Model>,
}

impl Ctx {
    fn criterion(&self, id: i64) -> Option<&Criterion> {
        self.scheme.criteria.iter().find(|c| c.id == id)
    }

    /// Validates scores against this record's criteria: known, within 0..=max, each once.
    fn check_scores(&self, scores: &[ScoreInput]) -> Result<Vec<(i64, i64, String, String)>, AppError> {
        let mut seen = Vec::new();
        let mut out = Vec::with_capacity(scores.len());
        for s in scores {
            let known = self.rows.iter().any(|r| r.criterion_id == s.criterion_id);
            let c = self.criterion(s.criterion_id).filter(|_| known).ok_or_else(|| {
                AppError::bad_input("scores", format!("criterion {} is not one of this record's", s.criterion_id))
            })?;
            if seen.contains(&c.id) {
                return Err(AppError::bad_input("scores", format!("criterion {} is scored twice", c.id)));
            }
            seen.push(c.id);
            let v = score_of("scores.score", s.score)?;
            if v > c.max_score {
                return Err(AppError::bad_input(
                    "scores.score",
                    format!("{} scores at most {} (got {})", c.title, points(c.max_score), s.score),
                ));
            }
            let comment = if s.comment.trim().is_empty() {
                String::new()
            } else {
                text::bounded("comment", &s.comment, TEXT_MAX)?
            };
            if s.evidence.len() > EVIDENCE_MAX_ITEMS {
                return Err(AppError::bad_input(
                    "evidence",
                    format!("at most {EVIDENCE_MAX_ITEMS} evidence references"),
                ));
            }
            let evidence =
                s.evidence.iter().map(|e| text::bounded("evidence", e, 500)).collect::<Result<Vec<_>, _>>()?;
            out.push((c.id, v, comment, serde_json::to_string(&evidence).map_err(AppError::internal)?));
        }
        Ok(out)
    }

    fn totals(&self, pick: impl Fn(&score::Model) -> Option<i64>) -> rules::Totals {
        let parts: Vec<(i64, i64, bool)> = self
            .rows
            .iter()
            .filter_map(|r| self.criterion(r.criterion_id).map(|c| (pick(r).unwrap_or(0), c.max_score, c.bonus)))
            .collect();
        rules::totals(&parts, self.scheme.bonus_cap)
    }
}

async fn set_score<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    record_id: i64,
    criterion_id: i64,
    changes: score::ActiveModel,
) -> Result<(), AppError> {
    scope
        .update::<score::Entity>()
        .set(changes)
        .filter(score::Column::RecordId.eq(record_id))
        .filter(score::Column::CriterionId.eq(criterion_id))
        .exec(db)
        .await?;
    Ok(())
}

async fn load_rows<C: ConnectionTrait>(db: &C, scope: &Scope, id: i64) -> Result<Vec<score::Model>, AppError> {
    Ok(scope.select::<score::Entity>().filter(score::Column::RecordId.eq(id)).all(db).await?)
}

/// Takes one step on a record at the version the caller saw. See the module doc for who may
/// take which step.
pub async fn step(
    state: &crate::state::AppState,
    scope: &Scope,
    id: i64,
    version: i32,
    step: Step,
) -> Result<Record, AppError> {
    let action = step.action();
    let assessee_side = matches!(action, Action::SaveSelf | Action::Submit | Action::Accept | Action::RequestRecheck);
    if assessee_side {
        scope.require(Role::Reporter)?;
    } else if action != Action::VerifyField {
        scope.require(Role::Reviewer)?;
    }
    let txn = Write::begin(state, scope, Touch::Assessments).await?;
    let rec = record_model(&txn, scope, id).await?;
    let round = round(&txn, scope, rec.round_id).await?;
    if assessee_side {
        scope.require_home(TenantId(rec.assessee_tenant_id), "self-assessment and answering feedback")?;
    } else {
        scope.require_home(round.tenant_id, "verifying and deciding an assessment")?;
    }
    if action == Action::VerifyField {
        let member = scope
            .select::<member::Entity>()
            .filter(member::Column::RoundId.eq(round.id))
            .filter(member::Column::GroupName.eq(rec.field_group.clone()))
            .filter(member::Column::UserId.eq(scope.user_id().0))
            .one(&txn)
            .await?;
        if member.is_none() {
            return Err(AppError::Forbidden(format!(
                "field verification of this assessee is done by field working group {} only",
                rec.field_group
            )));
        }
    }
    if rec.version != version {
        return Err(AppError::conflict(
            "version",
            "the assessment record was changed by someone else; reload it and try again",
        ));
    }
    if round.status == RoundStatus::Published {
        return Err(AppError::conflict("id", "the round is published; its records no longer change"));
    }
    let from = Status::parse(&rec.status).ok_or_else(|| corrupt("status", rec.id))?;
    let now = Utc::now();
    let until = rec.feedback_at.map(|f| f + Duration::days(i64::from(round.recheck_days)));
    let window_open = until.is_some_and(|u| now <= u);
    let to = match rules::next(from, action, window_open) {
        Some(to) => to,
        None if from == Status::Feedback && action == Action::RequestRecheck => {
            return Err(AppError::conflict(
                "id",
                format!(
                    "the recheck window closed at {} ({} days after feedback)",
                    until.map(|u| u.to_rfc3339()).unwrap_or_default(),
                    round.recheck_days
                ),
            ));
        }
        None if from == Status::Feedback && action == Action::Finalize => {
            return Err(AppError::conflict(
                "id",
                format!(
                    "the assessee may accept or request a recheck until {}",
                    until.map(|u| u.to_rfc3339()).unwrap_or_default()
                ),
            ));
        }
        None => {
            return Err(AppError::conflict(
                "id",
                format!("the record is {} ({}); {} does not apply", from.as_str(), from.label(), action.as_str()),
            ));
        }
    };
    let scheme = scheme(&txn, scope, round.scheme_id).await?;
    let rows = load_rows(&txn, scope, id).await?;
    let mut ctx = Ctx { rec, round, scheme, rows };
    let mut changes = <record::ActiveModel as Default>::default();
    let mut reason = None;
    let mut event_action = action.as_str();
    match step {
        Step::SaveSelf(scores) => {
            for (cid, v, note, evidence) in ctx.check_scores(&scores)? {
                let am = score::ActiveModel {
                    self_score: Set(Some(v)),
                    self_note: Set(note),
                    evidence: Set(evidence),
                    ..Default::default()
                };
                set_score(&txn, scope, id, cid, am).await?;
            }
        }
        Step::Prefill => {
            event_action = "PREFILL";
            let n = prefill(&txn, scope, &ctx).await?;
            reason = Some(format!("{n} criteria prefilled from indicator completion"));
        }
        Step::Submit => {
            let missing: Vec<String> = ctx
                .rows
                .iter()
                .filter(|r| r.self_score.is_none())
                .filter_map(|r| ctx.criterion(r.criterion_id))
                .filter(|c| !c.bonus)
                .map(|c| c.title.clone())
                .collect();
            if !missing.is_empty() {
                return Err(AppError::bad_input(
                    "id",
                    format!("self-assess every criterion before submitting; missing: {}", missing.join("; ")),
                ));
            }
            changes.submitted_at = Set(Some(now));
        }
        Step::VerifyDesk(scores) => {
            let checked = ctx.check_scores(&scores)?;
            if checked.len() != ctx.rows.len() {
                return Err(AppError::bad_input(
                    "scores",
                    format!("the desk verification scores every criterion ({} of {})", checked.len(), ctx.rows.len()),
                ));
            }
            for (cid, v, comment, _) in checked {
                let am =
                    score::ActiveModel { desk_score: Set(Some(v)), desk_comment: Set(comment), ..Default::default() };
                set_score(&txn, scope, id, cid, am).await?;
            }
            ctx.rows = load_rows(&txn, scope, id).await?;
            changes.desk_total = Set(Some(ctx.totals(|r| r.desk_score).total));
        }
        Step::VerifyField(scores) => {
            for (cid, v, comment, _) in ctx.check_scores(&scores)? {
                let am =
                    score::ActiveModel { field_score: Set(Some(v)), field_comment: Set(comment), ..Default::default() };
                set_score(&txn, scope, id, cid, am).await?;
            }
        }
        Step::Combine => {
            let rule = ctx.round.rule();
            for r in &ctx.rows {
                let max = ctx.criterion(r.criterion_id).map(|c| c.max_score).unwrap_or(0);
                let v = rules::combine_one(rule, r.desk_score.unwrap_or(0), r.field_score, max);
                let am = score::ActiveModel { final_score: Set(Some(v)), ..Default::default() };
                set_score(&txn, scope, id, r.criterion_id, am).await?;
            }
            ctx.rows = load_rows(&txn, scope, id).await?;
            let t = ctx.totals(|r| r.final_score);
            changes.base_score = Set(Some(t.base));
            changes.bonus_score = Set(Some(t.bonus));
            changes.total_score = Set(Some(t.total));
        }
        Step::SendFeedback => changes.feedback_at = Set(Some(now)),
        Step::Accept | Step::Finalize => {}
        Step::RequestRecheck(objection) => {
            let o = text::bounded("objection", &objection, TEXT_MAX)?;
            changes.objection = Set(Some(o.clone()));
            reason = Some(o);
        }
        Step::ResolveRecheck { reply, scores } => {
            let reply = text::bounded("reply", &reply, TEXT_MAX)?;
            for (cid, v, comment, _) in ctx.check_scores(&scores)? {
                let am = score::ActiveModel {
                    final_score: Set(Some(v)),
                    recheck_comment: Set(comment),
                    ..Default::default()
                };
                set_score(&txn, scope, id, cid, am).await?;
            }
            ctx.rows = load_rows(&txn, scope, id).await?;
            let t = ctx.totals(|r| r.final_score);
            changes.base_score = Set(Some(t.base));
            changes.bonus_score = Set(Some(t.bonus));
            changes.total_score = Set(Some(t.total));
            changes.reply = Set(Some(reply.clone()));
            reason = Some(reply);
        }
    }
    changes.status = Set(to.as_str().to_owned());
    changes.version = Set(crate::domain::version::next(version)?);
    changes.updated_at = Set(now);
    let owner = TenantId(ctx.rec.assessee_tenant_id);
    scope
        .update_versioned::<record::Entity, _>(
            &txn,
            (record::Column::Id, id),
            (record::Column::Version, version),
            changes,
            "assessment record",
        )
        .await?;
    event_row(&txn, scope, id, owner, event_action, Some(from), to, reason.clone()).await?;
    let side = assessing(&txn, scope, ctx.round.tenant_id).await?;
    let before = Record::from_model(ctx.rec.clone(), true)?;
    let after_model = record_model(&txn, scope, id).await?;
    let full_after = Record::from_model(after_model.clone(), true)?;
    audit::record(
        &txn,
        Actor::from(scope),
        audit::Entry {
            // Filed under the assessing level: the row holds the verification results, which the
            // assessee's own ADMINs must not read in the audit log before FEEDBACK.
            tenant: ctx.round.tenant_id,
            action: &format!("assessment_record.{}", event_action.to_ascii_lowercase()),
            entity_type: "assessment_record",
            entity_id: id.to_string(),
            before: Some(&before),
            after: Some(&serde_json::json!({ "record": full_after, "reason": reason })),
        },
    )
    .await?;
    txn.commit().await?;
    Record::from_model(after_model, side)
}

/// Prefills the self score of every criterion linked to an indicator that has none yet, from
/// the assessee tenant's roll-up for the round's year: completion (actual ÷ target, at most 1)
/// × the criterion's maximum, rounded down to a ten-thousandth. Unit assessees and criteria
/// without a target are left alone. Returns how many were filled.
async fn prefill<C: ConnectionTrait>(db: &C, scope: &Scope, ctx: &Ctx) -> Result<usize, AppError> {
    if ctx.rec.unit_id.is_some() {
        return Ok(0);
    }
    let linked: Vec<(&score::Model, &Criterion, i64)> = ctx
        .rows
        .iter()
        .filter(|r| r.self_score.is_none())
        .filter_map(|r| ctx.criterion(r.criterion_id).and_then(|c| c.indicator_id.map(|i| (r, c, i))))
        .collect();
    if linked.is_empty() {
        return Ok(0);
    }
    let ids: Vec<i64> = linked.iter().map(|l| l.2).collect();
    let tenant = TenantId(ctx.rec.assessee_tenant_id);
    let rollups = super::rollups::compute(db, scope, &[tenant], Period::Year(ctx.round.year), &ids).await?;
    let rows = rollups.get(&tenant).cloned().unwrap_or_default();
    let mut n = 0;
    for (r, c, ind) in linked {
        let Some(ru) = rows.iter().find(|x| x.indicator_id == ind) else { continue };
        let (Some(target), Some(actual)) = (ru.target, ru.actual.or(ru.total)) else { continue };
        if target <= 0 {
            continue;
        }
        let done = actual.clamp(0, target) as i128;
        let v = (c.max_score as i128 * done / target as i128) as i64;
        let am = score::ActiveModel {
            self_score: Set(Some(v.min(c.max_score))),
            self_note: Set(format!("按指标完成情况预填 ({})", ru.indicator_name)),
            ..Default::default()
        };
        set_score(db, scope, r.record_id, r.criterion_id, am).await?;
        n += 1;
    }
    Ok(n)
}

/// Publishes a round once every record is FINAL (REVIEWER of the round's tenant).
pub async fn publish(state: &AppState, scope: &Scope, id: i64, version: i32) -> Result<Round, AppError> {
    scope.require(Role::Reviewer)?;
    let txn = Write::begin(state, scope, Touch::Assessments).await?;
    let before = round(&txn, scope, id).await?;
    scope.require_home(before.tenant_id, "publishing a round")?;
    if before.status == RoundStatus::Published {
        return Err(AppError::conflict("id", "the round is already published"));
    }
    let open = scope
        .select::<record::Entity>()
        .filter(record::Column::RoundId.eq(id))
        .filter(record::Column::Status.ne(Status::Final.as_str()))
        .count(&txn)
        .await?;
    if open > 0 {
        return Err(AppError::conflict("id", format!("{open} records are not FINAL yet; publish once all are")));
    }
    let changes = round::ActiveModel {
        status: Set(RoundStatus::Published.as_str().to_owned()),
        published_at: Set(Some(Utc::now())),
        version: Set(crate::domain::version::next(version)?),
        ..Default::default()
    };
    scope
        .update_versioned::<round::Entity, _>(
            &txn,
            (round::Column::Id, id),
            (round::Column::Version, version),
            changes,
            "assessment round",
        )
        .await?;
    let after = round(&txn, scope, id).await?;
    audit::record(
        &txn,
        Actor::from(scope),
        audit::Entry {
            tenant: after.tenant_id,
            action: "assessment_round.publish",
            entity_type: "assessment_round",
            entity_id: id.to_string(),
            before: Some(&before),
            after: Some(&after),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

// ---------------------------------------------------------------------------------------------
// Results

#[derive(Clone, Debug, Serialize)]
pub struct ResultRow {
    pub rank: usize,
    pub record_id: i64,
    pub assessee_tenant_id: TenantId,
    pub unit_id: Option<i64>,
    /// Division code of a tenant assessee; empty for a unit.
    pub code: String,
    pub name: String,
    pub total: i64,
    pub base: i64,
    pub bonus: i64,
    pub desk_total: i64,
    pub grade: Grade,
    /// (aspect, subtotal of the final scores of its criteria), in scheme order.
    pub aspects: Vec<(String, i64)>,
}

pub struct Results {
    pub round: Round,
    pub aspects: Vec<String>,
    pub rows: Vec<ResultRow>,
}

/// The ranking of a PUBLISHED round, read by the assessing level and above (NOT_FOUND for
/// anyone else, CONFLICT before publication). Order: see `domain::assessment::rank_order`.
pub async fn results<C: ConnectionTrait>(db: &C, scope: &Scope, round_id: i64) -> Result<Results, AppError> {
    let r: Round = scope
        .select::<round::Entity>()
        .filter(round::Column::Id.eq(round_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound { entity: "assessment round" })?
        .try_into()?;
    if r.status != RoundStatus::Published {
        return Err(AppError::conflict("id", "the ranking is available once the round is published"));
    }
    let sch = scheme(db, scope, r.scheme_id).await?;
    let recs = scope.select::<record::Entity>().filter(record::Column::RoundId.eq(round_id)).all(db).await?;
    let ids: Vec<i64> = recs.iter().map(|m| m.id).collect();
    let all_scores = scope.select::<score::Entity>().filter(score::Column::RecordId.is_in(ids)).all(db).await?;
    let tenant_ids: Vec<i64> = recs.iter().filter(|m| m.unit_id.is_none()).map(|m| m.assessee_tenant_id).collect();
    let names: HashMap<i64, tenants::Tenant> =
        tenants::get_many(db, scope, tenant_ids).await?.into_iter().map(|t| (t.id.0, t)).collect();
    let unit_ids: Vec<i64> = recs.iter().filter_map(|m| m.unit_id).collect();
    let unit_names: HashMap<i64, String> =
        units::get_many(db, scope, unit_ids).await?.into_iter().map(|u| (u.id, u.name)).collect();
    let aspects = sch.aspects();
    let mut keyed: Vec<(RankKey, ResultRow)> = Vec::with_capacity(recs.len());
    for m in recs {
        let (total, base, bonus, desk) = (
            m.total_score.unwrap_or(0),
            m.base_score.unwrap_or(0),
            m.bonus_score.unwrap_or(0),
            m.desk_total.unwrap_or(0),
        );
        let mut subtotals: Vec<(String, i64)> = aspects.iter().map(|a| (a.clone(), 0)).collect();
        for s in all_scores.iter().filter(|s| s.record_id == m.id) {
            if let Some(c) = sch.criteria.iter().find(|c| c.id == s.criterion_id && !c.bonus)
                && let Some(slot) = subtotals.iter_mut().find(|(a, _)| *a == c.aspect)
            {
                slot.1 += s.final_score.unwrap_or(0);
            }
        }
        let (code, name) = match m.unit_id {
            Some(u) => (String::new(), unit_names.get(&u).cloned().unwrap_or_default()),
            None => names.get(&m.assessee_tenant_id).map(|t| (t.code.clone(), t.name.clone())).unwrap_or_default(),
        };
        let key = RankKey { total, base, desk_total: desk, sort_key: m.sort_key.clone() };
        keyed.push((
            key,
            ResultRow {
                rank: 0,
                record_id: m.id,
                assessee_tenant_id: TenantId(m.assessee_tenant_id),
                unit_id: m.unit_id,
                code,
                name,
                total,
                base,
                bonus,
                desk_total: desk,
                grade: rules::grade(total, r.excellent_min, r.good_min, r.pass_min),
                aspects: subtotals,
            },
        ));
    }
    keyed.sort_by(|a, b| rules::rank_order(&a.0, &b.0));
    let keys: Vec<RankKey> = keyed.iter().map(|k| k.0.clone()).collect();
    let ranks = rules::ranks(&keys);
    let rows = keyed
        .into_iter()
        .zip(ranks)
        .map(|((_, mut row), rank)| {
            row.rank = rank;
            row
        })
        .collect();
    Ok(Results { round: r, aspects, rows })
}

/// The notice (通报) as a table: a header row and one row per assessee, as strings. The CSV and
/// the .xlsx export write exactly these rows.
pub fn notice_table(res: &Results) -> Vec<Vec<String>> {
    let mut header: Vec<String> = ["名次", "被考评单位", "代码"].iter().map(|s| (*s).to_owned()).collect();
    header.extend(res.aspects.iter().cloned());
    header.extend(["基本分", "加分", "总分", "等次"].iter().map(|s| (*s).to_owned()));
    let mut out = vec![header];
    for r in &res.rows {
        let mut row = vec![r.rank.to_string(), r.name.clone(), r.code.clone()];
        row.extend(r.aspects.iter().map(|(_, v)| points(*v).to_string()));
        row.push(points(r.base).to_string());
        row.push(points(r.bonus).to_string());
        row.push(points(r.total).to_string());
        row.push(r.grade.label().to_owned());
        out.push(row);
    }
    out
}
