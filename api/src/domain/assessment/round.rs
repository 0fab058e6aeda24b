//! An assessment round as opened: its name, deadline, combine rule and weights, grade
//! thresholds, assessees and field working groups, parsed from what was sent ([`RoundSpec`]).
//! Whether the scheme, the assessees and the members are the caller's is the service's to check.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::CombineRule;
use crate::domain::dates::{self, Ahead};
use crate::domain::ids::{SchemeId, TenantId, UnitId, UserId};
use crate::domain::quantity::Quantity;
use crate::domain::text;
use crate::error::AppError;

/// Longest round name, and field working group name (characters).
pub const NAME_MAX: usize = 100;
pub const GROUP_NAME_MAX: usize = 50;
/// Most assessees in one round.
pub const ASSESSEES_MAX: usize = 500;
/// Longest recheck window, in days, and the largest weight.
pub const RECHECK_DAYS_MAX: i32 = 365;
pub const WEIGHT_MAX: i32 = 1000;

/// Who is assessed.
#[derive(Clone, Debug)]
pub enum AssesseeRef {
    /// A child tenant of the round's tenant.
    Tenant(TenantId),
    /// A unit in the round tenant's subtree.
    Unit(UnitId),
}

#[derive(Clone, Debug)]
pub struct NewAssessee {
    pub who: AssesseeRef,
    /// The field working group that verifies it in the field.
    pub group: String,
}

/// A round as sent.
#[derive(Clone, Debug)]
pub struct NewRound {
    pub scheme_id: SchemeId,
    pub name: String,
    pub deadline: NaiveDate,
    pub combine_rule: CombineRule,
    pub desk_weight: i32,
    pub field_weight: i32,
    pub recheck_days: i32,
    pub excellent_min: Decimal,
    pub good_min: Decimal,
    pub pass_min: Decimal,
    pub groups: Vec<(String, Vec<UserId>)>,
    pub assessees: Vec<NewAssessee>,
}

/// What of a round needs no database, checked: its name, grade thresholds in ten-thousandths
/// (优秀 ≥ 良好 ≥ 合格), and the field working groups by name (each named once, none empty).
#[derive(Debug, PartialEq, Eq)]
pub struct RoundSpec {
    pub name: String,
    pub excellent: i64,
    pub good: i64,
    pub pass: i64,
    pub groups: BTreeMap<String, Vec<UserId>>,
}

impl RoundSpec {
    /// Checks name, recheck window, deadline (as of `today`, China date), weights, thresholds,
    /// the number of assessees and the field working groups.
    pub fn parse(input: &NewRound, today: NaiveDate) -> Result<Self, AppError> {
        let name = text::bounded("name", &input.name, NAME_MAX)?;
        if !(0..=RECHECK_DAYS_MAX).contains(&input.recheck_days) {
            return Err(AppError::bad_input("recheckDays", "the recheck window is 0 to 365 days"));
        }
        dates::within("deadline", input.deadline, today, Ahead::Deadline)?;
        // The range first: the sum below cannot overflow then.
        for (field, weight) in [("deskWeight", input.desk_weight), ("fieldWeight", input.field_weight)] {
            if !(0..=WEIGHT_MAX).contains(&weight) {
                return Err(AppError::bad_input(field, "权重须在 0 至 1000 之间 / weights are 0 to 1000"));
            }
        }
        if input.combine_rule == CombineRule::WeightedMean && input.desk_weight + input.field_weight == 0 {
            return Err(AppError::bad_input("deskWeight", "两项权重不能都为 0 / the weights cannot both be zero"));
        }
        let excellent = score_of("excellentMin", input.excellent_min)?;
        let good = score_of("goodMin", input.good_min)?;
        let pass = score_of("passMin", input.pass_min)?;
        if !(excellent >= good && good >= pass) {
            return Err(AppError::bad_input("excellentMin", "grade thresholds must satisfy 优秀 ≥ 良好 ≥ 合格"));
        }
        if input.assessees.is_empty() || input.assessees.len() > ASSESSEES_MAX {
            return Err(AppError::bad_input("assessees", format!("a round has 1 to {ASSESSEES_MAX} assessees")));
        }
        let mut groups: BTreeMap<String, Vec<UserId>> = BTreeMap::new();
        for (g, members) in &input.groups {
            let g = text::bounded("groups.name", g, GROUP_NAME_MAX)?;
            if members.is_empty() {
                return Err(AppError::bad_input("groups", format!("field working group {g} has no members")));
            }
            if groups.insert(g.clone(), members.clone()).is_some() {
                return Err(AppError::bad_input("groups", format!("field working group {g} is named twice")));
            }
        }
        Ok(RoundSpec { name, excellent, good, pass, groups })
    }
}

/// A score or threshold in whole ten-thousandths of a point, not negative.
pub fn score_of(field: &str, v: Decimal) -> Result<i64, AppError> {
    let q = Quantity::from_decimal(field, v)?;
    if q.0 < 0 {
        return Err(AppError::bad_input(field, format!("{field} 不能为负数 / {field} cannot be negative")));
    }
    Ok(q.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 6, 15).unwrap()
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn round() -> NewRound {
        NewRound {
            scheme_id: SchemeId(1),
            name: "2020年度民族团结进步创建考评".into(),
            deadline: NaiveDate::from_ymd_opt(2020, 9, 30).unwrap(),
            combine_rule: CombineRule::WeightedMean,
            desk_weight: 40,
            field_weight: 60,
            recheck_days: 7,
            excellent_min: d("90"),
            good_min: d("80"),
            pass_min: d("60"),
            groups: vec![("第一组".into(), vec![UserId(5)])],
            assessees: vec![NewAssessee { who: AssesseeRef::Tenant(TenantId(2)), group: "第一组".into() }],
        }
    }

    fn field_of(r: Result<RoundSpec, AppError>) -> String {
        match r {
            Err(AppError::BadInput { field, .. }) => field,
            other => panic!("expected BAD_INPUT, got {other:?}"),
        }
    }

    #[test]
    fn a_round_is_checked_before_anything_is_read() {
        let spec = RoundSpec::parse(&round(), today()).unwrap();
        assert_eq!((spec.excellent, spec.good, spec.pass), (900_000, 800_000, 600_000));
        let inverted = NewRound { good_min: d("95"), ..round() };
        assert_eq!(field_of(RoundSpec::parse(&inverted, today())), "excellentMin");
        let zero = NewRound { desk_weight: 0, field_weight: 0, ..round() };
        assert_eq!(field_of(RoundSpec::parse(&zero, today())), "deskWeight");
        let heavy = NewRound { field_weight: WEIGHT_MAX + 1, ..round() };
        assert_eq!(field_of(RoundSpec::parse(&heavy, today())), "fieldWeight");
        let long_window = NewRound { recheck_days: RECHECK_DAYS_MAX + 1, ..round() };
        assert_eq!(field_of(RoundSpec::parse(&long_window, today())), "recheckDays");
        let nobody = NewRound { assessees: vec![], ..round() };
        assert_eq!(field_of(RoundSpec::parse(&nobody, today())), "assessees");
        let negative = NewRound { pass_min: d("-1"), good_min: d("-1"), excellent_min: d("-1"), ..round() };
        assert_eq!(field_of(RoundSpec::parse(&negative, today())), "excellentMin");
    }

    #[test]
    fn field_working_groups_are_named_once_and_not_empty() {
        let twice =
            NewRound { groups: vec![("甲".into(), vec![UserId(5)]), ("甲".into(), vec![UserId(6)])], ..round() };
        assert_eq!(field_of(RoundSpec::parse(&twice, today())), "groups");
        let empty = NewRound { groups: vec![("甲".into(), vec![])], ..round() };
        assert_eq!(field_of(RoundSpec::parse(&empty, today())), "groups");
    }
}
