//! Assessment rounds: opening a round over child tenants and units with field working groups,
//! reading rounds and their groups.

use super::*;
use crate::domain::assessment::round::RoundSpec;
pub use crate::domain::assessment::round::{AssesseeRef, NewAssessee, NewRound};

#[derive(Clone, Debug, Serialize)]
pub struct Round {
    pub id: RoundId,
    pub tenant_id: TenantId,
    pub scheme_id: SchemeId,
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
            tenant_id: m.tenant_id,
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
#[tracing::instrument(level = "debug", skip_all)]
pub async fn round<C: ConnectionTrait>(db: &C, scope: &Scope, id: RoundId) -> Result<Round, AppError> {
    scope
        .select_shared::<round::Entity>()
        .filter(round::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound { entity: "assessment round" })?
        .try_into()
}

/// Rounds the caller may read.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn rounds<C: ConnectionTrait>(db: &C, scope: &Scope, req: PageRequest) -> Result<Page<Round>, AppError> {
    page::fetch(db, scope.select_shared::<round::Entity>(), round::Column::Id, req).await?.try_map(Round::try_from)
}

/// The members of a round's field working groups: (group, user id, display name).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn field_groups<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    round_id: RoundId,
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
        out.push((r.group_name, users::get(db, scope, r.user_id).await?));
    }
    Ok(out)
}

/// Opens a round of the caller's own tenant with one of its schemes (ADMIN), freezing the
/// scheme. Assessees are child tenants of the caller's tenant or units in its subtree; field
/// working group members are users of the caller's tenant.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn open_round(state: &AppState, scope: &Scope, input: NewRound) -> Result<Round, AppError> {
    scope.require(Role::Admin)?;
    let checked = RoundSpec::parse(&input, china_today())?;
    let txn = Write::begin(state, scope, Touch::Assessments).await?;
    let (sch, full_scheme) = own_scheme(&txn, scope, input.scheme_id, checked.excellent).await?;
    check_members(&txn, scope, &checked.groups).await?;
    let now = Utc::now();
    let created = insert_round(&txn, scope, &sch, &input, &checked, now).await?;
    insert_members(&txn, scope, created.id, &checked.groups).await?;
    if sch.frozen_at.is_none() {
        scope
            .update::<scheme::Entity>()
            .set(scheme::ActiveModel { frozen_at: Set(Some(now)), ..Default::default() })
            .filter(scheme::Column::Id.eq(sch.id))
            .exec(&txn)
            .await?;
    }
    for a in &input.assessees {
        if !checked.groups.contains_key(a.group.trim()) {
            return Err(AppError::bad_input("assessees", format!("no field working group named {}", a.group)));
        }
        add_assessee(&txn, scope, created.id, a, &full_scheme, now).await?;
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

/// The scheme the round is opened with: one of the caller's own level, whose maximum the 优秀
/// threshold does not exceed. Answers its row and the scheme with its criteria.
async fn own_scheme(
    txn: &Write,
    scope: &Scope,
    id: SchemeId,
    excellent: i64,
) -> Result<(scheme::Model, Scheme), AppError> {
    let sch = scope.get::<scheme::Entity>(txn, id).await?;
    if sch.tenant_id != scope.home() {
        return Err(AppError::Forbidden("a round is opened with a scheme of the caller's own level".into()));
    }
    let full_scheme = scheme_from(txn, scope, sch.clone()).await?;
    if excellent > full_scheme.max_total(AppliesTo::Tenant).max(full_scheme.max_total(AppliesTo::Unit)) {
        return Err(AppError::bad_input("excellentMin", "the 优秀 threshold is above the scheme's maximum"));
    }
    Ok((sch, full_scheme))
}

/// Every member of a field working group is a user of the caller's own tenant.
async fn check_members(txn: &Write, scope: &Scope, groups: &BTreeMap<String, Vec<UserId>>) -> Result<(), AppError> {
    for (g, members) in groups {
        for u in members {
            let user = users::get(txn, scope, *u).await?;
            if user.tenant_id != scope.home() {
                return Err(AppError::bad_input(
                    "groups",
                    format!("{} of group {g} is not a user of this level", user.username),
                ));
            }
        }
    }
    Ok(())
}

/// Inserts the round, OPEN at version 1.
async fn insert_round(
    txn: &Write,
    scope: &Scope,
    sch: &scheme::Model,
    input: &NewRound,
    checked: &RoundSpec,
    now: DateTime<Utc>,
) -> Result<round::Model, AppError> {
    Ok(round::ActiveModel {
        tenant_id: Set(scope.home()),
        scheme_id: Set(sch.id),
        name: Set(checked.name.clone()),
        year: Set(sch.year),
        deadline: Set(input.deadline),
        combine_rule: Set(input.combine_rule.as_str().to_owned()),
        desk_weight: Set(input.desk_weight),
        field_weight: Set(input.field_weight),
        recheck_days: Set(input.recheck_days),
        excellent_min: Set(checked.excellent),
        good_min: Set(checked.good),
        pass_min: Set(checked.pass),
        status: Set(RoundStatus::Open.as_str().to_owned()),
        published_at: Set(None),
        version: Set(1),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?)
}

/// Inserts the members of every field working group of the round.
async fn insert_members(
    txn: &Write,
    scope: &Scope,
    round_id: RoundId,
    groups: &BTreeMap<String, Vec<UserId>>,
) -> Result<(), AppError> {
    for (g, members) in groups {
        for u in members {
            member::ActiveModel {
                round_id: Set(round_id),
                tenant_id: Set(scope.home()),
                group_name: Set(g.clone()),
                user_id: Set(*u),
            }
            .insert(txn)
            .await
            .map_err(|e| AppError::on_unique(e, "groups", "a user is listed twice in one group"))?;
        }
    }
    Ok(())
}

/// Adds one assessee to the round: its record in SELF_ASSESSMENT, an empty score row for every
/// criterion that applies to its kind, and the OPEN timeline event.
async fn add_assessee(
    txn: &Write,
    scope: &Scope,
    round_id: RoundId,
    a: &NewAssessee,
    full_scheme: &Scheme,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let (owner, unit_id, kind, sort_key) = resolve_assessee(txn, scope, &a.who).await?;
    let rec = record::ActiveModel {
        round_id: Set(round_id),
        round_tenant_id: Set(scope.home()),
        assessee_tenant_id: Set(owner),
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
    .insert(txn)
    .await
    .map_err(|e| AppError::on_unique(e, "assessees", "an assessee is listed twice"))?;
    for c in full_scheme.criteria.iter().filter(|c| c.applies(kind)) {
        score::ActiveModel {
            record_id: Set(rec.id),
            criterion_id: Set(c.id),
            assessee_tenant_id: Set(owner),
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
        .insert(txn)
        .await?;
    }
    event_row(txn, scope, rec.id, owner, "OPEN", None, Status::SelfAssessment, None).await?;
    Ok(())
}

/// Who an assessee is: a child tenant of the caller's tenant, or a unit in its subtree not
/// archived. Answers the owning tenant, the unit, the kind and the sort key of its record.
async fn resolve_assessee(
    txn: &Write,
    scope: &Scope,
    who: &AssesseeRef,
) -> Result<(TenantId, Option<UnitId>, AppliesTo, String), AppError> {
    Ok(match *who {
        AssesseeRef::Tenant(t) => {
            let t = tenants::get(txn, scope, t).await?;
            if t.parent_id != Some(scope.home()) {
                return Err(AppError::bad_input(
                    "assessees",
                    format!("{} is not a child tenant of this level", t.name),
                ));
            }
            (t.id, None, AppliesTo::Tenant, t.code)
        }
        AssesseeRef::Unit(u) => {
            let u = units::get(txn, scope, u).await?;
            if u.archived_at.is_some() {
                return Err(AppError::bad_input("assessees", format!("{} is archived", u.name)));
            }
            (u.tenant_id, Some(u.id), AppliesTo::Unit, format!("~unit:{:012}", u.id))
        }
    })
}
