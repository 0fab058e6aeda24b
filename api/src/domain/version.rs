//! Optimistic versions: a row starts at version 1 and every change adds one. A client sends the
//! version it saw; a change applies only to a row still at it.

use crate::error::AppError;

/// The version a change to a row at `version` gives it. A version no row can be at (below 1, or
/// the last an `Int` holds) is CONFLICT, as any version the row is not at.
pub fn next(version: i32) -> Result<i32, AppError> {
    match version.checked_add(1) {
        Some(next) if version >= 1 => Ok(next),
        _ => Err(AppError::conflict(
            "version",
            format!(
                "版本 {version} 不是该记录的当前版本，请刷新后重试 / version {version} is not the record's current version; reload it and try again"
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_version_a_row_can_be_at_has_a_next() {
        assert_eq!(next(1).unwrap(), 2);
        assert_eq!(next(i32::MAX - 1).unwrap(), i32::MAX);
        for v in [0, -1, i32::MIN, i32::MAX] {
            assert!(matches!(next(v), Err(AppError::Conflict { .. })), "{v}");
        }
    }
}
