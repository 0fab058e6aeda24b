//! Demonstration units: units, applications with their timeline, batches with quotas, and the
//! resulting designations.

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
    TenantId,
    Name,
    Category,
    Address,
    ContactName,
    ContactPhone,
    Households,
    Population,
    EthnicGroups,
    Description,
    ArchivedAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Application {
    Table,
    Id,
    UnitId,
    UnitTenantId,
    Category,
    Kind,
    Level,
    DesignatingTenantId,
    CurrentTenantId,
    Status,
    Statement,
    SelfEvaluation,
    Evidence,
    BatchId,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ApplicationEvent {
    Table,
    Id,
    ApplicationId,
    UnitTenantId,
    Action,
    FromStatus,
    ToStatus,
    AtTenantId,
    ActorUserId,
    ActorName,
    Reason,
    At,
}

#[derive(DeriveIden)]
enum Batch {
    Table,
    Id,
    TenantId,
    Level,
    Kind,
    Name,
    Status,
    PublishedOn,
    ReviewBy,
    Version,
    CreatedAt,
}

#[derive(DeriveIden)]
enum BatchQuota {
    Table,
    BatchId,
    Category,
    MaxCount,
}

#[derive(DeriveIden)]
enum Designation {
    Table,
    Id,
    UnitId,
    UnitTenantId,
    DesignatingTenantId,
    Category,
    Kind,
    Level,
    BatchId,
    ApplicationId,
    DesignatedOn,
    ReviewBy,
    RevokedAt,
    RevokeReason,
    Version,
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
                    .table(Unit::Table)
                    .col(big_pk_auto(Unit::Id))
                    .col(big_integer(Unit::TenantId))
                    .col(string_len(Unit::Name, 100))
                    .col(string_len(Unit::Category, 32))
                    .col(string_len(Unit::Address, 200))
                    .col(string_len(Unit::ContactName, 50))
                    .col(string_len(Unit::ContactPhone, 30))
                    .col(integer_null(Unit::Households))
                    .col(integer_null(Unit::Population))
                    .col(text(Unit::EthnicGroups))
                    .col(text(Unit::Description))
                    .col(timestamp_with_time_zone_null(Unit::ArchivedAt))
                    .col(integer(Unit::Version))
                    .col(timestamp_with_time_zone(Unit::CreatedAt))
                    .col(timestamp_with_time_zone(Unit::UpdatedAt))
                    .foreign_key(&mut fk(Unit::Table, Unit::TenantId, Tenant::Table, Tenant::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("idx_unit_tenant", Unit::Table, vec![Unit::TenantId.into_iden(), Unit::Id.into_iden()]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Batch::Table)
                    .col(big_pk_auto(Batch::Id))
                    .col(big_integer(Batch::TenantId))
                    .col(string_len(Batch::Level, 16))
                    .col(string_len(Batch::Kind, 32))
                    .col(string_len(Batch::Name, 100))
                    .col(string_len(Batch::Status, 16))
                    .col(date_null(Batch::PublishedOn))
                    .col(date_null(Batch::ReviewBy))
                    .col(integer(Batch::Version))
                    .col(timestamp_with_time_zone(Batch::CreatedAt))
                    .foreign_key(&mut fk(Batch::Table, Batch::TenantId, Tenant::Table, Tenant::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_batch_tenant",
                Batch::Table,
                vec![Batch::TenantId.into_iden(), Batch::Id.into_iden()],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(BatchQuota::Table)
                    .col(big_integer(BatchQuota::BatchId))
                    .col(string_len(BatchQuota::Category, 32))
                    .col(integer(BatchQuota::MaxCount))
                    .primary_key(Index::create().col(BatchQuota::BatchId).col(BatchQuota::Category))
                    .foreign_key(&mut fk(BatchQuota::Table, BatchQuota::BatchId, Batch::Table, Batch::Id))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Application::Table)
                    .col(big_pk_auto(Application::Id))
                    .col(big_integer(Application::UnitId))
                    .col(big_integer(Application::UnitTenantId))
                    .col(string_len(Application::Category, 32))
                    .col(string_len(Application::Kind, 32))
                    .col(string_len(Application::Level, 16))
                    .col(big_integer(Application::DesignatingTenantId))
                    .col(big_integer(Application::CurrentTenantId))
                    .col(string_len(Application::Status, 16))
                    .col(text(Application::Statement))
                    .col(text(Application::SelfEvaluation))
                    .col(text(Application::Evidence))
                    .col(big_integer_null(Application::BatchId))
                    .col(integer(Application::Version))
                    .col(timestamp_with_time_zone(Application::CreatedAt))
                    .col(timestamp_with_time_zone(Application::UpdatedAt))
                    .foreign_key(&mut fk(Application::Table, Application::UnitId, Unit::Table, Unit::Id))
                    .foreign_key(&mut fk(Application::Table, Application::UnitTenantId, Tenant::Table, Tenant::Id))
                    .foreign_key(&mut fk(
                        Application::Table,
                        Application::DesignatingTenantId,
                        Tenant::Table,
                        Tenant::Id,
                    ))
                    .foreign_key(&mut fk(Application::Table, Application::CurrentTenantId, Tenant::Table, Tenant::Id))
                    .foreign_key(&mut fk(Application::Table, Application::BatchId, Batch::Table, Batch::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_application_unit_tenant",
                Application::Table,
                vec![Application::UnitTenantId.into_iden(), Application::Id.into_iden()],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_application_queue",
                Application::Table,
                vec![
                    Application::CurrentTenantId.into_iden(),
                    Application::Status.into_iden(),
                    Application::Id.into_iden(),
                ],
            ))
            .await?;
        manager
            .create_index(index("idx_application_batch", Application::Table, vec![Application::BatchId.into_iden()]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ApplicationEvent::Table)
                    .col(big_pk_auto(ApplicationEvent::Id))
                    .col(big_integer(ApplicationEvent::ApplicationId))
                    .col(big_integer(ApplicationEvent::UnitTenantId))
                    .col(string_len(ApplicationEvent::Action, 32))
                    .col(string_len_null(ApplicationEvent::FromStatus, 16))
                    .col(string_len(ApplicationEvent::ToStatus, 16))
                    .col(big_integer(ApplicationEvent::AtTenantId))
                    .col(big_integer_null(ApplicationEvent::ActorUserId))
                    .col(string_len(ApplicationEvent::ActorName, 100))
                    .col(text_null(ApplicationEvent::Reason))
                    .col(timestamp_with_time_zone(ApplicationEvent::At))
                    .foreign_key(&mut fk(
                        ApplicationEvent::Table,
                        ApplicationEvent::ApplicationId,
                        Application::Table,
                        Application::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_application_event_app",
                ApplicationEvent::Table,
                vec![ApplicationEvent::ApplicationId.into_iden(), ApplicationEvent::Id.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Designation::Table)
                    .col(big_pk_auto(Designation::Id))
                    .col(big_integer(Designation::UnitId))
                    .col(big_integer(Designation::UnitTenantId))
                    .col(big_integer(Designation::DesignatingTenantId))
                    .col(string_len(Designation::Category, 32))
                    .col(string_len(Designation::Kind, 32))
                    .col(string_len(Designation::Level, 16))
                    .col(big_integer(Designation::BatchId))
                    .col(big_integer(Designation::ApplicationId))
                    .col(date(Designation::DesignatedOn))
                    .col(date_null(Designation::ReviewBy))
                    .col(timestamp_with_time_zone_null(Designation::RevokedAt))
                    .col(text_null(Designation::RevokeReason))
                    .col(integer(Designation::Version))
                    .foreign_key(&mut fk(Designation::Table, Designation::UnitId, Unit::Table, Unit::Id))
                    .foreign_key(&mut fk(Designation::Table, Designation::UnitTenantId, Tenant::Table, Tenant::Id))
                    .foreign_key(&mut fk(Designation::Table, Designation::BatchId, Batch::Table, Batch::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_designation_unit_tenant",
                Designation::Table,
                vec![Designation::UnitTenantId.into_iden(), Designation::Id.into_iden()],
            ))
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_designation_application")
                    .table(Designation::Table)
                    .col(Designation::ApplicationId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            vec![
                Designation::Table.into_iden(),
                ApplicationEvent::Table.into_iden(),
                Application::Table.into_iden(),
                BatchQuota::Table.into_iden(),
                Batch::Table.into_iden(),
                Unit::Table.into_iden(),
            ],
        )
        .await
    }
}
