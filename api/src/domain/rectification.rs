//! The rectification task (整改) state machine and overdue rules.
//!
//! OPEN -> IN_PROGRESS (the assignee starts) -> SUBMITTED (the assignee hands in evidence) ->
//! VERIFIED (the inspecting level accepts it; final) or REOPENED (the inspecting level sends it
//! back with a reason). A REOPENED task goes back to work: it may be started again (IN_PROGRESS)
//! or resubmitted straight away (SUBMITTED).
//!
//! Deadlines are dates in China (UTC+8): a task is overdue when it is not VERIFIED and today's
//! China date is after its deadline. A task verified after its deadline is recorded as late.

use chrono::NaiveDate;

use crate::domain::unit::labelled_enum;

labelled_enum!(
    /// Where a rectification task stands.
    TaskStatus {
        Open => "OPEN", "待整改";
        InProgress => "IN_PROGRESS", "整改中";
        Submitted => "SUBMITTED", "待核验";
        Verified => "VERIFIED", "已销号";
        Reopened => "REOPENED", "重新整改";
    }
);

labelled_enum!(
    /// A step on a rectification task.
    TaskAction {
        Start => "START", "开始整改";
        Submit => "SUBMIT", "提交整改材料";
        Verify => "VERIFY", "核验销号";
        Reopen => "REOPEN", "退回重新整改";
    }
);

/// Who takes a step: the assignee's level or the inspecting level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Assignee,
    Inspector,
}

impl TaskAction {
    pub fn side(self) -> Side {
        match self {
            TaskAction::Start | TaskAction::Submit => Side::Assignee,
            TaskAction::Verify | TaskAction::Reopen => Side::Inspector,
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum StepError {
    /// The task is not in a state that allows this step.
    WrongState(TaskStatus),
    /// REOPEN needs a reason.
    ReasonRequired,
    /// SUBMIT needs a description of what was done and at least one evidence reference.
    EvidenceRequired,
}

/// The status after `action` on a task in `status`.
pub fn step(
    status: TaskStatus,
    action: TaskAction,
    has_reason: bool,
    has_evidence: bool,
) -> Result<TaskStatus, StepError> {
    use TaskStatus::*;
    match (action, status) {
        (TaskAction::Start, Open | Reopened) => Ok(InProgress),
        (TaskAction::Submit, InProgress | Reopened) if has_evidence => Ok(Submitted),
        (TaskAction::Submit, InProgress | Reopened) => Err(StepError::EvidenceRequired),
        (TaskAction::Verify, Submitted) => Ok(Verified),
        (TaskAction::Reopen, Submitted) if has_reason => Ok(Reopened),
        (TaskAction::Reopen, Submitted) => Err(StepError::ReasonRequired),
        (_, other) => Err(StepError::WrongState(other)),
    }
}

/// Days past the deadline on `today` for a task not yet verified; 0 when not overdue.
pub fn days_overdue(status: TaskStatus, deadline: NaiveDate, today: NaiveDate) -> i64 {
    if status == TaskStatus::Verified || today <= deadline { 0 } else { (today - deadline).num_days() }
}

/// Overdue: not verified and today (China date) is after the deadline.
pub fn overdue(status: TaskStatus, deadline: NaiveDate, today: NaiveDate) -> bool {
    days_overdue(status, deadline, today) > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_whole_lifecycle_with_a_reopen() {
        use TaskStatus::*;
        let s = step(Open, TaskAction::Start, false, false).unwrap();
        assert_eq!(s, InProgress);
        assert_eq!(step(s, TaskAction::Submit, false, false), Err(StepError::EvidenceRequired));
        let s = step(s, TaskAction::Submit, false, true).unwrap();
        assert_eq!(s, Submitted);
        assert_eq!(step(s, TaskAction::Reopen, false, false), Err(StepError::ReasonRequired));
        let s = step(s, TaskAction::Reopen, true, false).unwrap();
        assert_eq!(s, Reopened);
        let s = step(s, TaskAction::Submit, false, true).unwrap();
        assert_eq!(step(s, TaskAction::Verify, false, false), Ok(Verified));
        assert_eq!(step(Verified, TaskAction::Reopen, true, false), Err(StepError::WrongState(Verified)));
        assert_eq!(step(Open, TaskAction::Verify, false, false), Err(StepError::WrongState(Open)));
        assert_eq!(step(Open, TaskAction::Submit, false, true), Err(StepError::WrongState(Open)));
    }

    #[test]
    fn overdue_is_after_the_deadline_day_and_never_once_verified() {
        let deadline = d(2026, 11, 20);
        assert!(!overdue(TaskStatus::Open, deadline, d(2026, 11, 20)));
        assert!(overdue(TaskStatus::Open, deadline, d(2026, 11, 21)));
        assert_eq!(days_overdue(TaskStatus::Submitted, deadline, d(2026, 11, 28)), 8);
        assert!(!overdue(TaskStatus::Verified, deadline, d(2026, 11, 28)));
    }
}
