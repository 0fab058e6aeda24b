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

/// What a new password must be (`auth.password_min_length`, `auth.password_min_classes`).
#[derive(Clone, Copy, Debug)]
pub struct PasswordRules {
    pub min_chars: usize,
    /// Kinds of characters mixed, of: letters (any script), digits, others.
    pub min_classes: usize,
}

impl PasswordRules {
    /// The rules the configuration sets.
    pub fn of(auth: &crate::settings::AuthSettings) -> Self {
        PasswordRules { min_chars: auth.password_min_length, min_classes: auth.password_min_classes }
    }
}

/// A new password that satisfies the policy.
pub struct NewPassword(String);

impl NewPassword {
    pub fn parse(raw: &str, rules: PasswordRules) -> Result<Self, AppError> {
        let len = raw.chars().count();
        let min_chars = rules.min_chars;
        if len < min_chars {
            return Err(AppError::bad_input(
                "password",
                format!("密码至少 {min_chars} 个字符 / a password has at least {min_chars} characters"),
            ));
        }
        if len > PASSWORD_MAX_CHARS {
            return Err(AppError::bad_input(
                "password",
                format!(
                    "密码至多 {PASSWORD_MAX_CHARS} 个字符 / a password has at most {PASSWORD_MAX_CHARS} characters"
                ),
            ));
        }
        let has = |f: fn(&char) -> bool| raw.chars().any(|c| f(&c));
        let classes = [has(|c| c.is_alphabetic()), has(|c| c.is_numeric()), has(|c| !c.is_alphanumeric())];
        let min_classes = rules.min_classes;
        if classes.iter().filter(|&&c| c).count() < min_classes {
            return Err(AppError::bad_input(
                "password",
                format!(
                    "密码须混合至少 {min_classes} 类字符（字母、数字、其他符号）/ a password mixes at least \
                     {min_classes} kinds of characters (letters, digits, others)"
                ),
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
        let rules = PasswordRules { min_chars: 10, min_classes: 2 };
        assert!(NewPassword::parse("short", rules).is_err());
        assert!(NewPassword::parse("long enough pw", rules).is_ok());
        assert!(NewPassword::parse("石榴花开民族团结2026", rules).is_ok());
        assert!(NewPassword::parse("onlyletters", rules).is_err());
        assert!(NewPassword::parse("12345678901", rules).is_err());
        assert!(NewPassword::parse(&"x1".repeat(129), rules).is_err());
    }
}
