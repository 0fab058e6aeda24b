//! Submission (上报) of a tenant's figures for a period to its parent: SUBMITTED locks the
//! figures of the tenant's subtree for the period; the parent ACCEPTS, or RETURNS with a reason
//! (which unlocks); an accepted submission may be re-opened by the parent, with a reason.

use crate::domain::unit::labelled_enum;

labelled_enum!(
    /// Where a tenant's figures for a period stand with its parent.
    SubmissionStatus {
        Submitted => "SUBMITTED", "已上报";
        Accepted => "ACCEPTED", "已接收";
        Returned => "RETURNED", "已退回";
    }
);

impl SubmissionStatus {
    /// Whether the figures below are frozen.
    pub fn locks(self) -> bool {
        matches!(self, SubmissionStatus::Submitted | SubmissionStatus::Accepted)
    }
}

labelled_enum!(
    /// What the parent does with a submission.
    SubmissionDecision {
        Accept => "ACCEPT", "接收";
        Return => "RETURN", "退回";
        Reopen => "REOPEN", "重新打开";
    }
);

#[derive(Debug, PartialEq, Eq)]
pub enum SubmissionError {
    WrongState(SubmissionStatus),
    ReasonRequired,
}

/// The status after the parent's decision.
pub fn decide(
    current: SubmissionStatus,
    decision: SubmissionDecision,
    has_reason: bool,
) -> Result<SubmissionStatus, SubmissionError> {
    use SubmissionDecision as D;
    use SubmissionStatus as S;
    match (current, decision) {
        (_, D::Return | D::Reopen) if !has_reason => Err(SubmissionError::ReasonRequired),
        (S::Submitted, D::Accept) => Ok(S::Accepted),
        (S::Submitted, D::Return) => Ok(S::Returned),
        (S::Accepted, D::Reopen) => Ok(S::Returned),
        (s, _) => Err(SubmissionError::WrongState(s)),
    }
}

/// Whether a tenant may (re)submit from this status (none yet counts as may).
pub fn may_submit(current: Option<SubmissionStatus>) -> bool {
    matches!(current, None | Some(SubmissionStatus::Returned))
}

#[cfg(test)]
mod tests {
    use super::*;
    use SubmissionDecision as D;
    use SubmissionStatus as S;

    #[test]
    fn transitions() {
        assert_eq!(decide(S::Submitted, D::Accept, false), Ok(S::Accepted));
        assert_eq!(decide(S::Submitted, D::Return, false), Err(SubmissionError::ReasonRequired));
        assert_eq!(decide(S::Submitted, D::Return, true), Ok(S::Returned));
        assert_eq!(decide(S::Accepted, D::Reopen, true), Ok(S::Returned));
        assert_eq!(decide(S::Accepted, D::Accept, false), Err(SubmissionError::WrongState(S::Accepted)));
        assert_eq!(decide(S::Returned, D::Accept, false), Err(SubmissionError::WrongState(S::Returned)));
        assert!(may_submit(None) && may_submit(Some(S::Returned)) && !may_submit(Some(S::Submitted)));
        assert!(S::Submitted.locks() && S::Accepted.locks() && !S::Returned.locks());
    }
}
