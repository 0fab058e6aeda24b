//! Rectification tasks (整改): opened on a finding, assigned below, started, submitted,
//! verified (销号) or reopened; their timeline and the lists by assignee, status and overdue.

use super::*;

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
pub async fn get_task<C: ConnectionTrait>(db: &C, scope: &Scope, id: TaskId) -> Result<Task, AppError> {
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
    id: TaskId,
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
    pub inspection_id: Option<InspectionId>,
    /// Tasks of this finding (one the caller can read).
    pub finding_id: Option<FindingId>,
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
        q = q.filter(rectification_task::Column::AssigneeTenantId.eq(scope.home()));
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
    pub id: RectificationEventId,
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
pub async fn timeline<C: ConnectionTrait>(db: &C, scope: &Scope, id: TaskId) -> Result<Vec<Event>, AppError> {
    let rows = scope
        .select::<rectification_event::Entity>()
        .filter(rectification_event::Column::TaskId.eq(id))
        .order_by_asc(rectification_event::Column::Id)
        .all(db)
        .await?;
    let mut ids: Vec<TenantId> = rows.iter().map(|e| e.at_tenant_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let places: HashMap<TenantId, Tenant> = crate::store::unscoped::tenants_on_route(db, ids)
        .await?
        .into_iter()
        .map(|t| Tenant::try_from(t).map(|t| (t.id, t)))
        .collect::<Result<_, _>>()?;
    let status = |s: &str, id: TaskId| TaskStatus::parse(s).ok_or_else(|| corrupt("status", id));
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
