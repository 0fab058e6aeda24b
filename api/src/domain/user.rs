//! Usernames and the password policy.

use crate::error::AppError;

/// A login name: 3–64 characters of lowercase ASCII letters, digits, `.`, `_` or `-`, starting
/// with a letter or digit. Stored lowercased so `Admin` and `admin` are one account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let name = raw.trim().to_ascii_lowercase();
        let len = name.chars().count();
        if !(3..=64).contains(&len) {
            return Err(AppError::bad_input("username", "a username has 3 to 64 characters"));
        }
        let ok_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c);
        if !name.chars().all(ok_char) || !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return Err(AppError::bad_input(
                "username",
                "a username uses a-z, 0-9, '.', '_' or '-' and starts with a letter or digit",
            ));
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The longest password accepted: hashing cost must not be an attack surface.
pub const PASSWORD_MAX_CHARS: usize = 256;

/// A new password that satisfies the policy.
pub struct NewPassword(String);

impl NewPassword {
    pub fn parse(raw: &str, min_chars: usize) -> Result<Self, AppError> {
        let len = raw.chars().count();
        if len < min_chars {
            return Err(AppError::bad_input("password", format!("a password has at least {min_chars} characters")));
        }
        if len > PASSWORD_MAX_CHARS {
            return Err(AppError::bad_input(
                "password",
                format!("a password has at most {PASSWORD_MAX_CHARS} characters"),
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert_eq!(Username::parse(" LiuZhou.Admin ").unwrap().as_str(), "liuzhou.admin");
        assert!(Username::parse("ab").is_err());
        assert!(Username::parse("-abc").is_err());
        assert!(Username::parse("柳州").is_err());
        assert!(Username::parse(&"a".repeat(65)).is_err());
    }

    #[test]
    fn passwords() {
        assert!(NewPassword::parse("short", 10).is_err());
        assert!(NewPassword::parse("long enough pw", 10).is_ok());
        assert!(NewPassword::parse(&"x".repeat(257), 10).is_err());
    }
}
