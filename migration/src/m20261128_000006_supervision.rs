//! Supervision (督查) and rectification (整改): inspections with the places they visited, their
//! findings, and the rectification tasks opened on findings with every task's timeline.
//!
//! Inspections, places and findings belong to the inspecting tenant. A task and its events belong
//! to the assignee's tenant (a unit assignee's own tenant), which lies in the inspecting tenant's
//! subtree: so the inspecting level, every level between and the assignee see the task, and a
//! sibling sees nothing.

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
enum Unit {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Inspection {
    Table,
    Id,
    TenantId,
    Title,
    InspectedOn,
    Leaders,
    Summary,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum InspectionPlace {
    Table,
    Id,
    InspectionId,
    TenantId,
    PlaceTenantId,
    UnitId,
    Note,
}

#[derive(DeriveIden)]
enum Finding {
    Table,
    Id,
    InspectionId,
    TenantId,
    Description,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RectificationTask {
    Table,
    Id,
    FindingId,
    InspectionId,
    InspectingTenantId,
    AssigneeTenantId,
    AssigneeUnitId,
    Requirement,
    Deadline,
    Status,
    EvidenceText,
    Evidence,
    ReopenReason,
    VerifiedOn,
    VerifiedLate,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum RectificationEvent {
    Table,
    Id,
    TaskId,
    AssigneeTenantId,
    Action,
    FromStatus,
    ToStatus,
    AtTenantId,
    ActorUserId,
    ActorName,
    Reason,
    EvidenceText,
    Evidence,
    At,
}

fn index(name: &str, table: impl IntoIden, cols: Vec<DynIden>) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(table);
    for c in cols {
        i.col(c);
    }
    i.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Inspection::Table)
                    .col(big_pk_auto(Inspection::Id))
                    .col(big_integer(Inspection::TenantId))
                    .col(string_len(Inspection::Title, 200))
                    .col(date(Inspection::InspectedOn))
                    .col(text(Inspection::Leaders))
                    .col(text(Inspection::Summary))
                    .col(integer(Inspection::Version))
                    .col(timestamp_with_time_zone(Inspection::CreatedAt))
                    .col(timestamp_with_time_zone(Inspection::UpdatedAt))
                    .foreign_key(&mut fk(Inspection::Table, Inspection::TenantId, Tenant::Table, Tenant::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_inspection_tenant",
                Inspection::Table,
                vec![Inspection::TenantId.into_iden(), Inspection::Id.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(InspectionPlace::Table)
                    .col(big_pk_auto(InspectionPlace::Id))
                    .col(big_integer(InspectionPlace::InspectionId))
                    .col(big_integer(InspectionPlace::TenantId))
                    .col(big_integer(InspectionPlace::PlaceTenantId))
                    .col(big_integer_null(InspectionPlace::UnitId))
                    .col(string_len(InspectionPlace::Note, 500))
                    .foreign_key(&mut fk(
                        InspectionPlace::Table,
                        InspectionPlace::InspectionId,
                        Inspection::Table,
                        Inspection::Id,
                    ))
                    .foreign_key(&mut fk(InspectionPlace::Table, InspectionPlace::TenantId, Tenant::Table, Tenant::Id))
                    .foreign_key(&mut fk(
                        InspectionPlace::Table,
                        InspectionPlace::PlaceTenantId,
                        Tenant::Table,
                        Tenant::Id,
                    ))
                    .foreign_key(&mut fk(InspectionPlace::Table, InspectionPlace::UnitId, Unit::Table, Unit::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_inspection_place_inspection",
                InspectionPlace::Table,
                vec![InspectionPlace::InspectionId.into_iden(), InspectionPlace::Id.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Finding::Table)
                    .col(big_pk_auto(Finding::Id))
                    .col(big_integer(Finding::InspectionId))
                    .col(big_integer(Finding::TenantId))
                    .col(text(Finding::Description))
                    .col(timestamp_with_time_zone(Finding::CreatedAt))
                    .foreign_key(&mut fk(Finding::Table, Finding::InspectionId, Inspection::Table, Inspection::Id))
                    .foreign_key(&mut fk(Finding::Table, Finding::TenantId, Tenant::Table, Tenant::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_finding_inspection",
                Finding::Table,
                vec![Finding::InspectionId.into_iden(), Finding::Id.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RectificationTask::Table)
                    .col(big_pk_auto(RectificationTask::Id))
                    .col(big_integer(RectificationTask::FindingId))
                    .col(big_integer(RectificationTask::InspectionId))
                    .col(big_integer(RectificationTask::InspectingTenantId))
                    .col(big_integer(RectificationTask::AssigneeTenantId))
                    .col(big_integer_null(RectificationTask::AssigneeUnitId))
                    .col(text(RectificationTask::Requirement))
                    .col(date(RectificationTask::Deadline))
                    .col(string_len(RectificationTask::Status, 16))
                    .col(text(RectificationTask::EvidenceText))
                    .col(text(RectificationTask::Evidence))
                    .col(text_null(RectificationTask::ReopenReason))
                    .col(date_null(RectificationTask::VerifiedOn))
                    .col(boolean(RectificationTask::VerifiedLate))
                    .col(integer(RectificationTask::Version))
                    .col(timestamp_with_time_zone(RectificationTask::CreatedAt))
                    .col(timestamp_with_time_zone(RectificationTask::UpdatedAt))
                    .foreign_key(&mut fk(
                        RectificationTask::Table,
                        RectificationTask::FindingId,
                        Finding::Table,
                        Finding::Id,
                    ))
                    .foreign_key(&mut fk(
                        RectificationTask::Table,
                        RectificationTask::InspectionId,
                        Inspection::Table,
                        Inspection::Id,
                    ))
                    .foreign_key(&mut fk(
                        RectificationTask::Table,
                        RectificationTask::InspectingTenantId,
                        Tenant::Table,
                        Tenant::Id,
                    ))
                    .foreign_key(&mut fk(
                        RectificationTask::Table,
                        RectificationTask::AssigneeTenantId,
                        Tenant::Table,
                        Tenant::Id,
                    ))
                    .foreign_key(&mut fk(
                        RectificationTask::Table,
                        RectificationTask::AssigneeUnitId,
                        Unit::Table,
                        Unit::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_rectification_task_assignee",
                RectificationTask::Table,
                vec![
                    RectificationTask::AssigneeTenantId.into_iden(),
                    RectificationTask::Status.into_iden(),
                    RectificationTask::Id.into_iden(),
                ],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_rectification_task_finding",
                RectificationTask::Table,
                vec![RectificationTask::FindingId.into_iden(), RectificationTask::Id.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RectificationEvent::Table)
                    .col(big_pk_auto(RectificationEvent::Id))
                    .col(big_integer(RectificationEvent::TaskId))
                    .col(big_integer(RectificationEvent::AssigneeTenantId))
                    .col(string_len(RectificationEvent::Action, 32))
                    .col(string_len_null(RectificationEvent::FromStatus, 16))
                    .col(string_len(RectificationEvent::ToStatus, 16))
                    .col(big_integer(RectificationEvent::AtTenantId))
                    .col(big_integer_null(RectificationEvent::ActorUserId))
                    .col(string_len(RectificationEvent::ActorName, 100))
                    .col(text_null(RectificationEvent::Reason))
                    .col(text_null(RectificationEvent::EvidenceText))
                    .col(text_null(RectificationEvent::Evidence))
                    .col(timestamp_with_time_zone(RectificationEvent::At))
                    .foreign_key(&mut fk(
                        RectificationEvent::Table,
                        RectificationEvent::TaskId,
                        RectificationTask::Table,
                        RectificationTask::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_rectification_event_task",
                RectificationEvent::Table,
                vec![RectificationEvent::TaskId.into_iden(), RectificationEvent::Id.into_iden()],
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            vec![
                RectificationEvent::Table.into_iden(),
                RectificationTask::Table.into_iden(),
                Finding::Table.into_iden(),
                InspectionPlace::Table.into_iden(),
                Inspection::Table.into_iden(),
            ],
        )
        .await
    }
}
