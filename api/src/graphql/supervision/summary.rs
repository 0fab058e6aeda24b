//! The rectification summary on the wire.

use super::*;

/// Rectification counts over a subtree.
#[derive(SimpleObject)]
pub struct RectificationCounts {
    pub total: i64,
    pub open: i64,
    pub in_progress: i64,
    pub submitted: i64,
    pub verified: i64,
    pub reopened: i64,
    /// Not verified and past the deadline (China date).
    pub overdue: i64,
    /// Verified, but after the deadline.
    pub verified_late: i64,
    /// verified / total (0–1, four decimals); null without tasks.
    pub completion_rate: Option<Decimal>,
}

impl From<Counts> for RectificationCounts {
    fn from(c: Counts) -> Self {
        RectificationCounts {
            completion_rate: c.completion_rate(),
            total: c.total,
            open: c.open,
            in_progress: c.in_progress,
            submitted: c.submitted,
            verified: c.verified,
            reopened: c.reopened,
            overdue: c.overdue,
            verified_late: c.verified_late,
        }
    }
}

/// One child's part of a rectification roll-up: tasks assigned in its subtree.
#[derive(SimpleObject)]
pub struct RectificationChildSummary {
    pub tenant: TenantRef,
    pub counts: RectificationCounts,
}

/// Rectification at a tenant: tasks assigned anywhere in its subtree, and per direct child.
#[derive(SimpleObject)]
pub struct RectificationSummary {
    pub tenant: TenantRef,
    pub counts: RectificationCounts,
    pub children: Vec<RectificationChildSummary>,
}
