//! Tenant levels and administrative division codes (GB/T 2260 style).
//!
//! The level list lives here and nowhere else: a child is exactly one level below its parent.

use crate::error::AppError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    City,
    County,
    Township,
}

impl Level {
    /// Top to bottom.
    pub const ALL: [Level; 3] = [Level::City, Level::County, Level::Township];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::City => "CITY",
            Level::County => "COUNTY",
            Level::Township => "TOWNSHIP",
        }
    }

    pub fn parse(raw: &str) -> Option<Level> {
        Self::ALL.into_iter().find(|l| l.as_str() == raw)
    }

    pub fn label(self) -> &'static str {
        match self {
            Level::City => "市级",
            Level::County => "县(区)级",
            Level::Township => "乡镇(街道)级",
        }
    }

    /// The level of a child of a tenant at this level, if it may have children.
    pub fn child(self) -> Option<Level> {
        match self {
            Level::City => Some(Level::County),
            Level::County => Some(Level::Township),
            Level::Township => None,
        }
    }

    /// Number of digits of a division code at this level.
    pub fn code_len(self) -> usize {
        match self {
            Level::City | Level::County => 6,
            Level::Township => 9,
        }
    }
}

impl serde::Serialize for Level {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// An administrative division code, checked against the level it is for and its parent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DivisionCode(String);

impl DivisionCode {
    /// Parses a code for a tenant at `level` under a parent with `parent_code` (none for a city).
    ///
    /// Rules: digits only; 6 digits for city and county, 9 for township; a city code ends in
    /// `00` and is not a province (`xx0000`); a county shares its city's first four digits and
    /// does not end in `00`; a township starts with its county's six digits.
    pub fn parse(raw: &str, level: Level, parent_code: Option<&str>) -> Result<Self, AppError> {
        let code = raw.trim();
        let want = level.code_len();
        if code.len() != want || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(AppError::bad_input(
                "code",
                format!("a {} code has exactly {want} digits; got {code:?}", level.as_str()),
            ));
        }
        let fail = |why: &str| Err(AppError::bad_input("code", format!("code {code}: {why}")));
        match (level, parent_code) {
            (Level::City, _) => {
                if !code.ends_with("00") || code.ends_with("0000") {
                    return fail("a city code ends in 00 but not in 0000");
                }
            }
            (Level::County, Some(parent)) => {
                if code[..4] != parent[..4.min(parent.len())] || code.ends_with("00") {
                    return fail(&format!(
                        "a county code starts with its city's first four digits ({}) and does not end in 00",
                        &parent[..4.min(parent.len())]
                    ));
                }
            }
            (Level::Township, Some(parent)) => {
                if !code.starts_with(parent) || code.ends_with("000") {
                    return fail(&format!(
                        "a township code starts with its county's code ({parent}) and does not end in 000"
                    ));
                }
            }
            (_, None) => return fail("only a city has no parent"),
        }
        Ok(Self(code.to_owned()))
    }

    /// A code as someone looking a tenant up types it: trimmed, full-width digits (０-９) read
    /// as digits, 6 digits (city, county) or 9 (township). Whether a tenant has it is not checked.
    pub fn lookup(raw: &str) -> Result<Self, AppError> {
        let code: String = raw
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                other => other,
            })
            .collect();
        if (code.len() == 6 || code.len() == 9) && code.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(code))
        } else {
            Err(AppError::bad_input("code", "区划代码为 6 位或 9 位数字 / a division code has 6 or 9 digits"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_looked_up_is_six_or_nine_digits_full_width_or_not() {
        assert_eq!(DivisionCode::lookup(" 450225 ").unwrap().as_str(), "450225");
        assert_eq!(DivisionCode::lookup("４５０２２５").unwrap().as_str(), "450225");
        assert_eq!(DivisionCode::lookup("450223102").unwrap().as_str(), "450223102");
        for bad in ["", "45022", "4502250", "45022a", "融水县", "4502251020"] {
            assert!(DivisionCode::lookup(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn levels_step_down_one_at_a_time() {
        assert_eq!(Level::City.child(), Some(Level::County));
        assert_eq!(Level::County.child(), Some(Level::Township));
        assert_eq!(Level::Township.child(), None);
        for l in Level::ALL {
            assert_eq!(Level::parse(l.as_str()), Some(l));
        }
    }

    #[test]
    fn real_codes_parse() {
        assert!(DivisionCode::parse("450200", Level::City, None).is_ok());
        assert!(DivisionCode::parse("450225", Level::County, Some("450200")).is_ok());
        assert!(DivisionCode::parse("450223102", Level::Township, Some("450223")).is_ok());
    }

    #[test]
    fn wrong_codes_are_refused() {
        assert!(DivisionCode::parse("45020", Level::City, None).is_err());
        assert!(DivisionCode::parse("450000", Level::City, None).is_err());
        assert!(DivisionCode::parse("45020a", Level::City, None).is_err());
        assert!(DivisionCode::parse("450325", Level::County, Some("450200")).is_err());
        assert!(DivisionCode::parse("450200", Level::County, Some("450200")).is_err());
        assert!(DivisionCode::parse("450225", Level::Township, Some("450223")).is_err());
        assert!(DivisionCode::parse("450224102", Level::Township, Some("450223")).is_err());
        assert!(DivisionCode::parse("450225", Level::County, None).is_err());
    }
}
