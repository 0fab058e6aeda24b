//! Roll-ups: target against actual over a tenant's whole subtree, accepted-only actual, each
//! child's contribution and share. SUM and AVG read the aggregates maintained on write (index
//! lookups whatever the number of reports); MIN, MAX and LATEST are computed from current
//! reports through the closure table. Results are cached under the city's data version, which
//! every write moves on inside its own transaction (`service::write`) and every request reads
//! with its authentication, so a commit is never followed by a stale figure.
//!
//! - here: the cached entry point (`rollups`) and what it shares with the computation;
//! - `inputs`: the tenants, indicators, aggregates, targets and submissions in one statement;
//! - `compute`: one row per tenant and indicator, with its children's parts when selected;
//! - `extreme`: MIN, MAX and LATEST from current reports through the closure table.

mod compute;
mod extreme;
mod inputs;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, SelectStatement};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, FromQueryResult, QueryFilter, QueryTrait};

use crate::auth::Scope;
use crate::domain::ids::*;
use crate::domain::indicator::{Aggregation, TargetSource};
use crate::domain::period::Period;
use crate::domain::submission::SubmissionStatus;
use crate::error::AppError;
use crate::state::AppState;
use entity::{indicator, report, report_aggregate, submission, target, tenant, tenant_closure};

pub use self::compute::compute;
pub use crate::domain::rollup::{ChildPart, Rollup};

/// What of a roll-up is computed beyond the tenant's own figures (target, actual, subjects):
/// each part the caller did not select is neither read nor computed nor cached.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Detail {
    /// Each child's part (`children`): its actual, whether its submission was accepted.
    pub children: bool,
    /// The accepted-only actual (`acceptedActual`).
    pub accepted: bool,
}

impl Detail {
    /// Both need the children, their figures and their submissions.
    fn below(self) -> bool {
        self.children || self.accepted
    }

    /// A cache key's part: entries computed with other parts are other entries.
    fn key(self) -> &'static str {
        match (self.children, self.accepted) {
            (false, false) => "own",
            (true, false) => "children",
            (false, true) => "accepted",
            (true, true) => "all",
        }
    }
}

#[derive(Clone, Copy, Default)]
struct Agg {
    total: i64,
    subjects: i64,
    figures: i64,
}

/// Rounded average in ten-thousandths.
fn avg(total: i64, subjects: i64) -> Option<i64> {
    if subjects <= 0 {
        return None;
    }
    let (t, n) = (total as i128, subjects as i128);
    let q = if t >= 0 { (2 * t + n) / (2 * n) } else { (2 * t - n) / (2 * n) };
    i64::try_from(q).ok()
}

pub const CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(300);

/// One tenant's roll-ups, shared: cached entries are handed out without copying.
pub type Rollups = Arc<[Rollup]>;

/// What a cached entry weighs in the node's memo: one per roll-up and per child part.
fn weight(rows: &[Rollup]) -> usize {
    rows.iter().map(|r| 1 + r.children.len()).sum()
}

/// Roll-ups of several tenants (all in scope) for one period and a set of indicators, with the
/// parts `detail` asks for, from the cache where present: first this node's memo of decoded
/// entries, then the shared cache. The cost in SQL statements (at most three) does not depend on
/// the number of tenants.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn rollups(
    state: &AppState,
    scope: &Scope,
    tenant_ids: &[TenantId],
    period: Period,
    indicator_ids: &[IndicatorId],
    detail: Detail,
) -> Result<HashMap<TenantId, Rollups>, AppError> {
    let mut indicators_sorted = indicator_ids.to_vec();
    indicators_sorted.sort_unstable();
    indicators_sorted.dedup();
    let root = scope.root();
    // A request that has written since it was authenticated holds a version from before its own
    // commit: what it reads now is computed, and not cached under that older version.
    if scope.principal().has_written() {
        let computed = compute(&state.db, scope, tenant_ids, period, &indicators_sorted, detail).await?;
        return Ok(computed.into_iter().map(|(t, rows)| (t, Rollups::from(rows))).collect());
    }
    let version = scope.principal().data_version();
    let ind_key = indicators_sorted.iter().map(ToString::to_string).collect::<Vec<_>>().join(",");
    // The key names the caller's home tenant: an entry exists only if a caller with this home
    // computed it within its scope (the tenant and the indicators visible from there), so a hit
    // needs no check of its own and a sibling never finds what it could not compute.
    let home = scope.home();
    let parts = detail.key();
    let key = |t: TenantId| format!("rollup:{root}:{version}:{home}:{t}:{period}:{parts}:{ind_key}");

    let mut out = HashMap::new();
    let mut missing = Vec::new();
    for t in tenant_ids {
        let k = key(*t);
        // The key names the version, so an entry found on this node is as current as one in
        // the shared cache.
        if let Some(hit) = state.rollup_memo.get(&k) {
            out.insert(*t, hit);
            continue;
        }
        match state.cache.get(&k).await.ok().flatten().and_then(|s| serde_json::from_str::<Vec<Rollup>>(&s).ok()) {
            Some(hit) => {
                let hit = Rollups::from(hit);
                state.rollup_memo.insert(k, hit.clone(), weight(&hit));
                out.insert(*t, hit);
            }
            None => missing.push(*t),
        }
    }
    if !missing.is_empty() {
        let computed = compute(&state.db, scope, &missing, period, &indicators_sorted, detail).await?;
        for (t, rows) in computed {
            let k = key(t);
            if let Ok(json) = serde_json::to_string(&rows)
                && let Err(e) = state.cache.set(&k, &json, CACHE_TTL).await
            {
                tracing::warn!(error = ?e, "roll-up not cached");
            }
            let rows = Rollups::from(rows);
            state.rollup_memo.insert(k, rows.clone(), weight(&rows));
            out.insert(t, rows);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::avg;

    #[test]
    fn averages_round_half_away_from_zero() {
        assert_eq!(avg(10, 4), Some(3));
        assert_eq!(avg(10, 3), Some(3));
        assert_eq!(avg(11, 2), Some(6));
        assert_eq!(avg(5, 0), None);
    }
}
