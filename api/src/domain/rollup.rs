//! The figures of a roll-up as values: what the roll-up service computes and caches, and what
//! the node's memo holds.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ids::{IndicatorId, TenantId};

/// A child's part in a roll-up.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ChildPart {
    pub tenant_id: TenantId,
    pub code: String,
    pub name: String,
    pub level: String,
    /// Ten-thousandths; `None` when nothing is reported below it.
    pub actual: Option<i64>,
    pub accepted: bool,
}

/// One indicator's roll-up at one tenant for one period. Quantities are ten-thousandths.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Rollup {
    pub tenant_id: TenantId,
    pub indicator_id: IndicatorId,
    pub indicator_code: String,
    pub indicator_name: String,
    pub measure_unit: String,
    pub period: String,
    pub aggregation: String,
    /// The effective target: the tenant's own, else the quota it received.
    pub target: Option<i64>,
    /// `OWN` or `QUOTA`, with `target`.
    #[serde(default)]
    pub target_source: Option<String>,
    pub actual: Option<i64>,
    pub accepted_actual: Option<i64>,
    /// Sum of the subtree (for shares): SUM and AVG only.
    pub total: Option<i64>,
    /// Distinct subjects with a current figure.
    pub subjects: i64,
    pub children: Vec<ChildPart>,
    pub last_changed: Option<DateTime<Utc>>,
}
