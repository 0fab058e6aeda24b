//! A target row, and the decomposition table (任务分解表) of an (indicator, period) with each
//! child's share.

use super::*;

/// A tenant's target and quota for an (indicator, period).
#[derive(SimpleObject)]
pub struct Target {
    pub tenant_id: ID,
    pub indicator_id: ID,
    pub period: String,
    /// The tenant's own target.
    pub target: Option<Decimal>,
    /// The share its parent handed it.
    pub quota: Option<Decimal>,
}

impl From<TargetRow> for Target {
    fn from(r: TargetRow) -> Self {
        Target {
            tenant_id: ID(r.tenant_id.to_string()),
            indicator_id: ID(r.indicator_id.to_string()),
            period: r.period,
            target: r.target,
            quota: r.quota,
        }
    }
}

/// One child's line in the decomposition table.
#[derive(SimpleObject)]
pub struct ChildShare {
    pub tenant: TenantRef,
    /// The child's effective target: its own target, else its quota (`targetSource`).
    pub target: Option<Decimal>,
    pub target_source: Option<TargetSource>,
    pub quota: Option<Decimal>,
    pub own_target: Option<Decimal>,
    /// Reported over the child's subtree.
    pub actual: Option<Decimal>,
    /// actual / own target (or / quota when the child set no target).
    pub completion: Option<Decimal>,
}

/// The task decomposition table (任务分解表) of an (indicator, period) at a tenant.
#[derive(SimpleObject)]
pub struct Decomposition {
    pub tenant: TenantRef,
    pub indicator: IndicatorNode,
    pub period: String,
    pub own_target: Option<Decimal>,
    pub quota_received: Option<Decimal>,
    /// The effective target: the own target, else the quota received (`targetSource`); what
    /// `completion` and the roll-up's `target` use.
    pub target: Option<Decimal>,
    pub target_source: Option<TargetSource>,
    /// Reported over the tenant's whole subtree.
    pub actual: Option<Decimal>,
    /// actual / own target (or / quota received).
    pub completion: Option<Decimal>,
    /// The sum of the quotas handed to the children.
    pub handed_down: Decimal,
    /// Own target minus what was handed down; negative when more was handed down than committed.
    pub gap: Option<Decimal>,
    pub children: Vec<ChildShare>,
}
