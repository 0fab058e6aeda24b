//! The steps of an application: drafted and revised by the applicant, submitted, decided by a
//! REVIEWER of each level in turn. Each step checks, applies the change at the version the caller
//! saw, and writes the timeline event and the audit row in the same transaction.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, QueryFilter, Set};

use super::{Application, Content, get};
use crate::auth::Scope;
use crate::domain::application::{self as rules, ApplicationText, Decision, Route, Status, StepError};
use crate::domain::ids::*;
use crate::domain::role::Role;
use crate::domain::tenant::Level;
use crate::domain::text;
use crate::domain::unit::DesignationKind;
use crate::error::AppError;
use crate::service::audit::{self, Actor};
use crate::service::write::{Touch, Write};
use crate::service::{files, tenants, units, users};
use crate::state::AppState;
use entity::{application, application_event};

/// The route of an application for a unit of `unit_tenant` designated at `level`.
async fn route_for<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    unit_tenant: TenantId,
    level: Level,
) -> Result<Route, AppError> {
    let own = tenants::get(db, scope, unit_tenant).await?;
    let mut path = vec![own.clone()];
    path.extend(tenants::ancestors(db, scope, unit_tenant).await?.into_iter().rev());
    let designating = path.iter().find(|t| t.level == level).ok_or_else(|| {
        AppError::bad_input(
            "level",
            format!("{} ({}) has no {} tenant at or above it", own.name, own.level.as_str(), level.as_str()),
        )
    })?;
    let ids: Vec<TenantId> = path.iter().map(|t| t.id).collect();
    Route::new(&ids, designating.id).map_err(|_| AppError::internal("designating tenant not on the route"))
}

pub struct NewApplication {
    pub unit_id: UnitId,
    pub kind: DesignationKind,
    pub level: Level,
    pub content: Content,
}

const APPLICANTS: [Role; 2] = [Role::Reporter, Role::Admin];

/// Drafts an application for a unit of the caller's own tenant (REPORTER or ADMIN).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn create(state: &AppState, scope: &Scope, input: NewApplication) -> Result<Application, AppError> {
    scope.require_any(&APPLICANTS)?;
    let content = ApplicationText::try_from(&input.content)?;
    let txn = Write::begin(state, scope, Touch::Applications).await?;
    let unit = units::get(&txn, scope, input.unit_id).await?;
    scope.require_home(unit.tenant_id, "applying for a unit")?;
    files::check_attachable(&txn, scope, "evidence", &content.evidence, unit.tenant_id).await?;
    if unit.archived_at.is_some() {
        return Err(AppError::conflict("unitId", "the unit is archived"));
    }
    let route = route_for(&txn, scope, unit.tenant_id, input.level).await?;
    // One live application per unit, title and level: rejected ones, and designations since
    // revoked, are not live. The partial unique index on live applications makes sure of it when
    // two are created at once; this read only names the one that exists.
    let live = scope
        .select::<application::Entity>()
        .filter(application::Column::UnitId.eq(unit.id))
        .filter(application::Column::Kind.eq(input.kind.as_str()))
        .filter(application::Column::Level.eq(input.level.as_str()))
        .filter(application::Column::IsLive.eq(true))
        .one(&txn)
        .await?;
    if let Some(open) = live {
        return Err(already_live(Some((open.id, &open.status))));
    }
    let now = Utc::now();
    let created: Application = application::ActiveModel {
        unit_id: Set(unit.id),
        unit_tenant_id: Set(unit.tenant_id),
        category: Set(unit.category.as_str().to_owned()),
        kind: Set(input.kind.as_str().to_owned()),
        level: Set(input.level.as_str().to_owned()),
        designating_tenant_id: Set(route.designating()),
        current_tenant_id: Set(route.applicant()),
        status: Set(Status::Draft.as_str().to_owned()),
        statement: Set(content.statement),
        self_evaluation: Set(content.self_evaluation),
        evidence: Set(serde_json::to_string(&content.evidence).map_err(AppError::internal)?),
        batch_id: Set(None),
        version: Set(1),
        is_live: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => already_live(None),
        _ => AppError::from(e),
    })?
    .try_into()?;
    record(&txn, scope, &created, "CREATE", None, None).await?;
    txn.commit().await?;
    Ok(created)
}

/// CONFLICT: the unit already has a live application for this title and level (named when known;
/// a concurrent create that won is not visible yet).
fn already_live(existing: Option<(ApplicationId, &str)>) -> AppError {
    let which = match existing {
        Some((id, status)) => format!("application {id} ({status})"),
        None => "an application created at the same moment".to_owned(),
    };
    AppError::conflict(
        "unitId",
        format!("该单位已有同一称号和层级的申报 / {which} for this unit, title and level already exists"),
    )
}

/// Revises a DRAFT or RETURNED application (the applicant's tenant).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn revise(
    state: &AppState,
    scope: &Scope,
    id: ApplicationId,
    version: i32,
    content: Content,
) -> Result<Application, AppError> {
    scope.require_any(&APPLICANTS)?;
    let checked = ApplicationText::try_from(&content)?;
    let txn = Write::begin(state, scope, Touch::Applications).await?;
    let before: Application = get(&txn, scope, id).await?;
    scope.require_home(before.unit_tenant_id, "revising an application")?;
    files::check_attachable(&txn, scope, "evidence", &checked.evidence, before.unit_tenant_id).await?;
    if !matches!(before.status, Status::Draft | Status::Returned) {
        return Err(AppError::conflict("id", format!("a {} application cannot be revised", before.status.as_str())));
    }
    let changes = application::ActiveModel {
        statement: Set(checked.statement),
        self_evaluation: Set(checked.self_evaluation),
        evidence: Set(serde_json::to_string(&checked.evidence).map_err(AppError::internal)?),
        ..Default::default()
    };
    let after = transition(&txn, scope, &before, version, changes, "REVISE", None).await?;
    txn.commit().await?;
    Ok(after)
}

/// Submits (or resubmits) an application: it starts climbing at the unit's own tenant.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn submit(state: &AppState, scope: &Scope, id: ApplicationId, version: i32) -> Result<Application, AppError> {
    scope.require_any(&APPLICANTS)?;
    let txn = Write::begin(state, scope, Touch::Applications).await?;
    let before: Application = get(&txn, scope, id).await?;
    scope.require_home(before.unit_tenant_id, "submitting an application")?;
    let route = route_for(&txn, scope, before.unit_tenant_id, before.level).await?;
    let step = rules::submit(before.status, &route).map_err(step_error)?;
    let changes = application::ActiveModel {
        status: Set(step.status.as_str().to_owned()),
        current_tenant_id: Set(step.current),
        is_live: Set(step.status != Status::Rejected),
        ..Default::default()
    };
    let after = transition(&txn, scope, &before, version, changes, "SUBMIT", None).await?;
    txn.commit().await?;
    Ok(after)
}

/// A REVIEWER of the tenant whose turn it is recommends, approves, returns or rejects.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn decide(
    state: &AppState,
    scope: &Scope,
    id: ApplicationId,
    version: i32,
    decision: Decision,
    reason: Option<String>,
) -> Result<Application, AppError> {
    scope.require(Role::Reviewer)?;
    let reason = text::reason(reason.as_deref())?;
    let txn = Write::begin(state, scope, Touch::Applications).await?;
    let before: Application = get(&txn, scope, id).await?;
    if before.version != version {
        return Err(AppError::conflict(
            "version",
            "申报已被他人修改，请刷新后再审 / the application was changed by someone else; reload it and decide again",
        ));
    }
    let route = route_for(&txn, scope, before.unit_tenant_id, before.level).await?;
    let step = rules::decide(before.status, before.current_tenant_id, &route, scope.home(), decision, reason.is_some());
    let step = match step {
        Ok(s) => s,
        Err(StepError::NotYourTurn { waiting_on }) => {
            let name = tenant_name(&txn, waiting_on).await;
            return Err(AppError::conflict(
                "id",
                format!("the application is waiting on {name}; levels decide in order and none may be skipped"),
            ));
        }
        Err(e) => return Err(step_error(e)),
    };
    let changes = application::ActiveModel {
        status: Set(step.status.as_str().to_owned()),
        current_tenant_id: Set(step.current),
        ..Default::default()
    };
    let after = transition(&txn, scope, &before, version, changes, decision.as_str(), reason).await?;
    txn.commit().await?;
    Ok(after)
}

fn step_error(e: StepError) -> AppError {
    match e {
        StepError::WrongState(s) => AppError::conflict(
            "id",
            format!(
                "该申报当前为{}，不能作此操作 / the application is {} ({}); this step does not apply",
                s.label(),
                s.as_str(),
                s.label()
            ),
        ),
        StepError::WrongDecision { expected } => AppError::bad_input(
            "decision",
            format!("at this level the decision is {} ({}), RETURN or REJECT", expected.as_str(), expected.label()),
        ),
        StepError::ReasonRequired => AppError::bad_input("reason", "a reason is required to return or reject"),
        StepError::NotYourTurn { .. } => AppError::conflict("id", "it is another level's turn"),
    }
}

/// The caller and the waiting tenant are both on the unit's chain of ancestors, so one is above
/// the other and the caller may see the other's identity.
async fn tenant_name<C: ConnectionTrait>(db: &C, id: TenantId) -> String {
    match crate::store::unscoped::tenant_by_id(db, id).await {
        Ok(Some(t)) => t.name,
        _ => format!("tenant {id}"),
    }
}

/// Applies `changes` if the application is still at `version` (bumping it), then writes the
/// timeline event and the audit row. Used by every step, batches included.
pub(crate) async fn transition(
    db: &Write,
    scope: &Scope,
    before: &Application,
    version: i32,
    mut changes: application::ActiveModel,
    action: &str,
    reason: Option<String>,
) -> Result<Application, AppError> {
    changes.version = Set(crate::domain::version::next(version)?);
    changes.updated_at = Set(Utc::now());
    let id = (application::Column::Id, before.id);
    let v = (application::Column::Version, version);
    scope.update_versioned::<application::Entity, _>(db, id, v, changes, "application").await?;
    let after: Application = get(db, scope, before.id).await?;
    record(db, scope, &after, action, Some(before), reason).await?;
    Ok(after)
}

async fn record(
    db: &Write,
    scope: &Scope,
    after: &Application,
    action: &str,
    before: Option<&Application>,
    reason: Option<String>,
) -> Result<(), AppError> {
    let actor = users::get(db, scope, scope.user_id()).await?;
    application_event::ActiveModel {
        application_id: Set(after.id),
        unit_tenant_id: Set(after.unit_tenant_id),
        action: Set(action.to_owned()),
        from_status: Set(before.map(|b| b.status.as_str().to_owned())),
        to_status: Set(after.status.as_str().to_owned()),
        at_tenant_id: Set(scope.home()),
        actor_user_id: Set(Some(scope.user_id())),
        actor_name: Set(actor.display_name),
        reason: Set(reason.clone()),
        at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        Actor::from(scope),
        audit::Entry {
            tenant: after.unit_tenant_id,
            action: &format!("application.{}", action.to_ascii_lowercase()),
            entity_type: "application",
            entity_id: after.id.to_string(),
            before,
            after: Some(&serde_json::json!({ "application": after, "reason": reason })),
        },
    )
    .await
}
