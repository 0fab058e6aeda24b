//! Reporting (填报): values for (tenant or unit, indicator, period), single or in atomic
//! batches, with idempotency keys for retries and full history. Each report updates the roll-up
//! aggregates of every ancestor in the same transaction.
//!
//! - this file: the report types and `report` (the entry: idempotency, then the lines);
//! - `lines`: the checks of one line that need no figure (subject, indicator, period, lock);
//! - `figures`: the current figures, their new versions, and writing a request's lines;
//! - `aggregates`: the roll-up aggregates' changes and their ordered upserts;
//! - `withdraw`: withdrawing a figure; `read`: listing reports.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde::{Deserialize, Serialize};

use super::audit::{self, Actor};
use super::indicators::{self, Indicator};
use super::page::{self, Page, PageRequest};
use super::write::{Touch, Write};
use super::{idempotency, units};
use crate::auth::{Scope, subtree_of};
use crate::domain::ids::*;
use crate::domain::period::Period;
use crate::domain::quantity::{Quantity, TOTAL_MAX};
use crate::domain::role::Role;
use crate::domain::text;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::unscoped;
use entity::{report, report_aggregate};

mod aggregates;
mod figures;
mod imported;
mod lines;
mod read;
mod withdraw;

use aggregates::*;
use figures::*;
pub use imported::{IMPORT_MAX, import_lines};
use lines::*;
pub use read::{Filter, list};
pub use withdraw::withdraw;

/// Most reports in one batch.
pub const BATCH_MAX: usize = 1000;

/// Who a figure is about. The order is the order in which a batch takes its row locks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    Tenant(TenantId),
    Unit(UnitId),
}

pub struct NewReport {
    pub subject: Subject,
    pub indicator_id: IndicatorId,
    pub period: String,
    pub value: Decimal,
    pub note: String,
    pub evidence: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub id: ReportId,
    pub tenant_id: TenantId,
    pub unit_id: Option<UnitId>,
    pub indicator_id: IndicatorId,
    pub period: String,
    pub value: Decimal,
    pub note: String,
    pub evidence: Vec<String>,
    pub version: i32,
    pub is_current: bool,
    /// A withdrawal: the figure no longer counts.
    pub withdrawn: bool,
    pub reported_by: UserId,
    pub reported_at: DateTime<Utc>,
}

impl TryFrom<report::Model> for Report {
    type Error = AppError;
    fn try_from(m: report::Model) -> Result<Self, AppError> {
        Ok(Report {
            id: m.id,
            tenant_id: m.tenant_id,
            unit_id: m.unit_id,
            indicator_id: m.indicator_id,
            value: Quantity(m.value).to_decimal(),
            evidence: serde_json::from_str(&m.evidence).map_err(AppError::internal)?,
            period: m.period,
            note: m.note,
            version: m.version,
            is_current: m.is_current,
            withdrawn: m.withdrawn,
            reported_by: m.reported_by,
            reported_at: m.reported_at,
        })
    }
}

#[derive(Serialize, Deserialize)]
struct StoredResult {
    report_ids: Vec<ReportId>,
}

/// Reports one or more values, all or none. `operation` names the mutation (`report` or
/// `reportBatch`) for idempotency: with a key, a retry of the same request returns the first
/// result and changes nothing; another request under the same key is CONFLICT.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn report(
    state: &AppState,
    scope: &Scope,
    operation: &'static str,
    items: Vec<NewReport>,
    idempotency: Option<String>,
) -> Result<Vec<Report>, AppError> {
    scope.require(Role::Reporter)?;
    if items.is_empty() || items.len() > BATCH_MAX {
        return Err(AppError::bad_input(
            "reports",
            format!("每批 1 至 {BATCH_MAX} 条 / send 1 to {BATCH_MAX} reports"),
        ));
    }
    let claim = match idempotency {
        Some(k) => {
            let key = text::bounded("idempotencyKey", &k, 100)?;
            Some(idempotency::Claim { fingerprint: fingerprint(operation, &items), key })
        }
        None => None,
    };
    if let Some(claim) = &claim
        && let Some(first) = replay(state, scope, operation, claim).await?
    {
        return Ok(first);
    }
    let txn = Write::begin(state, scope, Touch::Figures).await?;
    // Figures are reported for the caller's own tenant and its units (`check_line`), so that
    // tenant and its ancestors are the ones whose submissions could freeze them.
    unscoped::lock_for_reporting(&txn, scope.home()).await?;
    let saved = match write_lines(state, &txn, scope, items).await {
        Ok(saved) => saved,
        // A concurrent retry that committed first wrote the same new figures (the database
        // made this one wait for it, then refused the duplicate): its answer is the answer.
        Err(e) => {
            drop(txn);
            if let Some(claim) = &claim
                && let Some(first) = replay(state, scope, operation, claim).await?
            {
                return Ok(first);
            }
            return Err(e);
        }
    };
    if let Some(claim) = &claim {
        let stored = serde_json::to_string(&StoredResult { report_ids: saved.iter().map(|r| r.id).collect() })
            .map_err(AppError::internal)?;
        if !idempotency::save(&txn, state, scope, operation, claim, stored).await? {
            // The same key committed by a concurrent retry: that one is the first result.
            drop(txn);
            return replay(state, scope, operation, claim)
                .await?
                .ok_or_else(|| AppError::internal("an idempotency key vanished after a conflict"));
        }
    }
    txn.commit().await?;
    Ok(saved)
}

/// What makes two report requests the same request: every line as sent (values compared as
/// numbers, so `1.0` and `1` are the same figure).
fn fingerprint(operation: &str, items: &[NewReport]) -> String {
    let lines: Vec<String> = items
        .iter()
        .map(|i| {
            let subject = match i.subject {
                Subject::Tenant(t) => format!("t:{t}"),
                Subject::Unit(u) => format!("u:{u}"),
            };
            let evidence = serde_json::to_string(&i.evidence).unwrap_or_default();
            serde_json::to_string(&(subject, i.indicator_id, i.period.trim(), i.value.normalize(), &i.note, evidence))
                .unwrap_or_default()
        })
        .collect();
    idempotency::fingerprint(operation, lines.iter().map(String::as_str))
}

async fn replay(
    state: &AppState,
    scope: &Scope,
    operation: &str,
    claim: &idempotency::Claim,
) -> Result<Option<Vec<Report>>, AppError> {
    let db = &state.db;
    let Some(result) = idempotency::replay(db, state, scope, operation, claim).await? else { return Ok(None) };
    let ids = serde_json::from_str::<StoredResult>(&result).map_err(AppError::internal)?.report_ids;
    let mut rows: Vec<Report> = scope
        .select::<report::Entity>()
        .filter(report::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(Report::try_from)
        .collect::<Result<_, _>>()?;
    rows.sort_by_key(|r| ids.iter().position(|id| *id == r.id));
    Ok(Some(rows))
}
