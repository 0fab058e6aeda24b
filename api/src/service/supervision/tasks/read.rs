//! Reading rectification tasks: the filtered list, the tasks of a finding, and a task's timeline.

use super::*;

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
#[tracing::instrument(level = "debug", skip_all)]
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
#[tracing::instrument(level = "debug", skip_all)]
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
#[tracing::instrument(level = "debug", skip_all)]
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
