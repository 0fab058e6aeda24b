//! Reads and writes that bypass the tenant scope, each for a stated reason. Everything that may
//! skip `Scope` lives here (or in the CLI's bootstrap and demo loaders), so review can grep for it.
#![allow(clippy::disallowed_methods)]

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::domain::ids::*;
use crate::error::AppError;
use entity::{file, submission, tenant, tenant_closure, trusted_document};

mod sessions;
pub use sessions::*;

/// Ancestors of a tenant, nearest last. Only identity fields leave the service (the rule lets a
/// principal see who is above it, nothing more); the caller has checked `tenant` is in scope.
pub async fn ancestors_of<C: ConnectionTrait>(db: &C, tenant: TenantId) -> Result<Vec<tenant::Model>, AppError> {
    let ids: Vec<TenantId> = tenant_closure::Entity::find()
        .filter(tenant_closure::Column::DescendantId.eq(tenant))
        .filter(tenant_closure::Column::Depth.gt(0))
        .order_by_desc(tenant_closure::Column::Depth)
        .all(db)
        .await?
        .into_iter()
        .map(|row| row.ancestor_id)
        .collect();
    let mut rows = tenant::Entity::find().filter(tenant::Column::Id.is_in(ids.clone())).all(db).await?;
    rows.sort_by_key(|t| ids.iter().position(|id| *id == t.id));
    Ok(rows)
}

/// A tenant by id whatever the scope: the parent of an in-scope tenant (identity only), and
/// the CLI.
pub async fn tenant_by_id<C: ConnectionTrait>(db: &C, id: TenantId) -> Result<Option<tenant::Model>, AppError> {
    Ok(tenant::Entity::find_by_id(id).one(db).await?)
}

/// A file by id whatever the scope: for a download link, which is itself the proof that the
/// user it was handed to could see the file (`service::files::link`).
pub async fn file_by_id<C: ConnectionTrait>(db: &C, id: FileId) -> Result<Option<file::Model>, AppError> {
    Ok(file::Entity::find_by_id(id).one(db).await?)
}

/// Identity of the tenants an application's timeline names: all on the unit's chain of ancestors,
/// which the reader (an ancestor-or-self of the unit's tenant) may see.
pub async fn tenants_on_route<C: ConnectionTrait>(db: &C, ids: Vec<TenantId>) -> Result<Vec<tenant::Model>, AppError> {
    Ok(tenant::Entity::find().filter(tenant::Column::Id.is_in(ids)).all(db).await?)
}

/// The CLI: a tenant by division code, whatever the scope.
pub async fn tenant_by_code<C: ConnectionTrait>(db: &C, code: &str) -> Result<Option<tenant::Model>, AppError> {
    Ok(tenant::Entity::find().filter(tenant::Column::Code.eq(code)).one(db).await?)
}

/// `serve --demo`: whether the database holds any tenant at all.
pub async fn any_tenant<C: ConnectionTrait>(db: &C) -> Result<bool, AppError> {
    Ok(tenant::Entity::find().one(db).await?.is_some())
}

/// Reporting: the tenant itself and every ancestor (their aggregates take the change).
pub async fn ancestors_or_self_ids<C: ConnectionTrait>(db: &C, tenant: TenantId) -> Result<Vec<TenantId>, AppError> {
    Ok(tenant_closure::Entity::find()
        .filter(tenant_closure::Column::DescendantId.eq(tenant))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.ancestor_id)
        .collect())
}

/// A submission that freezes figures: who holds it, for which period, and who can lift it.
#[derive(Clone, Debug)]
pub struct Lock {
    pub holder: String,
    pub period: String,
    /// The tenant whose reviewers can return (or, once accepted, re-open) the submission.
    pub reviewer: String,
    pub accepted: bool,
}

impl Lock {
    /// What to tell someone whose figures are frozen: who holds them and who can lift it.
    pub fn message(&self, period: &crate::domain::period::Period) -> String {
        let (Lock { holder, period: locked, reviewer, .. }, (lift, lift_en)) =
            (self, if self.accepted { ("重新打开", "re-open") } else { ("退回", "return") });
        format!(
            "{period} 的数据已锁定：{holder} 已上报 {locked}；需由 {reviewer} 的审核员{lift}后才能修改 / figures for \
             {period} are locked: {holder} has submitted {locked}; a reviewer of {reviewer} can {lift_en} it"
        )
    }
}

/// Reporting: whether a submission of the tenant or an ancestor freezes figures of `period`
/// (the period itself, or one it rolls into). The holder is the tenant or above it, and so is
/// its reviewer, so their names may be shown.
pub async fn report_lock<C: ConnectionTrait>(
    db: &C,
    tenant: TenantId,
    period: &crate::domain::period::Period,
) -> Result<Option<Lock>, AppError> {
    use crate::domain::submission::SubmissionStatus;
    let ancestors = ancestors_or_self_ids(db, tenant).await?;
    let periods: Vec<String> = period.with_rollups().iter().map(ToString::to_string).collect();
    let lock = submission::Entity::find()
        .filter(submission::Column::TenantId.is_in(ancestors))
        .filter(submission::Column::Period.is_in(periods))
        .filter(
            submission::Column::Status
                .is_in([SubmissionStatus::Submitted.as_str(), SubmissionStatus::Accepted.as_str()]),
        )
        .one(db)
        .await?;
    let Some(lock) = lock else { return Ok(None) };
    let name = async |id: TenantId| -> Result<String, AppError> {
        Ok(tenant_by_id(db, id).await?.map(|t| t.name).unwrap_or_default())
    };
    Ok(Some(Lock {
        holder: name(lock.tenant_id).await?,
        reviewer: name(lock.parent_tenant_id).await?,
        accepted: lock.status == SubmissionStatus::Accepted.as_str(),
        period: lock.period,
    }))
}

/// Reporting and submission serialise on the tenant rows (PostgreSQL row locks; SQLite writers
/// are serialised by the write transaction already). A report takes a shared lock on its tenant
/// and every ancestor before it checks whether a submission freezes its period; a submission
/// takes an exclusive lock on its own tenant before anything else. So a report either commits
/// before the submission looks (and is in it), or waits and then finds the period locked.
pub async fn lock_for_reporting<C: ConnectionTrait>(db: &C, tenant: TenantId) -> Result<(), AppError> {
    use sea_orm::sea_query::ExprTrait as _;
    tenant::Entity::find()
        .select_only()
        .column(tenant::Column::Id)
        .filter(
            tenant::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(tenant_closure::Column::AncestorId)
                    .from(tenant_closure::Entity)
                    .and_where(sea_orm::sea_query::Expr::col(tenant_closure::Column::DescendantId).eq(tenant))
                    .to_owned(),
            ),
        )
        .order_by_asc(tenant::Column::Id)
        .lock_shared()
        .into_tuple::<i64>()
        .all(db)
        .await?;
    Ok(())
}

/// Submission: the exclusive side of [`lock_for_reporting`].
pub async fn lock_for_submission<C: ConnectionTrait>(db: &C, tenant: TenantId) -> Result<(), AppError> {
    tenant::Entity::find()
        .select_only()
        .column(tenant::Column::Id)
        .filter(tenant::Column::Id.eq(tenant))
        .lock_exclusive()
        .into_tuple::<i64>()
        .all(db)
        .await?;
    Ok(())
}

/// Idempotent retries: a key is looked up by its owner's user id, so nobody else's can be read.
pub async fn idempotency_key<C: ConnectionTrait>(
    db: &C,
    user: UserId,
    key: &str,
) -> Result<Option<entity::idempotency_key::Model>, AppError> {
    Ok(entity::idempotency_key::Entity::find_by_id((user, key.to_owned())).one(db).await?)
}

/// Idempotent retries: forgets the caller's own key of that name if it expired before `cutoff`.
pub async fn forget_idempotency_key<C: ConnectionTrait>(
    db: &C,
    user: UserId,
    key: &str,
    cutoff: DateTime<Utc>,
) -> Result<(), AppError> {
    entity::idempotency_key::Entity::delete_many()
        .filter(entity::idempotency_key::Column::UserId.eq(user.0))
        .filter(entity::idempotency_key::Column::Key.eq(key))
        .filter(entity::idempotency_key::Column::CreatedAt.lt(cutoff))
        .exec(db)
        .await?;
    Ok(())
}

/// The server's sweeper: expired idempotency keys of every user (they answer nobody any more).
pub async fn remove_expired_idempotency_keys<C: ConnectionTrait>(
    db: &C,
    cutoff: DateTime<Utc>,
) -> Result<u64, AppError> {
    Ok(entity::idempotency_key::Entity::delete_many()
        .filter(entity::idempotency_key::Column::CreatedAt.lt(cutoff))
        .exec(db)
        .await?
        .rows_affected)
}

/// The quotas of a batch the caller has already read through its scope.
pub async fn batch_quotas<C: ConnectionTrait>(
    db: &C,
    batch_id: BatchId,
) -> Result<Vec<entity::batch_quota::Model>, AppError> {
    Ok(entity::batch_quota::Entity::find()
        .filter(entity::batch_quota::Column::BatchId.eq(batch_id))
        .order_by_asc(entity::batch_quota::Column::Category)
        .all(db)
        .await?)
}

/// The phases of a campaign the caller has already read through its scope.
/// Reporting: the campaigns (start year, end year, name) of a tenant and of every tenant above
/// it, oldest first: the years an indicator of that tenant may be reported for. Campaigns of
/// the tenants above are visible to the whole subtree (`Scope::select_shared`).
pub async fn campaigns_over<C: ConnectionTrait>(db: &C, tenant: TenantId) -> Result<Vec<(i32, i32, String)>, AppError> {
    use sea_orm::sea_query::{Expr, ExprTrait as _, Query};
    Ok(entity::campaign::Entity::find()
        .filter(
            entity::campaign::Column::TenantId.in_subquery(
                Query::select()
                    .column(tenant_closure::Column::AncestorId)
                    .from(tenant_closure::Entity)
                    .and_where(Expr::col(tenant_closure::Column::DescendantId).eq(tenant))
                    .to_owned(),
            ),
        )
        .order_by_asc(entity::campaign::Column::StartYear)
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.start_year, c.end_year, c.name))
        .collect())
}

pub async fn campaign_phases<C: ConnectionTrait>(
    db: &C,
    campaign_id: CampaignId,
) -> Result<Vec<entity::campaign_phase::Model>, AppError> {
    Ok(entity::campaign_phase::Entity::find()
        .filter(entity::campaign_phase::Column::CampaignId.eq(campaign_id))
        .order_by_asc(entity::campaign_phase::Column::Ordinal)
        .all(db)
        .await?)
}

/// Replacing the criteria of a scheme: the caller has loaded the scheme through its scope,
/// checked it is its own level's and not frozen, and deletes its criteria in the same
/// transaction before writing the new ones.
pub async fn delete_scheme_criteria<C: ConnectionTrait>(db: &C, scheme_id: SchemeId) -> Result<(), AppError> {
    entity::assessment_criterion::Entity::delete_many()
        .filter(entity::assessment_criterion::Column::SchemeId.eq(scheme_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Reporting: the stored aggregates of the rows a refused write would have pushed past their
/// bound, to name the line behind it. The rows are the reporter's own tenant and its ancestors,
/// which the figure rolls into; only the totals are used, never shown.
pub async fn aggregates_at<C: ConnectionTrait>(
    db: &C,
    tenants: impl IntoIterator<Item = TenantId>,
    indicators: impl IntoIterator<Item = IndicatorId>,
    periods: impl IntoIterator<Item = &str>,
) -> Result<Vec<entity::report_aggregate::Model>, sea_orm::DbErr> {
    use entity::report_aggregate;
    report_aggregate::Entity::find()
        .filter(report_aggregate::Column::TenantId.is_in(tenants))
        .filter(report_aggregate::Column::IndicatorId.is_in(indicators))
        .filter(report_aggregate::Column::Period.is_in(periods.into_iter().map(str::to_owned)))
        .all(db)
        .await
}

/// Trusted documents are the deployment's, not a tenant's (each runs in its caller's scope):
/// the text of the one with this id, if an ADMIN registered it.
pub async fn trusted_document<C: ConnectionTrait>(db: &C, id: &str) -> Result<Option<String>, AppError> {
    Ok(trusted_document::Entity::find_by_id(id.to_owned()).one(db).await?.map(|d| d.body))
}
