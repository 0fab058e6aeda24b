//! Bounded, trimmed text: names and the like, optional long text, reasons, and lists of ledger
//! evidence references (台账), with the limits every workflow shares.

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

/// At most this many evidence references on one step.
pub const EVIDENCE_MAX_ITEMS: usize = 50;
/// At most this many characters in one evidence reference (a file name, a link).
pub const EVIDENCE_MAX_CHARS: usize = 500;
/// At most this many characters in a reason (a return, a rejection, a reopen).
pub const REASON_MAX: usize = 1000;

/// Optional long text: blank is empty, anything else is [`bounded`].
pub fn optional(field: &str, raw: &str, max_chars: usize) -> Result<String, AppError> {
    if raw.trim().is_empty() { Ok(String::new()) } else { bounded(field, raw, max_chars) }
}

/// An optional reason: none when absent or blank, otherwise trimmed and at most [`REASON_MAX`].
pub fn reason(raw: Option<&str>) -> Result<Option<String>, AppError> {
    match raw.map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) => Ok(Some(bounded("reason", r, REASON_MAX)?)),
        None => Ok(None),
    }
}

/// Ledger evidence references: at most [`EVIDENCE_MAX_ITEMS`], each non-empty and at most
/// [`EVIDENCE_MAX_CHARS`].
pub fn evidence(field: &str, refs: &[String]) -> Result<Vec<String>, AppError> {
    if refs.len() > EVIDENCE_MAX_ITEMS {
        return Err(AppError::bad_input(
            field,
            format!("证据最多 {EVIDENCE_MAX_ITEMS} 项 / at most {EVIDENCE_MAX_ITEMS} evidence references"),
        ));
    }
    refs.iter().map(|r| bounded(field, r, EVIDENCE_MAX_CHARS)).collect()
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

    #[test]
    fn a_blank_reason_is_none_and_a_long_one_is_refused() {
        assert_eq!(reason(None).unwrap(), None);
        assert_eq!(reason(Some("  ")).unwrap(), None);
        assert_eq!(reason(Some(" 数据有误 ")).unwrap().as_deref(), Some("数据有误"));
        assert!(reason(Some(&"因".repeat(REASON_MAX + 1))).is_err());
        assert!(reason(Some(&"因".repeat(REASON_MAX))).is_ok());
    }

    #[test]
    fn evidence_is_bounded_in_count_and_length() {
        let ok: Vec<String> = (0..EVIDENCE_MAX_ITEMS).map(|i| format!("台账/{i}.pdf")).collect();
        assert_eq!(evidence("evidence", &ok).unwrap().len(), EVIDENCE_MAX_ITEMS);
        let too_many: Vec<String> = (0..=EVIDENCE_MAX_ITEMS).map(|i| format!("{i}")).collect();
        assert!(evidence("evidence", &too_many).is_err());
        assert!(evidence("evidence", &["x".repeat(EVIDENCE_MAX_CHARS + 1)]).is_err());
        assert!(evidence("evidence", &[" ".to_owned()]).is_err(), "an empty reference is refused");
    }

    #[test]
    fn optional_text_may_be_blank() {
        assert_eq!(optional("statement", "  ", 3).unwrap(), "");
        assert!(optional("statement", "长长长长", 3).is_err());
    }
}
