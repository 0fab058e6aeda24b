//! The application (申报) state machine and its route up the tenant tree.
//!
//! An application for a designation at level L climbs from the unit's tenant to the tenant at
//! level L (the designating tenant). Every tenant on the way, the unit's own included, must
//! RECOMMEND it in order; the designating tenant APPROVES. Any of them may RETURN it to the
//! applicant (who revises and resubmits, starting the climb again) or REJECT it, with a reason.

use crate::domain::ids::TenantId;
use crate::domain::text;
use crate::domain::unit::labelled_enum;
use crate::error::AppError;

/// At most this many characters in the statement and in the self-evaluation.
pub const STATEMENT_MAX: usize = 5000;

/// What the applicant writes, as sent.
#[derive(Clone, Debug, Default)]
pub struct Content {
    pub statement: String,
    pub self_evaluation: String,
    pub evidence: Vec<String>,
}

/// The applicant's text, parsed: statement and self-evaluation trimmed (blank is empty) and at
/// most [`STATEMENT_MAX`] characters, evidence bounded as every workflow's is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplicationText {
    pub statement: String,
    pub self_evaluation: String,
    pub evidence: Vec<String>,
}

impl TryFrom<&Content> for ApplicationText {
    type Error = AppError;
    fn try_from(c: &Content) -> Result<Self, AppError> {
        Ok(ApplicationText {
            evidence: text::evidence("evidence", &c.evidence)?,
            statement: text::optional("statement", &c.statement, STATEMENT_MAX)?,
            self_evaluation: text::optional("selfEvaluation", &c.self_evaluation, STATEMENT_MAX)?,
        })
    }
}

labelled_enum!(
    /// Where an application stands.
    Status {
        Draft => "DRAFT", "草稿";
        Submitted => "SUBMITTED", "审核中";
        Returned => "RETURNED", "已退回";
        Rejected => "REJECTED", "未通过";
        Approved => "APPROVED", "已批准";
        Designated => "DESIGNATED", "已命名";
    }
);

labelled_enum!(
    /// What a reviewer decides at its level.
    Decision {
        Recommend => "RECOMMEND", "推荐";
        Approve => "APPROVE", "批准";
        Return => "RETURN", "退回";
        Reject => "REJECT", "不予通过";
    }
);

/// The route of an application: the unit's tenant and its ancestors up to and including the
/// designating tenant, bottom first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route(Vec<TenantId>);

#[derive(Debug, PartialEq, Eq)]
pub enum RouteError {
    /// The designating tenant is not the unit's tenant or one of its ancestors.
    NotOnPath,
}

impl Route {
    /// `path` is the unit's tenant followed by its ancestors, nearest first.
    pub fn new(path: &[TenantId], designating: TenantId) -> Result<Self, RouteError> {
        let end = path.iter().position(|t| *t == designating).ok_or(RouteError::NotOnPath)?;
        Ok(Route(path[..=end].to_vec()))
    }

    pub fn applicant(&self) -> TenantId {
        self.0[0]
    }

    pub fn designating(&self) -> TenantId {
        self.0[self.0.len() - 1]
    }

    /// The tenant after `current` on the way up, if any.
    fn after(&self, current: TenantId) -> Option<TenantId> {
        let i = self.0.iter().position(|t| *t == current)?;
        self.0.get(i + 1).copied()
    }
}

/// The outcome of a step: the new status and whose turn it is next.
#[derive(Debug, PartialEq, Eq)]
pub struct Step {
    pub status: Status,
    pub current: TenantId,
}

#[derive(Debug, PartialEq, Eq)]
pub enum StepError {
    /// The application is not in a state that allows this step.
    WrongState(Status),
    /// It is another level's turn.
    NotYourTurn { waiting_on: TenantId },
    /// RECOMMEND at the designating level, or APPROVE below it.
    WrongDecision { expected: Decision },
    /// RETURN and REJECT need a reason.
    ReasonRequired,
}

/// The applicant submits (or resubmits after a return): the climb starts at its own tenant.
pub fn submit(status: Status, route: &Route) -> Result<Step, StepError> {
    match status {
        Status::Draft | Status::Returned => Ok(Step { status: Status::Submitted, current: route.applicant() }),
        other => Err(StepError::WrongState(other)),
    }
}

/// A reviewer at `at` decides on an application whose turn is `current`.
pub fn decide(
    status: Status,
    current: TenantId,
    route: &Route,
    at: TenantId,
    decision: Decision,
    has_reason: bool,
) -> Result<Step, StepError> {
    if status != Status::Submitted {
        return Err(StepError::WrongState(status));
    }
    if at != current {
        return Err(StepError::NotYourTurn { waiting_on: current });
    }
    let designating = at == route.designating();
    match decision {
        Decision::Return | Decision::Reject if !has_reason => Err(StepError::ReasonRequired),
        Decision::Return => Ok(Step { status: Status::Returned, current: route.applicant() }),
        Decision::Reject => Ok(Step { status: Status::Rejected, current }),
        Decision::Approve if designating => Ok(Step { status: Status::Approved, current }),
        Decision::Approve => Err(StepError::WrongDecision { expected: Decision::Recommend }),
        Decision::Recommend if designating => Err(StepError::WrongDecision { expected: Decision::Approve }),
        Decision::Recommend => match route.after(current) {
            Some(next) => Ok(Step { status: Status::Submitted, current: next }),
            None => Err(StepError::WrongDecision { expected: Decision::Approve }),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_applicants_text_is_trimmed_and_bounded() {
        let c = Content {
            statement: " 创建工作扎实 ".into(),
            self_evaluation: "  ".into(),
            evidence: vec!["台账/1.pdf".into()],
        };
        let parsed = ApplicationText::try_from(&c).unwrap();
        assert_eq!(parsed.statement, "创建工作扎实");
        assert_eq!(parsed.self_evaluation, "");
        assert_eq!(parsed.evidence, ["台账/1.pdf"]);
        let long = Content { self_evaluation: "长".repeat(STATEMENT_MAX + 1), ..c.clone() };
        let err = ApplicationText::try_from(&long).unwrap_err();
        assert_eq!(err.field(), Some("selfEvaluation"));
        let no_evidence = Content { evidence: vec![String::new()], ..c };
        assert_eq!(ApplicationText::try_from(&no_evidence).unwrap_err().field(), Some("evidence"));
    }

    const VILLAGE_TOWN: TenantId = TenantId(3);
    const COUNTY: TenantId = TenantId(2);
    const CITY: TenantId = TenantId(1);

    fn route() -> Route {
        Route::new(&[VILLAGE_TOWN, COUNTY, CITY], CITY).unwrap()
    }

    #[test]
    fn climbs_one_level_at_a_time() {
        let r = route();
        let s = submit(Status::Draft, &r).unwrap();
        assert_eq!(s, Step { status: Status::Submitted, current: VILLAGE_TOWN });
        let s = decide(s.status, s.current, &r, VILLAGE_TOWN, Decision::Recommend, false).unwrap();
        assert_eq!(s.current, COUNTY);
        let s = decide(s.status, s.current, &r, COUNTY, Decision::Recommend, false).unwrap();
        assert_eq!(s.current, CITY);
        let s = decide(s.status, s.current, &r, CITY, Decision::Approve, false).unwrap();
        assert_eq!(s.status, Status::Approved);
    }

    #[test]
    fn no_skipping_and_the_right_verb_at_each_level() {
        let r = route();
        assert_eq!(
            decide(Status::Submitted, VILLAGE_TOWN, &r, COUNTY, Decision::Recommend, false),
            Err(StepError::NotYourTurn { waiting_on: VILLAGE_TOWN })
        );
        assert_eq!(
            decide(Status::Submitted, VILLAGE_TOWN, &r, VILLAGE_TOWN, Decision::Approve, false),
            Err(StepError::WrongDecision { expected: Decision::Recommend })
        );
        assert_eq!(
            decide(Status::Submitted, CITY, &r, CITY, Decision::Recommend, false),
            Err(StepError::WrongDecision { expected: Decision::Approve })
        );
    }

    #[test]
    fn returns_and_rejections_need_reasons_and_return_to_the_applicant() {
        let r = route();
        assert_eq!(
            decide(Status::Submitted, COUNTY, &r, COUNTY, Decision::Return, false),
            Err(StepError::ReasonRequired)
        );
        let s = decide(Status::Submitted, COUNTY, &r, COUNTY, Decision::Return, true).unwrap();
        assert_eq!(s, Step { status: Status::Returned, current: VILLAGE_TOWN });
        assert_eq!(submit(Status::Returned, &r).unwrap().current, VILLAGE_TOWN);
        assert_eq!(decide(Status::Submitted, CITY, &r, CITY, Decision::Reject, true).unwrap().status, Status::Rejected);
        assert_eq!(submit(Status::Rejected, &r), Err(StepError::WrongState(Status::Rejected)));
    }

    #[test]
    fn a_level_designating_its_own_units_approves_directly() {
        let r = Route::new(&[COUNTY, CITY], COUNTY).unwrap();
        let s = submit(Status::Draft, &r).unwrap();
        assert_eq!(s.current, COUNTY);
        assert_eq!(decide(s.status, s.current, &r, COUNTY, Decision::Approve, false).unwrap().status, Status::Approved);
        assert_eq!(Route::new(&[COUNTY, CITY], VILLAGE_TOWN), Err(RouteError::NotOnPath));
    }
}
