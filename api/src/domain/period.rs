//! Reporting periods: a year, a quarter or a month. A month rolls into its quarter and year, a
//! quarter into its year. Written as `2019`, `2019-Q2`, `2019-03`.

use std::fmt;

use crate::error::AppError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Granularity {
    Year,
    Quarter,
    Month,
}

impl Granularity {
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Year => "YEAR",
            Granularity::Quarter => "QUARTER",
            Granularity::Month => "MONTH",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Granularity::Year => "年度",
            Granularity::Quarter => "季度",
            Granularity::Month => "月度",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Year(i32),
    Quarter(i32, u8),
    Month(i32, u8),
}

/// Today's date in China (UTC+8), which is what "this month" means to every user.
pub fn china_today() -> chrono::NaiveDate {
    china_date(chrono::Utc::now())
}

/// The date in China (UTC+8) at an instant: what a deadline is compared with.
pub fn china_date(at: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    (at + chrono::Duration::hours(8)).date_naive()
}

/// Years a campaign may name.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

impl Period {
    pub fn parse(raw: &str) -> Result<Period, AppError> {
        let bad = || {
            AppError::bad_input(
                "period",
                format!(
                    "{raw:?} 不是期间：请写 2019、2019-Q2 或 2019-03 / {raw:?} is not a period: write 2019, 2019-Q2 or 2019-03"
                ),
            )
        };
        let raw = raw.trim();
        let (year, rest) = match raw.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (raw, None),
        };
        if year.len() != 4 {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        if !YEARS.contains(&year) {
            let (from, to) = (YEARS.start(), YEARS.end());
            return Err(AppError::bad_input(
                "period",
                format!("{raw:?} 的年份须在 {from} 到 {to} 之间 / the year of {raw:?} must be from {from} to {to}"),
            ));
        }
        match rest {
            None => Ok(Period::Year(year)),
            Some(q) if q.len() == 2 && q.starts_with('Q') => match q[1..].parse::<u8>() {
                Ok(n @ 1..=4) => Ok(Period::Quarter(year, n)),
                _ => Err(bad()),
            },
            Some(m) if m.len() == 2 => match m.parse::<u8>() {
                Ok(n @ 1..=12) => Ok(Period::Month(year, n)),
                _ => Err(bad()),
            },
            Some(_) => Err(bad()),
        }
    }

    /// The first day of the period.
    pub fn first_day(self) -> chrono::NaiveDate {
        let (y, m) = match self {
            Period::Year(y) => (y, 1),
            Period::Quarter(y, q) => (y, u32::from(q) * 3 - 2),
            Period::Month(y, m) => (y, u32::from(m)),
        };
        chrono::NaiveDate::from_ymd_opt(y, m, 1).unwrap_or_default()
    }

    /// Whether a period covers `other` (itself, or a shorter period inside it).
    pub fn covers(self, other: Period) -> bool {
        self == other || other.rolls_into().contains(&self)
    }

    pub fn granularity(self) -> Granularity {
        match self {
            Period::Year(_) => Granularity::Year,
            Period::Quarter(..) => Granularity::Quarter,
            Period::Month(..) => Granularity::Month,
        }
    }

    pub fn year(self) -> i32 {
        match self {
            Period::Year(y) | Period::Quarter(y, _) | Period::Month(y, _) => y,
        }
    }

    /// The periods this one rolls into, nearest first: a month's quarter and year, a quarter's
    /// year.
    pub fn rolls_into(self) -> Vec<Period> {
        match self {
            Period::Year(_) => vec![],
            Period::Quarter(y, _) => vec![Period::Year(y)],
            Period::Month(y, m) => vec![Period::Quarter(y, (m - 1) / 3 + 1), Period::Year(y)],
        }
    }

    /// The period itself and those it rolls into.
    pub fn with_rollups(self) -> Vec<Period> {
        let mut v = vec![self];
        v.extend(self.rolls_into());
        v
    }

    /// The period itself and every shorter period inside it: a year's quarters and months, a
    /// quarter's months.
    pub fn covered(self) -> Vec<Period> {
        match self {
            Period::Year(y) => {
                let mut v = vec![self];
                v.extend((1..=4).map(|q| Period::Quarter(y, q)));
                v.extend((1..=12).map(|m| Period::Month(y, m)));
                v
            }
            Period::Quarter(y, q) => {
                let mut v = vec![self];
                v.extend((1..=3).map(|i| Period::Month(y, (q - 1) * 3 + i)));
                v
            }
            Period::Month(..) => vec![self],
        }
    }

    /// Every period of one granularity in a span of years, in order.
    pub fn all_in(years: std::ops::RangeInclusive<i32>, g: Granularity) -> Vec<Period> {
        let mut out = Vec::new();
        for y in years {
            match g {
                Granularity::Year => out.push(Period::Year(y)),
                Granularity::Quarter => out.extend((1..=4).map(|q| Period::Quarter(y, q))),
                Granularity::Month => out.extend((1..=12).map(|m| Period::Month(y, m))),
            }
        }
        out
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Quarter(y, q) => write!(f, "{y}-Q{q}"),
            Period::Month(y, m) => write!(f, "{y}-{m:02}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_china_date_turns_at_16_00_utc() {
        use chrono::TimeZone as _;
        let before = chrono::Utc.with_ymd_and_hms(2026, 12, 5, 15, 59, 59).single().unwrap();
        let after = chrono::Utc.with_ymd_and_hms(2026, 12, 5, 16, 0, 0).single().unwrap();
        assert_eq!(china_date(before), chrono::NaiveDate::from_ymd_opt(2026, 12, 5).unwrap());
        assert_eq!(china_date(after), chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap());
    }

    #[test]
    fn parses_and_prints_round_trip() {
        for raw in ["2019", "2019-Q1", "2019-Q4", "2019-01", "2021-12"] {
            assert_eq!(Period::parse(raw).unwrap().to_string(), raw);
        }
        assert_eq!(Period::Quarter(2019, 2).first_day().to_string(), "2019-04-01");
        assert_eq!(Period::Month(2019, 12).first_day().to_string(), "2019-12-01");
        assert!(Period::Year(2019).covers(Period::Month(2019, 5)));
        assert!(Period::Quarter(2019, 2).covers(Period::Month(2019, 5)));
        assert!(!Period::Quarter(2019, 1).covers(Period::Month(2019, 5)));
        assert!(!Period::Month(2019, 5).covers(Period::Year(2019)));
        let message = |raw: &str| match Period::parse(raw) {
            Err(AppError::BadInput { message, .. }) => message,
            other => panic!("{other:?}"),
        };
        assert!(message("1990-01").contains("2000"), "{}", message("1990-01"));
        assert!(message("2019-13").contains("2019-Q2"));
        for bad in ["19", "2019-Q5", "2019-Q0", "2019-13", "2019-00", "2019-1", "abcd", "2019-", "1999", "2019-Q1x"] {
            assert!(Period::parse(bad).is_err(), "{bad} parsed");
        }
    }

    #[test]
    fn months_roll_into_quarters_and_years() {
        assert_eq!(Period::Month(2019, 3).rolls_into(), vec![Period::Quarter(2019, 1), Period::Year(2019)]);
        assert_eq!(Period::Month(2019, 4).rolls_into()[0], Period::Quarter(2019, 2));
        assert_eq!(Period::Month(2019, 12).rolls_into()[0], Period::Quarter(2019, 4));
        assert_eq!(Period::Quarter(2020, 2).rolls_into(), vec![Period::Year(2020)]);
        assert!(Period::Year(2021).rolls_into().is_empty());
        assert_eq!(Period::all_in(2019..=2021, Granularity::Quarter).len(), 12);
        assert_eq!(Period::Year(2019).covered().len(), 17);
        assert_eq!(
            Period::Quarter(2019, 2).covered(),
            vec![Period::Quarter(2019, 2), Period::Month(2019, 4), Period::Month(2019, 5), Period::Month(2019, 6)]
        );
        for m in Period::Year(2019).covered() {
            assert!(m.with_rollups().contains(&Period::Year(2019)));
        }
    }
}
