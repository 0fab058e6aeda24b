//! Rectification tasks (整改): opened on a finding, assigned below, started, submitted,
//! verified (销号) or reopened; their timeline and the lists by assignee, status and overdue.
//!
//! - here: the task as services see it, opening one, and the event and audit row of each step;
//! - `steps`: a step on a task (`act`): guard, one function per step, write;
//! - `read`: the lists of tasks and a task's timeline.

mod read;
mod steps;

use super::*;

pub use self::read::{Event, TaskFilter, list_tasks, tasks_of_finding, timeline};
pub use self::steps::{Evidence, act};

#[derive(Clone, Debug, Serialize)]
pub struct Task {
    pub id: TaskId,
    pub finding_id: FindingId,
    pub inspection_id: InspectionId,
    pub inspecting_tenant_id: TenantId,
    pub assignee_tenant_id: TenantId,
    pub assignee_unit_id: Option<UnitId>,
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
            inspecting_tenant_id: m.inspecting_tenant_id,
            assignee_tenant_id: m.assignee_tenant_id,
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

/// The assignee: a tenant strictly below the inspecting tenant, or a unit of its subtree.
#[derive(Clone, Copy, Debug)]
pub enum Assignee {
    Tenant(TenantId),
    Unit(UnitId),
}

pub struct NewTask {
    pub finding_id: FindingId,
    pub assignee: Assignee,
    pub requirement: String,
    pub deadline: NaiveDate,
}

/// A rectification task in scope, or NOT_FOUND.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn get_task<C: ConnectionTrait>(db: &C, scope: &Scope, id: TaskId) -> Result<Task, AppError> {
    scope.get::<rectification_task::Entity>(db, id).await?.try_into()
}

/// Opens a rectification task on a finding (REVIEWER of the inspecting tenant).
#[tracing::instrument(level = "debug", skip_all)]
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
        inspecting_tenant_id: Set(insp.tenant_id),
        assignee_tenant_id: Set(assignee_tenant),
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

/// What a step's timeline event says besides the action: the reason and the evidence handed in.
#[derive(Default)]
struct EventNote {
    reason: Option<String>,
    evidence_text: Option<String>,
    evidence: Option<String>,
}

/// Appends the timeline event of a step on a task and its audit row (filed under the assignee).
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
        assignee_tenant_id: Set(after.assignee_tenant_id),
        action: Set(action.to_owned()),
        from_status: Set(before.map(|b| b.status.as_str().to_owned())),
        to_status: Set(after.status.as_str().to_owned()),
        at_tenant_id: Set(scope.home()),
        actor_user_id: Set(Some(scope.user_id())),
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
