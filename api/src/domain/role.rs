//! Roles a user holds at its home tenant, and the set of them.

use crate::error::AppError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Tenants, users, indicators, targets, schemes.
    Admin,
    /// Accepts or returns submissions, decides applications, verifies assessments, inspects.
    Reviewer,
    /// Reports figures, applies, self-assesses, answers rectifications.
    Reporter,
    /// Read only.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Reviewer, Role::Reporter, Role::Viewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "ADMIN",
            Role::Reviewer => "REVIEWER",
            Role::Reporter => "REPORTER",
            Role::Viewer => "VIEWER",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "管理员",
            Role::Reviewer => "审核员",
            Role::Reporter => "填报员",
            Role::Viewer => "查看者",
        }
    }

    pub fn parse(raw: &str) -> Option<Role> {
        Self::ALL.into_iter().find(|r| r.as_str() == raw)
    }
}

/// A non-empty, duplicate-free, ordered set of roles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleSet(Vec<Role>);

impl RoleSet {
    pub fn new(roles: impl IntoIterator<Item = Role>) -> Result<Self, AppError> {
        let mut v: Vec<Role> = roles.into_iter().collect();
        v.sort();
        v.dedup();
        if v.is_empty() {
            return Err(AppError::bad_input("roles", "at least one role is required"));
        }
        Ok(Self(v))
    }

    /// Reads the stored form (`ADMIN,REVIEWER`). Unknown names are dropped: a role removed from
    /// the code must not grant anything.
    pub fn from_stored(raw: &str) -> Self {
        let mut v: Vec<Role> = raw.split(',').filter_map(Role::parse).collect();
        v.sort();
        v.dedup();
        Self(v)
    }

    pub fn to_stored(&self) -> String {
        self.0.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",")
    }

    pub fn contains(&self, role: Role) -> bool {
        self.0.contains(&role)
    }

    pub fn iter(&self) -> impl Iterator<Item = Role> + '_ {
        self.0.iter().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_dedups() {
        let set = RoleSet::new([Role::Reporter, Role::Admin, Role::Admin]).unwrap();
        assert_eq!(set.to_stored(), "ADMIN,REPORTER");
        assert_eq!(RoleSet::from_stored("ADMIN,REPORTER"), set);
        assert!(RoleSet::new([]).is_err());
        assert_eq!(RoleSet::from_stored("ROOT,VIEWER").to_stored(), "VIEWER");
    }
}
