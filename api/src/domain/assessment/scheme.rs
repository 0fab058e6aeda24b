//! An assessment scheme (考评方案) as defined: its year, name, bonus cap and criteria, parsed
//! from what was sent ([`SchemeSpec`]). Whether a linked indicator is one the level may use is
//! the service's to check.

use rust_decimal::Decimal;

use super::AppliesTo;
use super::round::{NAME_MAX, score_of};
use crate::domain::ids::IndicatorId;
use crate::domain::period::YEARS;
use crate::domain::text;
use crate::error::AppError;

/// Most criteria in one scheme.
pub const CRITERIA_MAX: usize = 200;
/// Longest criterion title, and guidance or evidence text (characters).
pub const TITLE_MAX: usize = 500;
pub const TEXT_MAX: usize = 2000;

/// One criterion as written by the ADMIN.
#[derive(Clone, Debug)]
pub struct NewCriterion {
    pub aspect: String,
    pub item: String,
    pub title: String,
    pub max_score: Decimal,
    pub guidance: String,
    pub evidence: String,
    pub indicator_id: Option<IndicatorId>,
    pub bonus: bool,
    pub applies_to: AppliesTo,
}

/// A scheme as sent.
#[derive(Clone, Debug)]
pub struct SchemeInput {
    pub year: i32,
    pub name: String,
    pub bonus_cap: Decimal,
    /// Ordinary criteria (aspect > item > criterion, in order), then bonus items.
    pub criteria: Vec<NewCriterion>,
}

/// A criterion with its texts bounded and its maximum in ten-thousandths, above zero.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CriterionSpec {
    pub aspect: String,
    pub item: String,
    pub title: String,
    pub max_score: i64,
    pub guidance: String,
    pub evidence: String,
    pub indicator_id: Option<IndicatorId>,
    pub bonus: bool,
    pub applies_to: AppliesTo,
}

/// A scheme that can be stored: a year in [`YEARS`], a name, a bonus cap, and 1 to
/// [`CRITERIA_MAX`] criteria of which at least one is scored (not a bonus item).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemeSpec {
    pub year: i32,
    pub name: String,
    pub bonus_cap: i64,
    pub criteria: Vec<CriterionSpec>,
}

impl TryFrom<&SchemeInput> for SchemeSpec {
    type Error = AppError;

    fn try_from(input: &SchemeInput) -> Result<Self, AppError> {
        if !YEARS.contains(&input.year) {
            return Err(AppError::bad_input(
                "year",
                "年份须在 2000 至 2100 之间 / the year must be between 2000 and 2100",
            ));
        }
        let name = text::bounded("name", &input.name, NAME_MAX)?;
        let bonus_cap = score_of("bonusCap", input.bonus_cap)?;
        if input.criteria.iter().all(|c| c.bonus) {
            return Err(AppError::bad_input("aspects", "a scheme needs at least one scored criterion"));
        }
        if input.criteria.len() > CRITERIA_MAX {
            return Err(AppError::bad_input("aspects", format!("at most {CRITERIA_MAX} criteria")));
        }
        let criteria = input.criteria.iter().map(criterion).collect::<Result<_, _>>()?;
        Ok(SchemeSpec { year: input.year, name, bonus_cap, criteria })
    }
}

fn criterion(c: &NewCriterion) -> Result<CriterionSpec, AppError> {
    let max_score = score_of("maxScore", c.max_score)?;
    if max_score == 0 {
        return Err(AppError::bad_input("maxScore", "a criterion's maximum score must be above zero"));
    }
    Ok(CriterionSpec {
        aspect: text::bounded("aspect", &c.aspect, NAME_MAX)?,
        item: text::bounded("item", &c.item, NAME_MAX)?,
        title: text::bounded("title", &c.title, TITLE_MAX)?,
        max_score,
        guidance: text::optional("guidance", &c.guidance, TEXT_MAX)?,
        evidence: text::optional("evidence", &c.evidence, TEXT_MAX)?,
        indicator_id: c.indicator_id,
        bonus: c.bonus,
        applies_to: c.applies_to,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn criterion_of(max: &str, bonus: bool) -> NewCriterion {
        NewCriterion {
            aspect: "组织领导".into(),
            item: "机构健全".into(),
            title: "成立创建工作领导小组".into(),
            max_score: d(max),
            guidance: String::new(),
            evidence: "  ".into(),
            indicator_id: None,
            bonus,
            applies_to: AppliesTo::All,
        }
    }

    fn scheme(criteria: Vec<NewCriterion>) -> SchemeInput {
        SchemeInput { year: 2020, name: "2020年度考评方案".into(), bonus_cap: d("5"), criteria }
    }

    fn field_of(r: Result<SchemeSpec, AppError>) -> String {
        match r {
            Err(AppError::BadInput { field, .. }) => field,
            other => panic!("expected BAD_INPUT, got {other:?}"),
        }
    }

    #[test]
    fn a_scheme_has_a_year_and_a_scored_criterion() {
        let spec = SchemeSpec::try_from(&scheme(vec![criterion_of("10", false), criterion_of("2", true)])).unwrap();
        assert_eq!(spec.criteria[0].max_score, 100_000);
        assert_eq!(spec.criteria[0].evidence, "", "a blank text is stored empty");
        assert_eq!(field_of(SchemeSpec::try_from(&scheme(vec![criterion_of("2", true)]))), "aspects");
        let odd_year = SchemeInput { year: 1999, ..scheme(vec![criterion_of("10", false)]) };
        assert_eq!(field_of(SchemeSpec::try_from(&odd_year)), "year");
        let many = scheme(vec![criterion_of("1", false); CRITERIA_MAX + 1]);
        assert_eq!(field_of(SchemeSpec::try_from(&many)), "aspects");
    }

    #[test]
    fn a_criterion_scores_above_zero() {
        assert_eq!(field_of(SchemeSpec::try_from(&scheme(vec![criterion_of("0", false)]))), "maxScore");
        assert_eq!(field_of(SchemeSpec::try_from(&scheme(vec![criterion_of("-1", false)]))), "maxScore");
        let untitled = NewCriterion { title: String::new(), ..criterion_of("10", false) };
        assert_eq!(field_of(SchemeSpec::try_from(&scheme(vec![untitled]))), "title");
    }
}
