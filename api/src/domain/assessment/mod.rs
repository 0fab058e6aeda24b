//! Performance assessment (绩效考评): the per-assessee workflow, the combine rule, grade bands
//! and the ranking order. Scores are exact: whole ten-thousandths of a point (`Quantity`).
//!
//! Workflow of one assessee's record (each step by the role and level named):
//! SELF_ASSESSMENT (assessee REPORTER: scores + ledger evidence) -> SUBMITTED (assessee) ->
//! DESK_VERIFIED (REVIEWER of the round's tenant: first result) -> FIELD_VERIFIED (a member of
//! the record's field working group: second result) -> COMBINED (REVIEWER) -> FEEDBACK
//! (REVIEWER; the assessee now sees its scores and comments) -> ACCEPTED or RECHECK_REQUESTED
//! (assessee; a recheck only within the round's window) -> FINAL (REVIEWER: finalises an accepted
//! record, resolves a recheck, or finalises a FEEDBACK record once the window has closed).

use crate::domain::unit::labelled_enum;

pub mod round;
pub mod scheme;

labelled_enum!(
    /// Where one assessee's record stands.
    Status {
        SelfAssessment => "SELF_ASSESSMENT", "自查自评";
        Submitted => "SUBMITTED", "已提交";
        DeskVerified => "DESK_VERIFIED", "书面核查";
        FieldVerified => "FIELD_VERIFIED", "实地核查";
        Combined => "COMBINED", "已合成";
        Feedback => "FEEDBACK", "已反馈";
        RecheckRequested => "RECHECK_REQUESTED", "申请复核";
        Accepted => "ACCEPTED", "已确认";
        Final => "FINAL", "最终结果";
    }
);

labelled_enum!(
    /// A step of the workflow.
    Action {
        SaveSelf => "SAVE_SELF", "保存自评";
        Submit => "SUBMIT", "提交自评";
        VerifyDesk => "VERIFY_DESK", "书面核查";
        VerifyField => "VERIFY_FIELD", "实地核查";
        Combine => "COMBINE", "合成结果";
        SendFeedback => "SEND_FEEDBACK", "反馈结果";
        Accept => "ACCEPT", "确认结果";
        RequestRecheck => "REQUEST_RECHECK", "申请复核";
        ResolveRecheck => "RESOLVE_RECHECK", "复核答复";
        Finalize => "FINALIZE", "确定最终结果";
    }
);

labelled_enum!(
    /// How desk and field results combine, per criterion.
    CombineRule {
        FieldOverridesDesk => "FIELD_OVERRIDES_DESK", "实地核查优先";
        WeightedMean => "WEIGHTED_MEAN", "加权平均";
    }
);

labelled_enum!(
    /// Which kind of assessee a criterion applies to (scheme variants).
    AppliesTo {
        All => "ALL", "全部";
        Tenant => "TENANT", "下级行政层级";
        Unit => "UNIT", "部门/单位";
    }
);

labelled_enum!(
    /// Grade bands of the ranking.
    Grade {
        Excellent => "EXCELLENT", "优秀";
        Good => "GOOD", "良好";
        Pass => "PASS", "合格";
        Fail => "FAIL", "不合格";
    }
);

labelled_enum!(
    /// A round is OPEN until it is PUBLISHED (all records FINAL).
    RoundStatus {
        Open => "OPEN", "进行中";
        Published => "PUBLISHED", "已通报";
    }
);

impl Status {
    /// Whether the assessee may see the desk, field and combined results: from FEEDBACK on.
    pub fn results_released(self) -> bool {
        matches!(self, Status::Feedback | Status::RecheckRequested | Status::Accepted | Status::Final)
    }
}

/// The status a step leads to from `from`, or None when the step does not apply there.
/// `window_open` says whether the recheck window is still open (for FINALIZE from FEEDBACK, which
/// is allowed only once it has closed, and REQUEST_RECHECK, only while it is open).
pub fn next(from: Status, action: Action, window_open: bool) -> Option<Status> {
    use Action as A;
    use Status as S;
    match (from, action) {
        (S::SelfAssessment, A::SaveSelf) => Some(S::SelfAssessment),
        (S::SelfAssessment, A::Submit) => Some(S::Submitted),
        (S::Submitted, A::VerifyDesk) => Some(S::DeskVerified),
        (S::DeskVerified, A::VerifyField) => Some(S::FieldVerified),
        (S::FieldVerified, A::Combine) => Some(S::Combined),
        (S::Combined, A::SendFeedback) => Some(S::Feedback),
        (S::Feedback, A::Accept) => Some(S::Accepted),
        (S::Feedback, A::RequestRecheck) if window_open => Some(S::RecheckRequested),
        (S::RecheckRequested, A::ResolveRecheck) => Some(S::Final),
        (S::Accepted, A::Finalize) => Some(S::Final),
        (S::Feedback, A::Finalize) if !window_open => Some(S::Final),
        _ => None,
    }
}

/// How desk (first) and field (second) results combine into one criterion's final score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// The field score, where the field group gave one; the desk score otherwise.
    FieldOverridesDesk,
    /// (desk × desk_weight + field × field_weight) / (desk_weight + field_weight), rounded half
    /// away from zero to a ten-thousandth, where the field group gave a score; the desk score
    /// otherwise.
    WeightedMean { desk: i64, field: i64 },
}

/// One criterion's final score, never above `max` nor below zero.
pub fn combine_one(rule: Rule, desk: i64, field: Option<i64>, max: i64) -> i64 {
    let raw = match (rule, field) {
        (_, None) => desk,
        (Rule::FieldOverridesDesk, Some(f)) => f,
        (Rule::WeightedMean { desk: wd, field: wf }, Some(f)) => {
            let den = (wd + wf).max(1) as i128;
            let num = desk as i128 * wd as i128 + f as i128 * wf as i128;
            ((2 * num + den) / (2 * den)) as i64
        }
    };
    raw.clamp(0, max)
}

/// A record's totals: base (sum of the ordinary criteria), bonus (sum of the bonus items,
/// capped at the scheme's bonus cap), total = min(base + capped bonus, maximum base + cap).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Totals {
    pub base: i64,
    pub bonus: i64,
    pub total: i64,
}

/// `scores` are (final score, criterion max, is bonus).
pub fn totals(scores: &[(i64, i64, bool)], bonus_cap: i64) -> Totals {
    let base: i64 = scores.iter().filter(|s| !s.2).map(|s| s.0.clamp(0, s.1)).sum();
    let max_base: i64 = scores.iter().filter(|s| !s.2).map(|s| s.1).sum();
    let bonus_raw: i64 = scores.iter().filter(|s| s.2).map(|s| s.0.clamp(0, s.1)).sum();
    let bonus = bonus_raw.min(bonus_cap);
    Totals { base, bonus, total: (base + bonus).min(max_base + bonus_cap) }
}

/// Grade bands: 优秀 ≥ excellent, 良好 ≥ good, 合格 ≥ pass, else 不合格.
pub fn grade(total: i64, excellent: i64, good: i64, pass: i64) -> Grade {
    if total >= excellent {
        Grade::Excellent
    } else if total >= good {
        Grade::Good
    } else if total >= pass {
        Grade::Pass
    } else {
        Grade::Fail
    }
}

/// What the ranking orders by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RankKey {
    pub total: i64,
    pub base: i64,
    pub desk_total: i64,
    pub sort_key: String,
}

/// The ranking rule: total descending; ties go to the higher base score (without bonus), then
/// the higher desk-verified total (first result), then the sort key ascending (the tenant's
/// division code; units after tenants, by id). Equal keys share a rank only if all of total,
/// base and desk total are equal ("competition" ranking: 1, 2, 2, 4); the sort key still orders
/// the rows.
pub fn rank_order(a: &RankKey, b: &RankKey) -> std::cmp::Ordering {
    b.total
        .cmp(&a.total)
        .then(b.base.cmp(&a.base))
        .then(b.desk_total.cmp(&a.desk_total))
        .then(a.sort_key.cmp(&b.sort_key))
}

/// Ranks (1-based) of keys already sorted by [`rank_order`].
pub fn ranks(sorted: &[RankKey]) -> Vec<usize> {
    let mut out = Vec::with_capacity(sorted.len());
    for (i, k) in sorted.iter().enumerate() {
        let same = i > 0 && {
            let p = &sorted[i - 1];
            p.total == k.total && p.base == k.base && p.desk_total == k.desk_total
        };
        out.push(if same { out[i - 1] } else { i + 1 });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workflow_goes_one_way() {
        let mut s = Status::SelfAssessment;
        for a in [
            Action::Submit,
            Action::VerifyDesk,
            Action::VerifyField,
            Action::Combine,
            Action::SendFeedback,
            Action::Accept,
            Action::Finalize,
        ] {
            s = next(s, a, true).unwrap();
        }
        assert_eq!(s, Status::Final);
        assert_eq!(next(Status::Submitted, Action::VerifyField, true), None);
        assert_eq!(next(Status::Feedback, Action::RequestRecheck, false), None);
        assert_eq!(next(Status::Feedback, Action::Finalize, true), None);
        assert_eq!(next(Status::Feedback, Action::Finalize, false), Some(Status::Final));
    }

    #[test]
    fn combine_rules_and_caps() {
        assert_eq!(combine_one(Rule::FieldOverridesDesk, 80_000, Some(60_000), 100_000), 60_000);
        assert_eq!(combine_one(Rule::FieldOverridesDesk, 80_000, None, 100_000), 80_000);
        // 8 × 0.4 + 5 × 0.6 = 6.2
        assert_eq!(combine_one(Rule::WeightedMean { desk: 40, field: 60 }, 80_000, Some(50_000), 100_000), 62_000);
        // (1 × 2 + 2 × 1) / 3 = 1.3333…, kept to a ten-thousandth
        assert_eq!(combine_one(Rule::WeightedMean { desk: 2, field: 1 }, 10_000, Some(20_000), 100_000), 13_333);
        let t = totals(&[(90_000, 100_000, false), (30_000, 50_000, true), (40_000, 50_000, true)], 50_000);
        assert_eq!(t, Totals { base: 90_000, bonus: 50_000, total: 140_000 });
    }

    #[test]
    fn ties_break_on_base_then_desk_then_code() {
        let k = |total, base, desk_total, code: &str| RankKey { total, base, desk_total, sort_key: code.into() };
        let mut v = vec![k(90, 80, 70, "450226"), k(90, 85, 60, "450225"), k(90, 80, 70, "450224"), k(95, 70, 70, "9")];
        v.sort_by(rank_order);
        let codes: Vec<&str> = v.iter().map(|x| x.sort_key.as_str()).collect();
        assert_eq!(codes, ["9", "450225", "450224", "450226"]);
        assert_eq!(ranks(&v), [1, 2, 3, 3]);
        assert_eq!(grade(90, 90, 80, 60), Grade::Excellent);
        assert_eq!(grade(59, 90, 80, 60), Grade::Fail);
    }
}
