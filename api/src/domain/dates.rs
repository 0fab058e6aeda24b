//! The dates an input may name: none before 2000 (the campaign's records begin after it), and
//! none further ahead than what the date is for allows. "Today" is the China date (UTC+8).

use chrono::{DateTime, Months, NaiveDate, Utc};

use crate::error::AppError;

/// How far ahead of today a date may lie.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ahead {
    /// Something that happened, or a bound of a search: up to one year ahead.
    Year,
    /// A deadline: up to two years ahead.
    Deadline,
    /// A review planned years ahead (a designation is reviewed after some years): up to ten.
    Review,
}

impl Ahead {
    fn months(self) -> u32 {
        match self {
            Ahead::Year => 12,
            Ahead::Deadline => 24,
            Ahead::Review => 120,
        }
    }
}

pub fn earliest() -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// The last date `ahead` allows, from `today`.
pub fn latest(today: NaiveDate, ahead: Ahead) -> NaiveDate {
    today.checked_add_months(Months::new(ahead.months())).unwrap_or(NaiveDate::MAX)
}

/// `date` if it lies from 2000-01-01 to `ahead` of `today`; BAD_USER_INPUT on `field` otherwise.
pub fn within(field: &str, date: NaiveDate, today: NaiveDate, ahead: Ahead) -> Result<NaiveDate, AppError> {
    let (first, last) = (earliest(), latest(today, ahead));
    if (first..=last).contains(&date) {
        return Ok(date);
    }
    Err(AppError::bad_input(
        field,
        format!("日期 {date} 须在 {first} 至 {last} 之间 / the date {date} must lie from {first} to {last}"),
    ))
}

/// The same for an instant, by its China date.
pub fn within_instant(
    field: &str,
    at: DateTime<Utc>,
    today: NaiveDate,
    ahead: Ahead,
) -> Result<DateTime<Utc>, AppError> {
    let china = at.checked_add_signed(chrono::Duration::hours(8)).unwrap_or(at).date_naive();
    within(field, china, today, ahead)?;
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn from_2000_to_what_the_date_is_for_allows() {
        let today = d(2026, 12, 3);
        assert!(within("on", d(2000, 1, 1), today, Ahead::Year).is_ok());
        assert!(within("on", d(1999, 12, 31), today, Ahead::Year).is_err());
        assert!(within("on", d(1, 1, 1), today, Ahead::Year).is_err());
        assert!(within("on", d(2027, 12, 3), today, Ahead::Year).is_ok());
        assert!(within("on", d(2027, 12, 4), today, Ahead::Year).is_err());
        assert!(within("on", d(2028, 12, 3), today, Ahead::Deadline).is_ok());
        assert!(within("on", d(2036, 12, 3), today, Ahead::Review).is_ok());
        assert!(within("on", d(9999, 12, 31), today, Ahead::Review).is_err());
        let err = within("deadline", d(1, 1, 1), today, Ahead::Deadline).unwrap_err();
        assert!(err.message().starts_with("日期 0001-01-01 须在 2000-01-01 至 2028-12-03 之间"), "{}", err.message());
    }

    #[test]
    fn instants_by_their_china_date() {
        let today = d(2026, 12, 3);
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        assert!(within_instant("since", at("1999-12-31T16:00:00Z"), today, Ahead::Year).is_ok());
        assert!(within_instant("since", at("1999-12-31T15:59:59Z"), today, Ahead::Year).is_err());
        assert!(within_instant("since", at("9999-12-31T23:59:59Z"), today, Ahead::Year).is_err());
    }
}
