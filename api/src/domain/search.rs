//! Text a client searches by: bounded in length, and matched literally (`%` and `_` are
//! characters to find, not wildcards).

use crate::error::AppError;

/// Longest search text accepted, in characters (names are at most a few dozen).
pub const MAX_SEARCH_CHARS: usize = 100;

/// The escape character of the LIKE patterns built here.
pub const LIKE_ESCAPE: char = '\\';

/// A parsed "contains" filter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contains(String);

impl Contains {
    /// `None` for empty text (no filter); BAD_USER_INPUT on `field` when too long.
    pub fn parse(field: &str, raw: &str) -> Result<Option<Self>, AppError> {
        let len = raw.chars().count();
        if len > MAX_SEARCH_CHARS {
            return Err(AppError::bad_input(
                field,
                format!(
                    "{field} 长 {len} 个字符，最多 {MAX_SEARCH_CHARS} 个 / {field} is {len} characters long; \
                     at most {MAX_SEARCH_CHARS} are allowed"
                ),
            ));
        }
        Ok((!raw.is_empty()).then(|| Self(raw.to_owned())))
    }

    /// The LIKE pattern matching the text anywhere, its wildcards escaped with [`LIKE_ESCAPE`].
    pub fn like_pattern(&self) -> String {
        let mut out = String::with_capacity(self.0.len() + 2);
        out.push('%');
        for c in self.0.chars() {
            if matches!(c, '%' | '_' | LIKE_ESCAPE) {
                out.push(LIKE_ESCAPE);
            }
            out.push(c);
        }
        out.push('%');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_are_matched_literally() {
        let c = Contains::parse("nameContains", "100%_\\").unwrap().unwrap();
        assert_eq!(c.like_pattern(), "%100\\%\\_\\\\%");
        assert_eq!(Contains::parse("nameContains", "").unwrap(), None);
    }

    #[test]
    fn long_text_is_bad_input_naming_the_field() {
        let err = Contains::parse("nameContains", &"x".repeat(100_000)).unwrap_err();
        assert!(matches!(err, AppError::BadInput { ref field, .. } if field == "nameContains"));
    }
}
