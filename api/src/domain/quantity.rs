//! Exact quantities stored as whole ten-thousandths in a 64-bit integer: exact like a decimal,
//! and summable by the database on SQLite and PostgreSQL alike (SQLite has no exact decimal
//! type; its drivers read NUMERIC through f64).

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::error::AppError;

/// Fractional digits kept.
pub const SCALE: u32 = 4;
const FACTOR: i64 = 10_000;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quantity(pub i64);

/// Largest value of one reported figure: 100,000,000 in the indicator's unit.
pub const FIGURE_MAX: Quantity = Quantity(1_000_000_000_000);
/// Largest aggregate, target or quota: 100,000,000,000,000, so that a city of 1,000,000 subjects
/// each at [`FIGURE_MAX`] fits, and so does any sum of a request's changes on top of it. The
/// database refuses rows over these bounds as well (migration `m20261202_000008_figures`).
pub const TOTAL_MAX: Quantity = Quantity(1_000_000_000_000_000_000);

impl Quantity {
    pub const ZERO: Quantity = Quantity(0);

    /// A reported figure: exact, at most [`FIGURE_MAX`].
    pub fn figure(field: &str, v: Decimal) -> Result<Quantity, AppError> {
        Self::bounded(field, v, FIGURE_MAX, "一个数值 / one figure")
    }

    /// A target or a quota: exact, at most [`TOTAL_MAX`].
    pub fn goal(field: &str, v: Decimal) -> Result<Quantity, AppError> {
        Self::bounded(field, v, TOTAL_MAX, "目标或配额 / a target or a quota")
    }

    fn bounded(field: &str, v: Decimal, max: Quantity, what: &str) -> Result<Quantity, AppError> {
        let over = || {
            AppError::bad_input(
                field,
                format!(
                    "{v} 超过上限：{what} 最大为 {} / {v} is over the bound: at most {}",
                    max.to_decimal(),
                    max.to_decimal()
                ),
            )
        };
        if v.abs() > max.to_decimal() {
            return Err(over());
        }
        Self::from_decimal(field, v)
    }

    /// `self + other`, or `None` past [`TOTAL_MAX`] (or past what 64 bits hold).
    pub fn checked_add(self, other: Quantity) -> Option<Quantity> {
        self.0.checked_add(other.0).map(Quantity).filter(|q| q.0.abs() <= TOTAL_MAX.0)
    }

    /// Converts a checked value; more than four decimal places or more than ~9.2e14 is refused.
    pub fn from_decimal(field: &str, v: Decimal) -> Result<Quantity, AppError> {
        if v.normalize().scale() > SCALE {
            return Err(AppError::bad_input(
                field,
                format!(
                    "{v} 的小数位太多：最多保留 {SCALE} 位 / {field} keeps at most {SCALE} decimal places (got {v})"
                ),
            ));
        }
        v.checked_mul(Decimal::from(FACTOR)).and_then(|scaled| scaled.to_i64()).map(Quantity).ok_or_else(|| {
            AppError::bad_input(field, format!("{v} 太大，超出可保存的范围 / {field} is too large (got {v})"))
        })
    }

    pub fn to_decimal(self) -> Decimal {
        Decimal::new(self.0, SCALE).normalize()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn round_trips_exactly() {
        for s in ["0", "1", "12.31", "3.82", "80.64", "0.0001", "123456789012.3456"] {
            let d = Decimal::from_str(s).unwrap();
            assert_eq!(Quantity::from_decimal("v", d).unwrap().to_decimal(), d.normalize(), "{s}");
        }
        assert!(Quantity::from_decimal("v", Decimal::from_str("0.00001").unwrap()).is_err());
        assert!(Quantity::from_decimal("v", Decimal::from_str("99999999999999999999").unwrap()).is_err());
    }

    #[test]
    fn figures_and_goals_are_bounded() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(Quantity::figure("v", d("100000000")).unwrap(), FIGURE_MAX);
        assert!(Quantity::figure("v", d("100000000.0001")).is_err());
        assert!(Quantity::figure("v", d("922337203685477")).is_err());
        assert_eq!(Quantity::goal("v", d("100000000000000")).unwrap(), TOTAL_MAX);
        assert!(Quantity::goal("v", d("100000000000000.0001")).is_err());
        assert!(Quantity::goal("v", d("79228162514264337593543950335")).is_err());
        // 1,000,000 subjects at the bound fit, and the checked sum stops at the bound.
        assert_eq!(FIGURE_MAX.0.checked_mul(1_000_000), Some(TOTAL_MAX.0));
        assert_eq!(TOTAL_MAX.checked_add(Quantity(1)), None);
        assert_eq!(Quantity(i64::MAX).checked_add(Quantity(1)), None);
    }

    #[test]
    fn sums_stay_exact() {
        let a = Quantity::from_decimal("v", Decimal::from_str("0.1").unwrap()).unwrap();
        let b = Quantity::from_decimal("v", Decimal::from_str("0.2").unwrap()).unwrap();
        assert_eq!(Quantity(a.0 + b.0).to_decimal(), Decimal::from_str("0.3").unwrap());
    }
}
