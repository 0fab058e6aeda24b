//! Reports (填报) with their history, roll-up aggregates maintained on write, submissions up the
//! tree (上报) with their timeline, and idempotency keys for retried mutations.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::common::{drop_tables, fk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenant {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Indicator {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Report {
    Table,
    Id,
    TenantId,
    UnitId,
    Subject,
    IndicatorId,
    Period,
    Year,
    Granularity,
    Value,
    Note,
    Evidence,
    Version,
    IsCurrent,
    ReportedBy,
    ReportedAt,
}

#[derive(DeriveIden)]
enum ReportAggregate {
    Table,
    TenantId,
    IndicatorId,
    Period,
    Total,
    Subjects,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Submission {
    Table,
    Id,
    TenantId,
    ParentTenantId,
    Period,
    Status,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum SubmissionEvent {
    Table,
    Id,
    SubmissionId,
    TenantId,
    Action,
    ToStatus,
    ActorName,
    AtTenantId,
    Reason,
    Waivers,
    At,
}

#[derive(DeriveIden)]
enum IdempotencyKey {
    Table,
    UserId,
    Key,
    Operation,
    Result,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Report::Table)
                    .col(big_pk_auto(Report::Id))
                    .col(big_integer(Report::TenantId))
                    .col(big_integer_null(Report::UnitId))
                    .col(string_len(Report::Subject, 24))
                    .col(big_integer(Report::IndicatorId))
                    .col(string_len(Report::Period, 8))
                    .col(integer(Report::Year))
                    .col(string_len(Report::Granularity, 8))
                    .col(big_integer(Report::Value))
                    .col(text(Report::Note))
                    .col(text(Report::Evidence))
                    .col(integer(Report::Version))
                    .col(boolean(Report::IsCurrent))
                    .col(big_integer(Report::ReportedBy))
                    .col(timestamp_with_time_zone(Report::ReportedAt))
                    .foreign_key(&mut fk(Report::Table, Report::TenantId, Tenant::Table, Tenant::Id))
                    .foreign_key(&mut fk(Report::Table, Report::IndicatorId, Indicator::Table, Indicator::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_report_subject_version")
                    .table(Report::Table)
                    .col(Report::Subject)
                    .col(Report::IndicatorId)
                    .col(Report::Period)
                    .col(Report::Version)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_report_current")
                    .table(Report::Table)
                    .col(Report::IndicatorId)
                    .col(Report::Period)
                    .col(Report::IsCurrent)
                    .col(Report::TenantId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_report_tenant")
                    .table(Report::Table)
                    .col(Report::TenantId)
                    .col(Report::Id)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ReportAggregate::Table)
                    .col(big_integer(ReportAggregate::TenantId))
                    .col(big_integer(ReportAggregate::IndicatorId))
                    .col(string_len(ReportAggregate::Period, 8))
                    .col(big_integer(ReportAggregate::Total))
                    .col(big_integer(ReportAggregate::Subjects))
                    .col(timestamp_with_time_zone(ReportAggregate::UpdatedAt))
                    .primary_key(
                        Index::create()
                            .col(ReportAggregate::TenantId)
                            .col(ReportAggregate::IndicatorId)
                            .col(ReportAggregate::Period),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Submission::Table)
                    .col(big_pk_auto(Submission::Id))
                    .col(big_integer(Submission::TenantId))
                    .col(big_integer(Submission::ParentTenantId))
                    .col(string_len(Submission::Period, 8))
                    .col(string_len(Submission::Status, 16))
                    .col(integer(Submission::Version))
                    .col(timestamp_with_time_zone(Submission::UpdatedAt))
                    .foreign_key(&mut fk(Submission::Table, Submission::TenantId, Tenant::Table, Tenant::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_submission_tenant_period")
                    .table(Submission::Table)
                    .col(Submission::TenantId)
                    .col(Submission::Period)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_submission_parent")
                    .table(Submission::Table)
                    .col(Submission::ParentTenantId)
                    .col(Submission::Period)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SubmissionEvent::Table)
                    .col(big_pk_auto(SubmissionEvent::Id))
                    .col(big_integer(SubmissionEvent::SubmissionId))
                    .col(big_integer(SubmissionEvent::TenantId))
                    .col(string_len(SubmissionEvent::Action, 16))
                    .col(string_len(SubmissionEvent::ToStatus, 16))
                    .col(string_len(SubmissionEvent::ActorName, 100))
                    .col(big_integer(SubmissionEvent::AtTenantId))
                    .col(text_null(SubmissionEvent::Reason))
                    .col(text(SubmissionEvent::Waivers))
                    .col(timestamp_with_time_zone(SubmissionEvent::At))
                    .foreign_key(&mut fk(
                        SubmissionEvent::Table,
                        SubmissionEvent::SubmissionId,
                        Submission::Table,
                        Submission::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_submission_event_submission")
                    .table(SubmissionEvent::Table)
                    .col(SubmissionEvent::SubmissionId)
                    .col(SubmissionEvent::Id)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(IdempotencyKey::Table)
                    .col(big_integer(IdempotencyKey::UserId))
                    .col(string_len(IdempotencyKey::Key, 100))
                    .col(string_len(IdempotencyKey::Operation, 32))
                    .col(text(IdempotencyKey::Result))
                    .col(timestamp_with_time_zone(IdempotencyKey::CreatedAt))
                    .primary_key(Index::create().col(IdempotencyKey::UserId).col(IdempotencyKey::Key))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            vec![
                IdempotencyKey::Table.into_iden(),
                SubmissionEvent::Table.into_iden(),
                Submission::Table.into_iden(),
                ReportAggregate::Table.into_iden(),
                Report::Table.into_iden(),
            ],
        )
        .await
    }
}
