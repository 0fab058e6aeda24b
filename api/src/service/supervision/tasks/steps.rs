//! A step on a rectification task: the guard (role, home tenant, version, status), one function
//! per step saying what it changes, and the write (task, event, audit row).

use super::*;

/// What the assignee hands in on SUBMIT.
#[derive(Clone, Debug, Default)]
pub struct Evidence {
    pub text: String,
    pub references: Vec<String>,
}

/// Takes one step on a task at the version read. START and SUBMIT: REPORTER of the assignee's
/// tenant. VERIFY and REOPEN: REVIEWER of the inspecting tenant. REOPEN needs a reason; SUBMIT
/// needs a description and at least one evidence reference.
#[tracing::instrument(level = "debug", skip_all)]
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
    let reason = text::reason(reason.as_deref())?;
    let evidence = checked_evidence(evidence)?;
    let txn = Write::begin(state, scope, Touch::Supervision).await?;
    let before = guard(&txn, scope, id, version, side).await?;
    if let Some((_, refs)) = &evidence {
        crate::service::files::check_attachable(&txn, scope, "evidence", refs, before.assignee_tenant_id).await?;
    }
    let next = next_status(&before, action, reason.is_some(), &evidence)?;
    let mut changes = rectification_task::ActiveModel {
        status: Set(next.as_str().to_owned()),
        version: Set(crate::domain::version::next(version)?),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    let mut note = EventNote { reason: reason.clone(), ..Default::default() };
    match action {
        TaskAction::Submit => submit(&mut changes, &mut note, evidence)?,
        TaskAction::Reopen => reopen(&mut changes, reason),
        TaskAction::Verify => verify(&mut changes, &before),
        TaskAction::Start => {}
    }
    let after = write(&txn, scope, &before, version, action, changes, note).await?;
    txn.commit().await?;
    Ok(after)
}

/// Evidence as checked: the description (None when blank) and the references.
type CheckedEvidence = Option<(Option<String>, Vec<String>)>;

/// Checks the evidence handed in: the references as [`text::evidence`] bounds them, and the
/// description.
fn checked_evidence(evidence: Option<Evidence>) -> Result<CheckedEvidence, AppError> {
    let Some(e) = evidence else { return Ok(None) };
    let refs = text::evidence("evidence", &e.references)?;
    let text = if e.text.trim().is_empty() { None } else { Some(text::bounded("evidenceText", &e.text, LONG_MAX)?) };
    Ok(Some((text, refs)))
}

/// Loads the task and checks that the caller's home is the side's tenant (the assignee's or the
/// inspecting one) and that the task is at the version the caller saw.
async fn guard(txn: &Write, scope: &Scope, id: TaskId, version: i32, side: rules::Side) -> Result<Task, AppError> {
    let before = get_task(txn, scope, id).await?;
    match side {
        rules::Side::Assignee => scope.require_home(before.assignee_tenant_id, "answering a rectification task")?,
        rules::Side::Inspector => scope.require_home(before.inspecting_tenant_id, "verifying a rectification")?,
    }
    if before.version != version {
        return Err(AppError::conflict(
            "version",
            "整改任务已被他人修改，请刷新后重试 / the rectification task was changed by someone else; reload it and try again",
        ));
    }
    Ok(before)
}

/// The status the action leads to, or why it does not apply: the wrong status (CONFLICT), no
/// reason to reopen, or no description or evidence reference to submit (BAD_USER_INPUT).
fn next_status(
    before: &Task,
    action: TaskAction,
    has_reason: bool,
    evidence: &CheckedEvidence,
) -> Result<TaskStatus, AppError> {
    let has_evidence = matches!(evidence, Some((Some(_), refs)) if !refs.is_empty());
    rules::step(before.status, action, has_reason, has_evidence).map_err(|e| match e {
        StepError::WrongState(s) => AppError::conflict(
            "id",
            format!(
                "该任务当前为{}，不能{} / the task is {} ({}); {} does not apply",
                s.label(),
                action.label(),
                s.as_str(),
                s.label(),
                action.as_str()
            ),
        ),
        StepError::ReasonRequired => AppError::bad_input("reason", "a reason is required to reopen a task"),
        StepError::EvidenceRequired if matches!(evidence, Some((Some(_), _))) => {
            AppError::bad_input("evidence", "submit at least one evidence reference (台账, photo, link)")
        }
        StepError::EvidenceRequired => {
            AppError::bad_input("evidenceText", "describe what was rectified when submitting")
        }
    })
}

/// SUBMIT: the description and the evidence references, on the task and its event.
fn submit(
    changes: &mut rectification_task::ActiveModel,
    note: &mut EventNote,
    evidence: CheckedEvidence,
) -> Result<(), AppError> {
    let (text, refs) = evidence.unwrap_or_default();
    let text = text.unwrap_or_default();
    let refs_json = serde_json::to_string(&refs).map_err(AppError::internal)?;
    changes.evidence_text = Set(text.clone());
    changes.evidence = Set(refs_json.clone());
    note.evidence_text = Some(text);
    note.evidence = Some(refs_json);
    Ok(())
}

/// REOPEN: the reason is kept on the task.
fn reopen(changes: &mut rectification_task::ActiveModel, reason: Option<String>) {
    changes.reopen_reason = Set(reason);
}

/// VERIFY (销号): today's China date, and whether that is past the deadline.
fn verify(changes: &mut rectification_task::ActiveModel, before: &Task) {
    let today = china_today();
    changes.verified_on = Set(Some(today));
    changes.verified_late = Set(today > before.deadline);
}

/// Writes the step: the task at the version the caller saw, then its event and audit row.
/// Answers the task as written.
async fn write(
    txn: &Write,
    scope: &Scope,
    before: &Task,
    version: i32,
    action: TaskAction,
    changes: rectification_task::ActiveModel,
    note: EventNote,
) -> Result<Task, AppError> {
    let id = before.id;
    scope
        .update_versioned::<rectification_task::Entity, _>(
            txn,
            (rectification_task::Column::Id, id),
            (rectification_task::Column::Version, version),
            changes,
            "rectification task",
        )
        .await?;
    let after = get_task(txn, scope, id).await?;
    record(txn, scope, &after, action.as_str(), Some(before), note).await?;
    Ok(after)
}
