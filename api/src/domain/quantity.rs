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

impl Quantity {
    pub const ZERO: Quantity = Quantity(0);

    /// Converts a checked value; more than four decimal places or more than ~9.2e14 is refused.
    pub fn from_decimal(field: &str, v: Decimal) -> Result<Quantity, AppError> {
        if v.normalize().scale() > SCALE {
            return Err(AppError::bad_input(field, format!("{field} keeps at most {SCALE} decimal places (got {v})")));
        }
        v.checked_mul(Decimal::from(FACTOR))
            .and_then(|scaled| scaled.to_i64())
            .map(Quantity)
            .ok_or_else(|| AppError::bad_input(field, format!("{field} is too large (got {v})")))
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
    fn sums_stay_exact() {
        let a = Quantity::from_decimal("v", Decimal::from_str("0.1").unwrap()).unwrap();
        let b = Quantity::from_decimal("v", Decimal::from_str("0.2").unwrap()).unwrap();
        assert_eq!(Quantity(a.0 + b.0).to_decimal(), Decimal::from_str("0.3").unwrap());
    }
}
