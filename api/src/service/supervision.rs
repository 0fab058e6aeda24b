//! Supervision (督查) and rectification (整改).
//!
//! A REVIEWER of a tenant records an inspection its level made (date, leading officials, places
//! visited, summary), the findings (问题) it made, and opens a rectification task on a finding,
//! assigned to a tenant strictly below the inspecting tenant or to a unit of its subtree (its own
//! units included), with a deadline that does not precede the inspection date. A REPORTER of the
//! assignee's tenant (a unit's own tenant) starts the task and submits it with evidence; a
//! REVIEWER of the inspecting tenant verifies it (销号) or reopens it with a reason (see
//! `domain::rectification`).
//!
//! Visibility: inspections, their places and findings belong to the inspecting tenant (its
//! subtree above all reads them). A task and its timeline belong to the assignee's tenant, which
//! lies in the inspecting tenant's subtree, so the inspecting level, the levels between and the
//! assignee see it, and a sibling sees nothing (NOT_FOUND).
//!
//! Dates: deadlines are China dates; "today" is the server clock's date at UTC+8.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, FromQueryResult, QueryFilter, QueryOrder, QueryTrait,
    Set,
};
use serde::Serialize;

use super::audit::{self, Actor};
use super::page::{self, Page, PageRequest};
use super::tenants::Tenant;
use super::write::{Touch, Write};
use super::{units, users};
use crate::auth::{Scope, subtree_of};
use crate::domain::dates::{self, Ahead};
use crate::domain::ids::TenantId;
use crate::domain::rectification::{self as rules, StepError, TaskAction, TaskStatus};
use crate::domain::role::Role;
use crate::domain::text;
use crate::error::AppError;
use crate::state::AppState;
use entity::{finding, inspection, inspection_place, rectification_event, rectification_task, tenant, tenant_closure};

pub const TITLE_MAX: usize = 200;
pub const LONG_MAX: usize = 5000;
pub const LEADERS_MAX: usize = 20;
pub const LEADER_MAX_CHARS: usize = 100;
pub const PLACES_MAX: usize = 50;
pub const NOTE_MAX: usize = 500;
pub const EVIDENCE_MAX_ITEMS: usize = 50;
pub const EVIDENCE_MAX_CHARS: usize = 500;
pub const REASON_MAX: usize = 1000;

/// Today's date in China (UTC+8): deadlines are China dates.
pub use crate::domain::period::china_today;

fn corrupt(what: &str, id: i64) -> AppError {
    AppError::internal(format!("rectification task {id} has an unknown {what}"))
}

#[derive(Clone, Debug, Serialize)]
pub struct Inspection {
    pub id: i64,
    pub tenant_id: TenantId,
    pub title: String,
    pub inspected_on: NaiveDate,
    pub leaders: Vec<String>,
    pub summary: String,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<inspection::Model> for Inspection {
    type Error = AppError;
    fn try_from(m: inspection::Model) -> Result<Self, AppError> {
        Ok(Inspection {
            id: m.id,
            tenant_id: TenantId(m.tenant_id),
            title: m.title,
            inspected_on: m.inspected_on,
            leaders: serde_json::from_str(&m.leaders).map_err(AppError::internal)?,
            summary: m.summary,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Place {
    pub id: i64,
    pub tenant_id: TenantId,
    pub unit_id: Option<i64>,
    pub note: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub id: i64,
    pub inspection_id: i64,
    pub tenant_id: TenantId,
    pub description: String,
    pub created_at: DateTime<Utc>,
}

impl From<finding::Model> for Finding {
    fn from(m: finding::Model) -> Self {
        Finding {
            id: m.id,
            inspection_id: m.inspection_id,
            tenant_id: TenantId(m.tenant_id),
            description: m.description,
            created_at: m.created_at,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Task {
    pub id: i64,
    pub finding_id: i64,
    pub inspection_id: i64,
    pub inspecting_tenant_id: TenantId,
    pub assignee_tenant_id: TenantId,
    pub assignee_unit_id: Option<i64>,
    pub requirement: String,
    pub deadline: NaiveDate,
    pub status: TaskStatus,
    pub evidence_text: String,
    pub evidence: Vec<String>,
    pub reopen_reason: Option<String>,
    pub verified_on: Option<NaiveDate>,
    pub verified_late: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Task {
    pub fn overdue(&self, today: NaiveDate) -> bool {
        rules::overdue(self.status, self.deadline, today)
    }

    pub fn days_overdue(&self, today: NaiveDate) -> i64 {
        rules::days_overdue(self.status, self.deadline, today)
    }
}

impl TryFrom<rectification_task::Model> for Task {
    type Error = AppError;
    fn try_from(m: rectification_task::Model) -> Result<Self, AppError> {
        Ok(Task {
            id: m.id,
            finding_id: m.finding_id,
            inspection_id: m.inspection_id,
            inspecting_tenant_id: TenantId(m.inspecting_tenant_id),
            assignee_tenant_id: TenantId(m.assignee_tenant_id),
            assignee_unit_id: m.assignee_unit_id,
            requirement: m.requirement,
            deadline: m.deadline,
            status: TaskStatus::parse(&m.status).ok_or_else(|| corrupt("status", m.id))?,
            evidence_text: m.evidence_text,
            evidence: serde_json::from_str(&m.evidence).map_err(AppError::internal)?,
            reopen_reason: m.reopen_reason,
            verified_on: m.verified_on,
            verified_late: m.verified_late,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Inspections

/// A place visited: a tenant strictly below the inspecting tenant, or a unit of its subtree
/// (the inspecting tenant's own units included). Give one of the two.
#[derive(Clone, Debug, Default)]
pub struct PlaceInput {
    pub tenant_id: Option<TenantId>,
    pub unit_id: Option<i64>,
    pub note: String,
}

#[derive(Clone, Debug)]
pub struct InspectionInput {
    pub title: String,
    pub inspected_on: NaiveDate,
    pub leaders: Vec<String>,
    pub summary: String,
    pub places: Vec<PlaceInput>,
}

struct CheckedInspection {
    title: String,
    leaders: String,
    summary: String,
}

fn check_inspection(i: &InspectionInput, today: NaiveDate) -> Result<CheckedInspection, AppError> {
    dates::within("inspectedOn", i.inspected_on, today, Ahead::Year)?;
    if i.inspected_on > today {
        return Err(AppError::bad_input("inspectedOn", "an inspection is recorded once it has taken place"));
    }
    if i.leaders.is_empty() || i.leaders.len() > LEADERS_MAX {
        return Err(AppError::bad_input("leaders", format!("name 1 to {LEADERS_MAX} leading officials")));
    }
    let leaders =
        i.leaders.iter().map(|l| text::bounded("leaders", l, LEADER_MAX_CHARS)).collect::<Result<Vec<_>, _>>()?;
    if i.places.is_empty() || i.places.len() > PLACES_MAX {
        return Err(AppError::bad_input("places", format!("name 1 to {PLACES_MAX} places visited")));
    }
    Ok(CheckedInspection {
        title: text::bounded("title", &i.title, TITLE_MAX)?,
        leaders: serde_json::to_string(&leaders).map_err(AppError::internal)?,
        summary: text::bounded("summary", &i.summary, LONG_MAX)?,
    })
}

/// Resolves the places against the caller's scope (whose home is the inspecting tenant):
/// (place tenant, unit, note).
async fn resolve_places<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    places: &[PlaceInput],
) -> Result<Vec<(TenantId, Option<i64>, String)>, AppError> {
    let mut out = Vec::with_capacity(places.len());
    for p in places {
        let note =
            if p.note.trim().is_empty() { String::new() } else { text::bounded("places.note", &p.note, NOTE_MAX)? };
        match (p.tenant_id, p.unit_id) {
            (None, Some(unit_id)) => {
                let unit = units::get(db, scope, unit_id).await?;
                out.push((unit.tenant_id, Some(unit.id), note));
            }
            (Some(t), None) => {
                scope.check_tenant(db, t, "tenant").await?;
                if t == scope.home() {
                    return Err(AppError::bad_input(
                        "places.tenantId",
                        "places visited are tenants below the inspecting tenant (or units)",
                    ));
                }
                out.push((t, None, note));
            }
            _ => return Err(AppError::bad_input("places", "give each place a tenantId or a unitId, not both")),
        }
    }
    Ok(out)
}

async fn insert_places<C: ConnectionTrait>(
    db: &C,
    inspection: &Inspection,
    places: Vec<(TenantId, Option<i64>, String)>,
) -> Result<(), AppError> {
    for (t, unit, note) in places {
        inspection_place::ActiveModel {
            inspection_id: Set(inspection.id),
            tenant_id: Set(inspection.tenant_id.0),
            place_tenant_id: Set(t.0),
            unit_id: Set(unit),
            note: Set(note),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// An inspection in scope, or NOT_FOUND.
pub async fn get_inspection<C: ConnectionTrait>(db: &C, scope: &Scope, id: i64) -> Result<Inspection, AppError> {
    scope.one::<inspection::Entity, _>(db, inspection::Column::Id, id, "inspection").await?.try_into()
}

/// Records an inspection made by the caller's own tenant (REVIEWER). One transaction with its
/// places and the audit row.
pub async fn create_inspection(
    state: &AppState,
    scope: &Scope,
    input: InspectionInput,
) -> Result<Inspection, AppError> {
    scope.require(Role::Reviewer)?;
    let checked = check_inspection(&input, china_today())?;
    let txn = Write::begin(state, scope, Touch::Supervision).await?;
    let places = resolve_places(&txn, scope, &input.places).await?;
    let now = Utc::now();
    let created: Inspection = inspection::ActiveModel {
        tenant_id: Set(scope.home().0),
        title: Set(checked.title),
        inspected_on: Set(input.inspected_on),
        leaders: Set(checked.leaders),
        summary: Set(checked.summary),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?
    .try_into()?;
    insert_places(&txn, &created, places).await?;
    audit_inspection(&txn, scope, "inspection.create", None, &created, &input.places).await?;
    txn.commit().await?;
    Ok(created)
}

/// Edits an inspection (REVIEWER of the inspecting tenant) at the version read; the places are
/// replaced. The date cannot move past the deadline of a task already opened on it.
pub async fn update_inspection(
    state: &AppState,
    scope: &Scope,
    id: i64,
    version: i32,
    input: InspectionInput,
) -> Result<Inspection, AppError> {
    scope.require(Role::Reviewer)?;
    let checked = check_inspection(&input, china_today())?;
    let txn = Write::begin(state, scope, Touch::Supervision).await?;
    let before = get_inspection(&txn, scope, id).await?;
    scope.require_home(before.tenant_id, "editing an inspection")?;
    let earliest = scope
        .select::<rectification_task::Entity>()
        .filter(rectification_task::Column::InspectionId.eq(id))
        .filter(rectification_task::Column::Deadline.lt(input.inspected_on))
        .one(&txn)
        .await?;
    if let Some(t) = earliest {
        return Err(AppError::bad_input(
            "inspectedOn",
            format!("task {} has deadline {}; a deadline cannot precede the inspection", t.id, t.deadline),
        ));
    }
    let places = resolve_places(&txn, scope, &input.places).await?;
    let changes = inspection::ActiveModel {
        title: Set(checked.title),
        inspected_on: Set(input.inspected_on),
        leaders: Set(checked.leaders),
        summary: Set(checked.summary),
        version: Set(crate::domain::version::next(version)?),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    scope
        .update_versioned::<inspection::Entity, _>(
            &txn,
            (inspection::Column::Id, id),
            (inspection::Column::Version, version),
            changes,
            "inspection",
        )
        .await?;
    // Replace the places (a scoped delete: rows of this inspection owned in scope).
    scope.delete::<inspection_place::Entity>().filter(inspection_place::Column::InspectionId.eq(id)).exec(&txn).await?;
    let after = get_inspection(&txn, scope, id).await?;
    insert_places(&txn, &after, places).await?;
    audit_inspection(&txn, scope, "inspection.update", Some(&before), &after, &input.places).await?;
    txn.commit().await?;
    Ok(after)
}

async fn audit_inspection(
    db: &Write,
    scope: &Scope,
    action: &str,
    before: Option<&Inspection>,
    after: &Inspection,
    places: &[PlaceInput],
) -> Result<(), AppError> {
    let places: Vec<serde_json::Value> = places
        .iter()
        .map(|p| serde_json::json!({ "tenantId": p.tenant_id.map(|t| t.0), "unitId": p.unit_id, "note": p.note }))
        .collect();
    audit::record(
        db,
        Actor::from(scope),
        audit::Entry {
            tenant: after.tenant_id,
            action,
            entity_type: "inspection",
            entity_id: after.id.to_string(),
            before,
            after: Some(&serde_json::json!({ "inspection": after, "places": places })),
        },
    )
    .await
}

/// The places an inspection in scope visited, in the order given.
pub async fn places<C: ConnectionTrait>(db: &C, scope: &Scope, inspection_id: i64) -> Result<Vec<Place>, AppError> {
    Ok(scope
        .select::<inspection_place::Entity>()
        .filter(inspection_place::Column::InspectionId.eq(inspection_id))
        .order_by_asc(inspection_place::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|p| Place { id: p.id, tenant_id: TenantId(p.place_tenant_id), unit_id: p.unit_id, note: p.note })
        .collect())
}

#[derive(Clone, Debug, Default)]
pub struct InspectionFilter {
    /// Inspections made by tenants of this tenant's subtree.
    pub tenant: Option<TenantId>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Inspections made by tenants in scope, filtered, oldest id first.
pub async fn list_inspections<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    f: InspectionFilter,
    req: PageRequest,
) -> Result<Page<Inspection>, AppError> {
    let mut q = scope.select::<inspection::Entity>();
    if let Some(t) = f.tenant {
        scope.check_tenant(db, t, "tenant").await?;
        q = q.filter(inspection::Column::TenantId.in_subquery(subtree_of(t)));
    }
    let today = china_today();
    if let Some(from) = f.from {
        dates::within("from", from, today, Ahead::Year)?;
        q = q.filter(inspection::Column::InspectedOn.gte(from));
    }
    if let Some(to) = f.to {
        dates::within("to", to, today, Ahead::Year)?;
        q = q.filter(inspection::Column::InspectedOn.lte(to));
    }
    page::fetch(db, q, inspection::Column::Id, req).await?.try_map(Inspection::try_from)
}

// ---------------------------------------------------------------------------------------------
// Findings

/// A finding in scope, or NOT_FOUND.
pub async fn get_finding<C: ConnectionTrait>(db: &C, scope: &Scope, id: i64) -> Result<Finding, AppError> {
    Ok(scope.one::<finding::Entity, _>(db, finding::Column::Id, id, "finding").await?.into())
}

/// The findings of an inspection in scope, in the order recorded.
pub async fn findings<C: ConnectionTrait>(db: &C, scope: &Scope, inspection_id: i64) -> Result<Vec<Finding>, AppError> {
    Ok(scope
        .select::<finding::Entity>()
        .filter(finding::Column::InspectionId.eq(inspection_id))
        .order_by_asc(finding::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(Finding::from)
        .collect())
}

/// Records a finding of an inspection (REVIEWER of the inspecting tenant).
pub async fn add_finding(
    state: &AppState,
    scope: &Scope,
    inspection_id: i64,
    description: &str,
) -> Result<Finding, AppError> {
    scope.require(Role::Reviewer)?;
    let description = text::bounded("description", description, LONG_MAX)?;
    let txn = Write::begin(state, scope, Touch::Supervision).await?;
    let insp = get_inspection(&txn, scope, inspection_id).await?;
    scope.require_home(insp.tenant_id, "recording a finding")?;
    let created: Finding = finding::ActiveModel {
        inspection_id: Set(insp.id),
        tenant_id: Set(insp.tenant_id.0),
        description: Set(description),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?
    .into();
    audit::record(
        &txn,
        Actor::from(scope),
        audit::Entry {
            tenant: insp.tenant_id,
            action: "finding.create",
            entity_type: "finding",
            entity_id: created.id.to_string(),
            before: None::<&Finding>,
            after: Some(&created),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

// ---------------------------------------------------------------------------------------------
// Rectification tasks

/// The assignee: a tenant strictly below the inspecting tenant, or a unit of its subtree.
#[derive(Clone, Copy, Debug)]
pub enum Assignee {
    Tenant(TenantId),
    Unit(i64),
}

pub struct NewTask {
    pub finding_id: i64,
    pub assignee: Assignee,
    pub requirement: String,
    pub deadline: NaiveDate,
}

/// A rectification task in scope, or NOT_FOUND.
pub async fn get_task<C: ConnectionTrait>(db: &C, scope: &Scope, id: i64) -> Result<Task, AppError> {
    scope
        .one::<rectification_task::Entity, _>(db, rectification_task::Column::Id, id, "rectification task")
        .await?
        .try_into()
}

/// Opens a rectification task on a finding (REVIEWER of the inspecting tenant).
pub async fn open_task(state: &AppState, scope: &Scope, input: NewTask) -> Result<Task, AppError> {
    scope.require(Role::Reviewer)?;
    let requirement = text::bounded("requirement", &input.requirement, LONG_MAX)?;
    let txn = Write::begin(state, scope, Touch::Supervision).await?;
    let f = get_finding(&txn, scope, input.finding_id).await?;
    scope.require_home(f.tenant_id, "opening a rectification task")?;
    let insp = get_inspection(&txn, scope, f.inspection_id).await?;
    dates::within("deadline", input.deadline, china_today(), Ahead::Deadline)?;
    if input.deadline < insp.inspected_on {
        return Err(AppError::bad_input(
            "deadline",
            format!("the deadline cannot precede the inspection ({})", insp.inspected_on),
        ));
    }
    // The caller's home is the inspecting tenant, so its scope is the inspecting subtree.
    let (assignee_tenant, assignee_unit) = match input.assignee {
        Assignee::Tenant(t) => {
            scope.check_tenant(&txn, t, "tenant").await?;
            if t == f.tenant_id {
                return Err(AppError::bad_input(
                    "assigneeTenantId",
                    "a task goes to a tenant below the inspecting tenant, or to a unit",
                ));
            }
            (t, None)
        }
        Assignee::Unit(u) => {
            let unit = units::get(&txn, scope, u).await?;
            if unit.archived_at.is_some() {
                return Err(AppError::conflict("assigneeUnitId", "the unit is archived"));
            }
            (unit.tenant_id, Some(unit.id))
        }
    };
    let now = Utc::now();
    let created: Task = rectification_task::ActiveModel {
        finding_id: Set(f.id),
        inspection_id: Set(insp.id),
        inspecting_tenant_id: Set(insp.tenant_id.0),
        assignee_tenant_id: Set(assignee_tenant.0),
        assignee_unit_id: Set(assignee_unit),
        requirement: Set(requirement),
        deadline: Set(input.deadline),
        status: Set(TaskStatus::Open.as_str().to_owned()),
        evidence_text: Set(String::new()),
        evidence: Set("[]".to_owned()),
        reopen_reason: Set(None),
        verified_on: Set(None),
        verified_late: Set(false),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?
    .try_into()?;
    record(&txn, scope, &created, "OPEN", None, EventNote::default()).await?;
    txn.commit().await?;
    Ok(created)
}

/// What the assignee hands in on SUBMIT.
#[derive(Clone, Debug, Default)]
pub struct Evidence {
    pub text: String,
    pub references: Vec<String>,
}

/// Takes one step on a task at the version read. START and SUBMIT: REPORTER of the assignee's
/// tenant. VERIFY and REOPEN: REVIEWER of the inspecting tenant. REOPEN needs a reason; SUBMIT
/// needs a description and at least one evidence reference.
pub async fn act(
    state: &AppState,
    scope: &Scope,
    id: i64,
    version: i32,
    action: TaskAction,
    reason: Option<String>,
    evidence: Option<Evidence>,
) -> Result<Task, AppError> {
    let side = action.side();
    match side {
        rules::Side::Assignee => scope.require(Role::Reporter)?,
        rules::Side::Inspector => scope.require(Role::Reviewer)?,
    }
    let reason = match reason.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) => Some(text::bounded("reason", r, REASON_MAX)?),
        None => None,
    };
    let evidence = match evidence {
        Some(e) => {
            if e.references.len() > EVIDENCE_MAX_ITEMS {
                return Err(AppError::bad_input(
                    "evidence",
                    format!("at most {EVIDENCE_MAX_ITEMS} evidence references"),
                ));
            }
            let refs = e
                .references
                .iter()
                .map(|r| text::bounded("evidence", r, EVIDENCE_MAX_CHARS))
                .collect::<Result<Vec<_>, _>>()?;
            let text =
                if e.text.trim().is_empty() { None } else { Some(text::bounded("evidenceText", &e.text, LONG_MAX)?) };
            Some((text, refs))
        }
        None => None,
    };
    let has_evidence = matches!(&evidence, Some((Some(_), refs)) if !refs.is_empty());
    let txn = Write::begin(state, scope, Touch::Supervision).await?;
    let before = get_task(&txn, scope, id).await?;
    match side {
        rules::Side::Assignee => scope.require_home(before.assignee_tenant_id, "answering a rectification task")?,
        rules::Side::Inspector => scope.require_home(before.inspecting_tenant_id, "verifying a rectification")?,
    }
    if before.version != version {
        return Err(AppError::conflict(
            "version",
            "the rectification task was changed by someone else; reload it and try again",
        ));
    }
    let next = rules::step(before.status, action, reason.is_some(), has_evidence).map_err(|e| match e {
        StepError::WrongState(s) => AppError::conflict(
            "id",
            format!("the task is {} ({}); {} does not apply", s.as_str(), s.label(), action.as_str()),
        ),
        StepError::ReasonRequired => AppError::bad_input("reason", "a reason is required to reopen a task"),
        StepError::EvidenceRequired if matches!(&evidence, Some((Some(_), _))) => {
            AppError::bad_input("evidence", "submit at least one evidence reference (台账, photo, link)")
        }
        StepError::EvidenceRequired => {
            AppError::bad_input("evidenceText", "describe what was rectified when submitting")
        }
    })?;
    let mut changes = rectification_task::ActiveModel {
        status: Set(next.as_str().to_owned()),
        version: Set(crate::domain::version::next(version)?),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    let mut note = EventNote { reason: reason.clone(), ..Default::default() };
    match action {
        TaskAction::Submit => {
            let (text, refs) = evidence.unwrap_or_default();
            let text = text.unwrap_or_default();
            let refs_json = serde_json::to_string(&refs).map_err(AppError::internal)?;
            changes.evidence_text = Set(text.clone());
            changes.evidence = Set(refs_json.clone());
            note.evidence_text = Some(text);
            note.evidence = Some(refs_json);
        }
        TaskAction::Reopen => changes.reopen_reason = Set(reason.clone()),
        TaskAction::Verify => {
            let today = china_today();
            changes.verified_on = Set(Some(today));
            changes.verified_late = Set(today > before.deadline);
        }
        TaskAction::Start => {}
    }
    scope
        .update_versioned::<rectification_task::Entity, _>(
            &txn,
            (rectification_task::Column::Id, id),
            (rectification_task::Column::Version, version),
            changes,
            "rectification task",
        )
        .await?;
    let after = get_task(&txn, scope, id).await?;
    record(&txn, scope, &after, action.as_str(), Some(&before), note).await?;
    txn.commit().await?;
    Ok(after)
}

#[derive(Default)]
struct EventNote {
    reason: Option<String>,
    evidence_text: Option<String>,
    evidence: Option<String>,
}

async fn record(
    db: &Write,
    scope: &Scope,
    after: &Task,
    action: &str,
    before: Option<&Task>,
    note: EventNote,
) -> Result<(), AppError> {
    let actor = users::get(db, scope, scope.user_id()).await?;
    rectification_event::ActiveModel {
        task_id: Set(after.id),
        assignee_tenant_id: Set(after.assignee_tenant_id.0),
        action: Set(action.to_owned()),
        from_status: Set(before.map(|b| b.status.as_str().to_owned())),
        to_status: Set(after.status.as_str().to_owned()),
        at_tenant_id: Set(scope.home().0),
        actor_user_id: Set(Some(scope.user_id().0)),
        actor_name: Set(actor.display_name),
        reason: Set(note.reason.clone()),
        evidence_text: Set(note.evidence_text),
        evidence: Set(note.evidence),
        at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        Actor::from(scope),
        audit::Entry {
            tenant: after.assignee_tenant_id,
            action: &format!("rectification.{}", action.to_ascii_lowercase()),
            entity_type: "rectification_task",
            entity_id: after.id.to_string(),
            before,
            after: Some(&serde_json::json!({ "task": after, "reason": note.reason })),
        },
    )
    .await
}

#[derive(Clone, Debug, Default)]
pub struct TaskFilter {
    pub status: Option<TaskStatus>,
    /// true: only overdue tasks; false: only tasks that are not overdue.
    pub overdue: Option<bool>,
    /// Tasks assigned in this tenant's subtree.
    pub assignee_tenant: Option<TenantId>,
    /// Only tasks assigned to the caller's own tenant (its units included).
    pub mine: bool,
    /// Tasks of this inspection (one the caller can read).
    pub inspection_id: Option<i64>,
    /// Tasks of this finding (one the caller can read).
    pub finding_id: Option<i64>,
}

fn overdue_condition(today: NaiveDate) -> Condition {
    Condition::all()
        .add(rectification_task::Column::Status.ne(TaskStatus::Verified.as_str()))
        .add(rectification_task::Column::Deadline.lt(today))
}

/// Rectification tasks in scope, filtered, oldest id first. A filter naming a tenant, an
/// inspection or a finding the caller cannot read is NOT_FOUND (not an empty page), so a sibling
/// learns nothing from it.
pub async fn list_tasks<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    f: TaskFilter,
    today: NaiveDate,
    req: PageRequest,
) -> Result<Page<Task>, AppError> {
    let mut q = scope.select::<rectification_task::Entity>();
    if let Some(t) = f.assignee_tenant {
        scope.check_tenant(db, t, "tenant").await?;
        q = q.filter(rectification_task::Column::AssigneeTenantId.in_subquery(subtree_of(t)));
    }
    if f.mine {
        q = q.filter(rectification_task::Column::AssigneeTenantId.eq(scope.home().0));
    }
    if let Some(s) = f.status {
        q = q.filter(rectification_task::Column::Status.eq(s.as_str()));
    }
    match f.overdue {
        Some(true) => q = q.filter(overdue_condition(today)),
        Some(false) => q = q.filter(overdue_condition(today).not()),
        None => {}
    }
    if let Some(i) = f.inspection_id {
        get_inspection(db, scope, i).await?;
        q = q.filter(rectification_task::Column::InspectionId.eq(i));
    }
    if let Some(fi) = f.finding_id {
        get_finding(db, scope, fi).await?;
        q = q.filter(rectification_task::Column::FindingId.eq(fi));
    }
    page::fetch(db, q, rectification_task::Column::Id, req).await?.try_map(Task::try_from)
}

/// The tasks opened on a finding the caller has already read (so its scope is checked), oldest
/// first: one statement.
pub async fn tasks_of_finding<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    finding: &Finding,
) -> Result<Vec<Task>, AppError> {
    scope
        .select::<rectification_task::Entity>()
        .filter(rectification_task::Column::FindingId.eq(finding.id))
        .order_by_asc(rectification_task::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(Task::try_from)
        .collect()
}

#[derive(Clone, Debug)]
pub struct Event {
    pub id: i64,
    pub action: String,
    pub from_status: Option<TaskStatus>,
    pub to_status: TaskStatus,
    pub at_tenant: Tenant,
    pub actor_name: String,
    pub reason: Option<String>,
    pub evidence_text: Option<String>,
    pub evidence: Option<Vec<String>>,
    pub at: DateTime<Utc>,
}

/// The timeline of a task in scope, oldest first. Two statements: the events (owned by the
/// assignee's tenant, so the scope filter alone makes them safe to read) and the identity of the
/// levels they name (the assignee's and the inspecting tenant: the caller's own or above it).
pub async fn timeline<C: ConnectionTrait>(db: &C, scope: &Scope, id: i64) -> Result<Vec<Event>, AppError> {
    let rows = scope
        .select::<rectification_event::Entity>()
        .filter(rectification_event::Column::TaskId.eq(id))
        .order_by_asc(rectification_event::Column::Id)
        .all(db)
        .await?;
    let mut ids: Vec<i64> = rows.iter().map(|e| e.at_tenant_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let places: HashMap<i64, Tenant> = crate::store::unscoped::tenants_on_route(db, ids)
        .await?
        .into_iter()
        .map(|t| Tenant::try_from(t).map(|t| (t.id.0, t)))
        .collect::<Result<_, _>>()?;
    let status = |s: &str, id: i64| TaskStatus::parse(s).ok_or_else(|| corrupt("status", id));
    rows.into_iter()
        .map(|e| {
            Ok(Event {
                id: e.id,
                from_status: e.from_status.as_deref().map(|s| status(s, e.task_id)).transpose()?,
                to_status: status(&e.to_status, e.task_id)?,
                action: e.action,
                at_tenant: places.get(&e.at_tenant_id).cloned().ok_or_else(|| corrupt("tenant", e.task_id))?,
                actor_name: e.actor_name,
                reason: e.reason,
                evidence_text: e.evidence_text,
                evidence: e.evidence.map(|s| serde_json::from_str(&s).map_err(AppError::internal)).transpose()?,
                at: e.at,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Roll-up

/// Task counts over a subtree.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Counts {
    pub total: i64,
    pub open: i64,
    pub in_progress: i64,
    pub submitted: i64,
    pub verified: i64,
    pub reopened: i64,
    pub overdue: i64,
    /// Verified after the deadline.
    pub verified_late: i64,
}

impl Counts {
    /// verified / total, four decimals; `None` without tasks.
    pub fn completion_rate(&self) -> Option<Decimal> {
        (self.total > 0).then(|| (Decimal::from(self.verified) / Decimal::from(self.total)).round_dp(4).normalize())
    }

    fn add(&mut self, status: TaskStatus, n: i64, overdue: i64, late: i64) {
        self.total += n;
        self.overdue += overdue;
        self.verified_late += late;
        match status {
            TaskStatus::Open => self.open += n,
            TaskStatus::InProgress => self.in_progress += n,
            TaskStatus::Submitted => self.submitted += n,
            TaskStatus::Verified => self.verified += n,
            TaskStatus::Reopened => self.reopened += n,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Summary {
    pub tenant: Tenant,
    /// Tasks assigned anywhere in the tenant's subtree (itself included).
    pub counts: Counts,
    /// Per direct child: tasks assigned in the child's subtree.
    pub children: Vec<(Tenant, Counts)>,
}

#[derive(FromQueryResult)]
struct SummaryRow {
    ancestor_id: i64,
    status: String,
    n: i64,
    overdue: i64,
    late: i64,
}

/// Rectification counts for an in-scope tenant's subtree and for each direct child's subtree.
/// Four statements whatever the tree: the scope check, the tenant and its children, and one
/// count grouped by (tenant, status) through the closure table.
pub async fn summary<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    tenant_id: TenantId,
    today: NaiveDate,
) -> Result<Summary, AppError> {
    scope.check_tenant(db, tenant_id, "tenant").await?;
    let mut family: Vec<Tenant> = scope
        .select::<tenant::Entity>()
        .filter(Condition::any().add(tenant::Column::Id.eq(tenant_id.0)).add(tenant::Column::ParentId.eq(tenant_id.0)))
        .order_by_asc(tenant::Column::Code)
        .all(db)
        .await?
        .into_iter()
        .map(Tenant::try_from)
        .collect::<Result<_, _>>()?;
    let pos = family.iter().position(|t| t.id == tenant_id).ok_or(AppError::NotFound { entity: "tenant" })?;
    let me = family.remove(pos);
    let mut ids: Vec<i64> = family.iter().map(|t| t.id.0).collect();
    ids.push(tenant_id.0);

    // The scoped select of tasks, regrouped per (ancestor, status) through the closure table.
    let mut stmt = scope.select::<rectification_task::Entity>().into_query();
    let ancestor = Expr::col((tenant_closure::Entity, tenant_closure::Column::AncestorId));
    let status = Expr::col((rectification_task::Entity, rectification_task::Column::Status));
    let overdue = Expr::case(
        Expr::col((rectification_task::Entity, rectification_task::Column::Status))
            .ne(TaskStatus::Verified.as_str())
            .and(Expr::col((rectification_task::Entity, rectification_task::Column::Deadline)).lt(today)),
        Expr::val(1),
    )
    .finally(Expr::val(0));
    let late = Expr::case(
        Expr::col((rectification_task::Entity, rectification_task::Column::VerifiedLate)).eq(true),
        Expr::val(1),
    )
    .finally(Expr::val(0));
    stmt.clear_selects()
        .expr_as(ancestor.clone(), Alias::new("ancestor_id"))
        .expr_as(status.clone(), Alias::new("status"))
        .expr_as(Func::count(Expr::col((rectification_task::Entity, rectification_task::Column::Id))), Alias::new("n"))
        .expr_as(Func::sum(overdue), Alias::new("overdue"))
        .expr_as(Func::sum(late), Alias::new("late"))
        .inner_join(
            tenant_closure::Entity,
            Expr::col((tenant_closure::Entity, tenant_closure::Column::DescendantId))
                .equals((rectification_task::Entity, rectification_task::Column::AssigneeTenantId)),
        )
        .and_where(ancestor.clone().is_in(ids))
        .add_group_by([ancestor, status]);
    let rows = SummaryRow::find_by_statement(db.get_database_backend().build(&stmt)).all(db).await?;
    let mut per: HashMap<i64, Counts> = HashMap::new();
    for r in rows {
        let s = TaskStatus::parse(&r.status).ok_or_else(|| AppError::internal("bad rectification status"))?;
        per.entry(r.ancestor_id).or_default().add(s, r.n, r.overdue, r.late);
    }
    Ok(Summary {
        counts: per.remove(&tenant_id.0).unwrap_or_default(),
        children: family
            .into_iter()
            .map(|t| {
                let c = per.remove(&t.id.0).unwrap_or_default();
                (t, c)
            })
            .collect(),
        tenant: me,
    })
}
