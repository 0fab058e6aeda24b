//! Submission up the tree (上报): a tenant hands its period's figures to its parent, which
//! accepts or returns them. A submitted or accepted period freezes the figures of the tenant's
//! whole subtree (see `unscoped::report_lock`).

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, Set};
use serde::{Deserialize, Serialize};

use super::audit::{self, Actor};
use super::page::{self, Page, PageRequest};
use super::write::{Touch, Write};
use super::{tenants, users};
use crate::auth::Scope;
use crate::domain::ids::*;
use crate::domain::period::Period;
use crate::domain::role::Role;
use crate::domain::submission::{self as rules, SubmissionDecision, SubmissionError, SubmissionStatus};
use crate::domain::text;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::unscoped;
use entity::{submission, submission_event};

#[derive(Clone, Debug, Serialize)]
pub struct Submission {
    pub id: SubmissionId,
    pub tenant_id: TenantId,
    pub parent_tenant_id: TenantId,
    pub period: String,
    pub status: SubmissionStatus,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<submission::Model> for Submission {
    type Error = AppError;
    fn try_from(m: submission::Model) -> Result<Self, AppError> {
        Ok(Submission {
            id: m.id,
            tenant_id: m.tenant_id,
            parent_tenant_id: m.parent_tenant_id,
            status: SubmissionStatus::parse(&m.status)
                .ok_or_else(|| AppError::internal(format!("submission {} has an unknown status", m.id)))?,
            period: m.period,
            version: m.version,
            updated_at: m.updated_at,
        })
    }
}

/// A child handed up without its own accepted submission, and why.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Waiver {
    pub tenant_id: TenantId,
    pub reason: String,
}

#[tracing::instrument(level = "debug", skip_all)]
pub async fn get<C: ConnectionTrait>(db: &C, scope: &Scope, id: SubmissionId) -> Result<Submission, AppError> {
    scope.get::<submission::Entity>(db, id).await?.try_into()
}

async fn find<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    tenant: TenantId,
    period: &Period,
) -> Result<Option<submission::Model>, AppError> {
    Ok(scope
        .select::<submission::Entity>()
        .filter(submission::Column::TenantId.eq(tenant))
        .filter(submission::Column::Period.eq(period.to_string()))
        .one(db)
        .await?)
}

/// The caller's tenant hands its figures for `period` to its parent (REPORTER or ADMIN). Every
/// child must have been accepted, or be waived with a reason.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn submit(
    state: &AppState,
    scope: &Scope,
    period: &str,
    version: Option<i32>,
    waivers: Vec<Waiver>,
) -> Result<Submission, AppError> {
    scope.require_any(&[Role::Reporter, Role::Admin])?;
    let period = Period::parse(period)?;
    let mut checked = Vec::with_capacity(waivers.len());
    for w in waivers {
        checked.push(Waiver { tenant_id: w.tenant_id, reason: text::bounded("waivers.reason", &w.reason, 500)? });
    }
    let txn = Write::begin(state, scope, Touch::Submissions).await?;
    // Reports in flight under this tenant finish first; later ones find the period locked.
    unscoped::lock_for_submission(&txn, scope.home()).await?;
    let home = tenants::get(&txn, scope, scope.home()).await?;
    let parent = home
        .parent_id
        .ok_or_else(|| AppError::bad_input("period", "最高一级无需上报 / the top level has nobody to submit to"))?;
    let existing = find(&txn, scope, home.id, &period).await?;
    let current = existing.as_ref().map(|m| Submission::try_from(m.clone())).transpose()?;
    check_resubmit(current, version, &period)?;
    check_children(&txn, scope, &home, &period, &checked).await?;
    let saved = save_submitted(&txn, scope, existing, home.id, parent, &period).await?;
    record(&txn, scope, &saved, "SUBMIT", None, &checked).await?;
    txn.commit().await?;
    Ok(saved)
}

/// A period may be submitted when it has not been, or was returned or re-opened; a resubmission
/// carries the version the caller saw.
fn check_resubmit(current: Option<Submission>, version: Option<i32>, period: &Period) -> Result<(), AppError> {
    if !rules::may_submit(current.as_ref().map(|s| s.status)) {
        return Err(AppError::conflict(
            "period",
            format!("{period} is already {}", current.map(|c| c.status.label()).unwrap_or("")),
        ));
    }
    match (&current, version) {
        (Some(c), None) => Err(AppError::bad_input(
            "version",
            format!(
                "重新上报须带上当前版本号 {} / resubmitting needs the version you saw (now {})",
                c.version, c.version
            ),
        )),
        (Some(c), Some(v)) if c.version != v => Err(AppError::conflict(
            "version",
            "上报已被他人修改，请刷新后再试 / the submission was changed by someone else; reload it",
        )),
        _ => Ok(()),
    }
}

/// The gate: every child accepted, or waived with a reason; a waiver names a direct child not
/// accepted.
async fn check_children(
    txn: &Write,
    scope: &Scope,
    home: &tenants::Tenant,
    period: &Period,
    checked: &[Waiver],
) -> Result<(), AppError> {
    let children = tenants::all_children(txn, scope, home.id).await?;
    let accepted: Vec<TenantId> = scope
        .select::<submission::Entity>()
        .filter(submission::Column::ParentTenantId.eq(home.id))
        .filter(submission::Column::Period.eq(period.to_string()))
        .filter(submission::Column::Status.eq(SubmissionStatus::Accepted.as_str()))
        .all(txn)
        .await?
        .into_iter()
        .map(|s| s.tenant_id)
        .collect();
    for w in checked {
        let child = children.iter().find(|c| c.id == w.tenant_id).ok_or_else(|| {
            AppError::bad_input(
                "waivers",
                format!(
                    "{} 不是 {} 的直接下级 / tenant {} is not a direct child of {}",
                    w.tenant_id, home.name, w.tenant_id, home.name
                ),
            )
        })?;
        if accepted.contains(&child.id) {
            return Err(AppError::bad_input(
                "waivers",
                format!("{} 已接收，无需豁免 / {} is accepted; it needs no waiver", child.name, child.name),
            ));
        }
    }
    let missing: Vec<&str> = children
        .iter()
        .filter(|c| !accepted.contains(&c.id) && !checked.iter().any(|w| w.tenant_id == c.id))
        .map(|c| c.name.as_str())
        .collect();
    if !missing.is_empty() {
        return Err(AppError::conflict(
            "waivers",
            format!(
                "not accepted yet for {period}: {}; accept them or record a waiver with a reason",
                missing.join("、")
            ),
        ));
    }
    Ok(())
}

/// Writes the submission as SUBMITTED: the existing one at its next version, or a new one.
async fn save_submitted(
    txn: &Write,
    scope: &Scope,
    existing: Option<submission::Model>,
    tenant: TenantId,
    parent: TenantId,
    period: &Period,
) -> Result<Submission, AppError> {
    let now = Utc::now();
    Ok(match existing {
        Some(m) => {
            let changes = submission::ActiveModel {
                status: Set(SubmissionStatus::Submitted.as_str().to_owned()),
                version: Set(m.version + 1),
                updated_at: Set(now),
                ..Default::default()
            };
            let (idc, vc) = ((submission::Column::Id, m.id), (submission::Column::Version, m.version));
            scope.update_versioned::<submission::Entity, _>(txn, idc, vc, changes, "submission").await?;
            get(txn, scope, m.id).await?
        }
        None => submission::ActiveModel {
            tenant_id: Set(tenant),
            parent_tenant_id: Set(parent),
            period: Set(period.to_string()),
            status: Set(SubmissionStatus::Submitted.as_str().to_owned()),
            version: Set(1),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await
        .map_err(|e| AppError::on_unique(e, "period", "submitted at the same moment by someone else"))?
        .try_into()?,
    })
}

/// The parent's REVIEWER accepts, returns (with a reason) or re-opens (with a reason) a child's
/// submission.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn decide(
    state: &AppState,
    scope: &Scope,
    id: SubmissionId,
    version: i32,
    decision: SubmissionDecision,
    reason: Option<String>,
) -> Result<Submission, AppError> {
    scope.require(Role::Reviewer)?;
    let reason = match reason.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) => Some(text::bounded("reason", r, 1000)?),
        None => None,
    };
    let txn = Write::begin(state, scope, Touch::Submissions).await?;
    let before = get(&txn, scope, id).await?;
    scope.require_home(before.parent_tenant_id, "deciding on a submission")?;
    let next = rules::decide(before.status, decision, reason.is_some()).map_err(|e| match e {
        SubmissionError::ReasonRequired => {
            AppError::bad_input("reason", "退回或重新打开须写明原因 / a reason is required to return or re-open")
        }
        SubmissionError::WrongState(s) => AppError::conflict(
            "id",
            format!(
                "该上报当前为{}，不能作此决定 / the submission is {} ({}); this decision does not apply",
                s.label(),
                s.as_str(),
                s.label()
            ),
        ),
    })?;
    if decision == SubmissionDecision::Reopen {
        let period = Period::parse(&before.period)?;
        if let Some(lock) = unscoped::report_lock(&txn, scope.home(), &period).await? {
            let (holder, locked, reviewer) = (&lock.holder, &lock.period, &lock.reviewer);
            return Err(AppError::conflict(
                "id",
                format!(
                    "{holder} 已向上级上报 {locked}，需先由 {reviewer} 的审核员退回，才能重新打开 / {holder} has submitted \
                     {locked} upward; a reviewer of {reviewer} must return it before this can be re-opened"
                ),
            ));
        }
    }
    let changes = submission::ActiveModel {
        status: Set(next.as_str().to_owned()),
        version: Set(crate::domain::version::next(version)?),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    let (idc, vc) = ((submission::Column::Id, id), (submission::Column::Version, version));
    scope.update_versioned::<submission::Entity, _>(&txn, idc, vc, changes, "submission").await?;
    let after = get(&txn, scope, id).await?;
    record(&txn, scope, &after, decision.as_str(), reason, &[]).await?;
    txn.commit().await?;
    Ok(after)
}

/// Appends the timeline event of a step on a submission and its audit row.
async fn record(
    db: &Write,
    scope: &Scope,
    s: &Submission,
    action: &str,
    reason: Option<String>,
    waivers: &[Waiver],
) -> Result<(), AppError> {
    let actor = users::get(db, scope, scope.user_id()).await?;
    submission_event::ActiveModel {
        submission_id: Set(s.id),
        tenant_id: Set(s.tenant_id),
        action: Set(action.to_owned()),
        to_status: Set(s.status.as_str().to_owned()),
        actor_name: Set(actor.display_name),
        at_tenant_id: Set(scope.home()),
        reason: Set(reason.clone()),
        waivers: Set(serde_json::to_string(waivers).map_err(AppError::internal)?),
        at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        Actor::from(scope),
        audit::Entry {
            tenant: s.tenant_id,
            action: &format!("submission.{}", action.to_ascii_lowercase()),
            entity_type: "submission",
            entity_id: s.id.to_string(),
            before: None::<&()>,
            after: Some(&serde_json::json!({ "submission": s, "reason": reason, "waivers": waivers })),
        },
    )
    .await
}

#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Submissions made by this tenant.
    pub tenant: Option<TenantId>,
    /// Submissions made to this tenant (its children's).
    pub parent: Option<TenantId>,
    pub period: Option<String>,
    pub status: Option<SubmissionStatus>,
}

#[tracing::instrument(level = "debug", skip_all)]
pub async fn list<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    f: Filter,
    req: PageRequest,
) -> Result<Page<Submission>, AppError> {
    let mut q = scope.select::<submission::Entity>();
    if let Some(t) = f.tenant {
        q = q.filter(submission::Column::TenantId.eq(t.0));
    }
    if let Some(t) = f.parent {
        q = q.filter(submission::Column::ParentTenantId.eq(t.0));
    }
    if let Some(p) = f.period {
        q = q.filter(submission::Column::Period.eq(Period::parse(&p)?.to_string()));
    }
    if let Some(s) = f.status {
        q = q.filter(submission::Column::Status.eq(s.as_str()));
    }
    let p = page::fetch(db, q, submission::Column::Id, req).await?;
    p.try_map(Submission::try_from)
}

#[derive(Clone, Debug)]
pub struct Event {
    pub id: SubmissionEventId,
    pub action: String,
    pub to_status: SubmissionStatus,
    pub actor_name: String,
    pub at_tenant_id: TenantId,
    pub reason: Option<String>,
    pub waivers: Vec<Waiver>,
    pub at: DateTime<Utc>,
}

/// The whole timeline of a submission, oldest first.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn timeline<C: ConnectionTrait>(db: &C, scope: &Scope, id: SubmissionId) -> Result<Vec<Event>, AppError> {
    scope
        .select::<submission_event::Entity>()
        .filter(submission_event::Column::SubmissionId.eq(id))
        .order_by_asc(submission_event::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| {
            Ok(Event {
                to_status: SubmissionStatus::parse(&e.to_status).ok_or_else(|| AppError::internal("bad status"))?,
                waivers: serde_json::from_str(&e.waivers).map_err(AppError::internal)?,
                id: e.id,
                action: e.action,
                actor_name: e.actor_name,
                at_tenant_id: e.at_tenant_id,
                reason: e.reason,
                at: e.at,
            })
        })
        .collect()
}
