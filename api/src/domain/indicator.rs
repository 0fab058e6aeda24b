//! Indicators (指标): what is measured, in which unit, as which kind of number, and how values
//! combine up the tree.

use rust_decimal::Decimal;

use crate::domain::text;
use crate::domain::unit::labelled_enum;
use crate::error::AppError;

labelled_enum!(
    /// The kind of number an indicator takes.
    ValueType {
        Count => "COUNT", "计数(整数)";
        Amount => "AMOUNT", "金额(精确小数)";
        Percent => "PERCENT", "百分比(0-100)";
    }
);

labelled_enum!(
    /// How the values of a subtree combine.
    Aggregation {
        Sum => "SUM", "求和";
        Avg => "AVG", "平均";
        Min => "MIN", "最小";
        Max => "MAX", "最大";
        Latest => "LATEST", "最新";
    }
);

labelled_enum!(
    /// What area of the campaign an indicator belongs to.
    IndicatorCategory {
        Publicity => "PUBLICITY", "宣传教育";
        Funding => "FUNDING", "资金投入";
        PovertyAlleviation => "POVERTY_ALLEVIATION", "脱贫攻坚";
        Organisation => "ORGANISATION", "组织建设";
        Activities => "ACTIVITIES", "创建活动";
        Other => "OTHER", "其他";
    }
);

labelled_enum!(
    /// Where a tenant's effective target comes from: its own target, else the quota it received.
    TargetSource {
        Own => "OWN", "本级目标";
        Quota => "QUOTA", "上级下达配额";
    }
);

impl TargetSource {
    /// The effective target of a tenant and where it comes from.
    pub fn effective(own: Option<i64>, quota: Option<i64>) -> Option<(i64, TargetSource)> {
        own.map(|t| (t, TargetSource::Own)).or(quota.map(|q| (q, TargetSource::Quota)))
    }
}

/// Units of measure the campaign's indicators commonly use (a suggestion for clients: any unit
/// of at most [`UNIT_MAX`] characters is accepted, e.g. 人次).
pub const MEASURE_UNITS: [&str; 10] = ["场次", "份", "条", "期", "万元", "亿元", "户", "人", "个", "%"];

/// Longest unit of measure (characters).
pub const UNIT_MAX: usize = 16;

/// A unit of measure as sent: trimmed, 1 to [`UNIT_MAX`] characters, no control characters.
pub fn measure_unit(raw: &str) -> Result<String, AppError> {
    text::bounded("measureUnit", raw, UNIT_MAX)
}

/// What may still change about an indicator once it is defined: its name, unit (until figures or
/// targets use it; the service checks) and description. `None` keeps it as it is.
#[derive(Debug, Default)]
pub struct IndicatorEdit {
    pub name: Option<String>,
    pub measure_unit: Option<String>,
    pub description: Option<String>,
}

/// An edit that can be applied: each given field parsed as on definition, at least one given.
#[derive(Debug, PartialEq, Eq)]
pub struct EditSpec {
    pub name: Option<String>,
    pub measure_unit: Option<String>,
    pub description: Option<String>,
}

impl TryFrom<IndicatorEdit> for EditSpec {
    type Error = AppError;

    fn try_from(edit: IndicatorEdit) -> Result<Self, AppError> {
        if edit.name.is_none() && edit.measure_unit.is_none() && edit.description.is_none() {
            return Err(AppError::bad_input(
                "input",
                "请至少修改名称、单位或说明中的一项 / change at least one of name, measureUnit, description",
            ));
        }
        Ok(EditSpec {
            name: edit.name.map(|n| text::bounded("name", &n, NAME_MAX)).transpose()?,
            measure_unit: edit.measure_unit.map(|u| measure_unit(&u)).transpose()?,
            description: edit.description.map(|d| text::optional("description", &d, DESCRIPTION_MAX)).transpose()?,
        })
    }
}

/// Most decimal places an AMOUNT keeps.
pub const AMOUNT_SCALE: u32 = 4;

impl ValueType {
    /// Checks a reported or target value against the type. `field` names it in the error.
    pub fn check(self, field: &str, v: Decimal) -> Result<Decimal, AppError> {
        if v.is_sign_negative() && !v.is_zero() {
            return Err(AppError::bad_input(field, format!("{v} 不能为负数 / {field} cannot be negative (got {v})")));
        }
        match self {
            ValueType::Count if v.fract() != Decimal::ZERO => Err(AppError::bad_input(
                field,
                format!(
                    "{v} 不是整数：该指标按个数计，请填整数 / {field} counts whole items; {v} is not a whole number"
                ),
            )),
            ValueType::Amount | ValueType::Percent if v.normalize().scale() > AMOUNT_SCALE => Err(AppError::bad_input(
                field,
                format!(
                    "{v} 的小数位太多：最多保留 {AMOUNT_SCALE} 位 / {field} keeps at most {AMOUNT_SCALE} decimal places (got {v})"
                ),
            )),
            ValueType::Percent if v > Decimal::ONE_HUNDRED => Err(AppError::bad_input(
                field,
                format!("{v} 不是百分比：请填 0 到 100 之间的数 / {field} is a percentage from 0 to 100 (got {v})"),
            )),
            _ => Ok(v.normalize()),
        }
    }

    /// Whether values of this type may be added (a percentage may not be summed).
    pub fn allows(self, a: Aggregation) -> bool {
        !(self == ValueType::Percent && a == Aggregation::Sum)
    }
}

/// Longest indicator name, and description (characters).
pub const NAME_MAX: usize = 100;
pub const DESCRIPTION_MAX: usize = 2000;

/// An indicator as sent.
pub struct NewIndicator {
    pub code: String,
    pub name: String,
    pub measure_unit: String,
    pub value_type: ValueType,
    pub aggregation: Aggregation,
    pub category: IndicatorCategory,
    pub description: String,
}

/// An indicator that can be defined: a code of 1 to 32 of A-Z, 0-9, `_`, `-`, `.` (upper-cased),
/// a name, a unit of measure (free-form, see [`measure_unit`]), an aggregation its value type
/// allows.
#[derive(Debug, PartialEq, Eq)]
pub struct IndicatorSpec {
    pub code: String,
    pub name: String,
    pub measure_unit: String,
    pub value_type: ValueType,
    pub aggregation: Aggregation,
    pub category: IndicatorCategory,
    pub description: String,
}

impl TryFrom<NewIndicator> for IndicatorSpec {
    type Error = AppError;

    fn try_from(input: NewIndicator) -> Result<Self, AppError> {
        let code = input.code.trim().to_ascii_uppercase();
        let code_ok = (1..=32).contains(&code.len())
            && code.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "_-.".contains(c));
        if !code_ok {
            return Err(AppError::bad_input("code", "a code has 1 to 32 characters: A-Z, 0-9, '_', '-', '.'"));
        }
        let name = text::bounded("name", &input.name, NAME_MAX)?;
        let measure_unit = measure_unit(&input.measure_unit)?;
        if !input.value_type.allows(input.aggregation) {
            return Err(AppError::bad_input(
                "aggregation",
                format!("{} values cannot be combined by {}", input.value_type.as_str(), input.aggregation.as_str()),
            ));
        }
        Ok(IndicatorSpec {
            code,
            name,
            measure_unit,
            value_type: input.value_type,
            aggregation: input.aggregation,
            category: input.category,
            description: text::optional("description", &input.description, DESCRIPTION_MAX)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn new_indicator(code: &str, unit: &str, value_type: ValueType, aggregation: Aggregation) -> NewIndicator {
        NewIndicator {
            code: code.into(),
            name: "民族团结进步宣传活动".into(),
            measure_unit: unit.into(),
            value_type,
            aggregation,
            category: IndicatorCategory::ALL[0],
            description: String::new(),
        }
    }

    fn field_of(r: Result<IndicatorSpec, AppError>) -> String {
        match r {
            Err(AppError::BadInput { field, .. }) => field,
            other => panic!("expected BAD_INPUT, got {other:?}"),
        }
    }

    #[test]
    fn an_indicator_is_parsed_field_by_field() {
        let spec = IndicatorSpec::try_from(new_indicator(" act_2019.q ", "场次", ValueType::Count, Aggregation::Sum));
        assert_eq!(spec.unwrap().code, "ACT_2019.Q", "codes are trimmed and upper-cased");
        let bad_code = new_indicator("活动", "场次", ValueType::Count, Aggregation::Sum);
        assert_eq!(field_of(IndicatorSpec::try_from(bad_code)), "code");
        let long_code = new_indicator(&"A".repeat(33), "场次", ValueType::Count, Aggregation::Sum);
        assert_eq!(field_of(IndicatorSpec::try_from(long_code)), "code");
        for bad_unit in ["  ", &"人".repeat(UNIT_MAX + 1), "人\n次"] {
            let odd_unit = new_indicator("ACT", bad_unit, ValueType::Count, Aggregation::Sum);
            assert_eq!(field_of(IndicatorSpec::try_from(odd_unit)), "measureUnit");
        }
        // Units are free-form: 人次 (person-times) is what activity ledgers count in.
        let person_times = new_indicator("VISITS", " 人次 ", ValueType::Count, Aggregation::Sum);
        assert_eq!(IndicatorSpec::try_from(person_times).map(|s| s.measure_unit).ok().as_deref(), Some("人次"));
        let summed_percent = new_indicator("RATE", "%", ValueType::Percent, Aggregation::Sum);
        assert_eq!(field_of(IndicatorSpec::try_from(summed_percent)), "aggregation");
    }

    #[test]
    fn an_edit_parses_what_it_changes_and_needs_something_to_change() {
        assert_eq!(field_of_edit(IndicatorEdit::default()), "input");
        let blank = IndicatorEdit { name: Some(" ".into()), ..Default::default() };
        assert_eq!(field_of_edit(blank), "name");
        let unit =
            IndicatorEdit {
                measure_unit: Some(" 人次 ".into()), description: Some("  ".into()), ..Default::default()
            };
        let spec = EditSpec::try_from(unit).ok();
        assert_eq!(
            spec,
            Some(EditSpec { name: None, measure_unit: Some("人次".into()), description: Some(String::new()) })
        );
    }

    fn field_of_edit(edit: IndicatorEdit) -> String {
        match EditSpec::try_from(edit) {
            Err(AppError::BadInput { field, .. }) => field,
            other => panic!("expected BAD_INPUT, got {other:?}"),
        }
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn values_are_checked_by_type() {
        assert!(ValueType::Count.check("value", d("800")).is_ok());
        assert!(ValueType::Count.check("value", d("1.5")).is_err());
        assert!(ValueType::Count.check("value", d("-1")).is_err());
        assert_eq!(ValueType::Amount.check("value", d("12.3100")).unwrap(), d("12.31"));
        assert!(ValueType::Amount.check("value", d("0.00001")).is_err());
        assert!(ValueType::Percent.check("value", d("80.64")).is_ok());
        assert!(ValueType::Percent.check("value", d("100.01")).is_err());
    }

    #[test]
    fn percentages_are_not_summed() {
        assert!(!ValueType::Percent.allows(Aggregation::Sum));
        assert!(ValueType::Percent.allows(Aggregation::Avg));
        assert!(ValueType::Amount.allows(Aggregation::Sum));
    }
}
