//! Bounded, trimmed display text (names and the like).

use crate::error::AppError;

/// Trims `raw` and checks it is non-empty and at most `max_chars` characters (not bytes:
/// Chinese names are three bytes a character).
pub fn bounded(field: &str, raw: &str, max_chars: usize) -> Result<String, AppError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(AppError::bad_input(field, format!("{field} 不能为空 / {field} must not be empty")));
    }
    let len = value.chars().count();
    if len > max_chars {
        return Err(AppError::bad_input(
            field,
            format!(
                "{field} 长 {len} 个字符，最多 {max_chars} 个 / {field} is {len} characters long; at most {max_chars} are allowed"
            ),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(AppError::bad_input(
            field,
            format!("{field} 不能含控制字符 / {field} must not contain control characters"),
        ));
    }
    Ok(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_characters_not_bytes() {
        assert_eq!(bounded("name", " 柳州市 ", 3).unwrap(), "柳州市");
        assert!(bounded("name", "柳州市人", 3).is_err());
        assert!(bounded("name", "   ", 3).is_err());
        assert!(bounded("name", "a\u{0}b", 3).is_err());
    }
}
