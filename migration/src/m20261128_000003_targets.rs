//! Indicators, campaigns with their phases, and targets with the quotas handed down.
//! Quantities are whole ten-thousandths in a BIGINT (exact, and summable on both backends).

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
    TenantId,
    Code,
    Name,
    MeasureUnit,
    ValueType,
    Aggregation,
    Category,
    Description,
    RetiredAt,
    Version,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Campaign {
    Table,
    Id,
    TenantId,
    Name,
    StartYear,
    EndYear,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CampaignPhase {
    Table,
    Id,
    CampaignId,
    Ordinal,
    Name,
    StartYear,
    EndYear,
}

// `target_value` names the column; the enum's name is the table's.
#[allow(clippy::enum_variant_names)]
#[derive(DeriveIden)]
enum Target {
    Table,
    Id,
    TenantId,
    IndicatorId,
    Period,
    TargetValue,
    Quota,
    Version,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Indicator::Table)
                    .col(big_pk_auto(Indicator::Id))
                    .col(big_integer(Indicator::TenantId))
                    .col(string_len(Indicator::Code, 32))
                    .col(string_len(Indicator::Name, 100))
                    .col(string_len(Indicator::MeasureUnit, 8))
                    .col(string_len(Indicator::ValueType, 16))
                    .col(string_len(Indicator::Aggregation, 16))
                    .col(string_len(Indicator::Category, 32))
                    .col(text(Indicator::Description))
                    .col(timestamp_with_time_zone_null(Indicator::RetiredAt))
                    .col(integer(Indicator::Version))
                    .col(timestamp_with_time_zone(Indicator::CreatedAt))
                    .foreign_key(&mut fk(Indicator::Table, Indicator::TenantId, Tenant::Table, Tenant::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_indicator_tenant_code")
                    .table(Indicator::Table)
                    .col(Indicator::TenantId)
                    .col(Indicator::Code)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Campaign::Table)
                    .col(big_pk_auto(Campaign::Id))
                    .col(big_integer(Campaign::TenantId))
                    .col(string_len(Campaign::Name, 100))
                    .col(integer(Campaign::StartYear))
                    .col(integer(Campaign::EndYear))
                    .col(timestamp_with_time_zone(Campaign::CreatedAt))
                    .foreign_key(&mut fk(Campaign::Table, Campaign::TenantId, Tenant::Table, Tenant::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CampaignPhase::Table)
                    .col(big_pk_auto(CampaignPhase::Id))
                    .col(big_integer(CampaignPhase::CampaignId))
                    .col(integer(CampaignPhase::Ordinal))
                    .col(string_len(CampaignPhase::Name, 50))
                    .col(integer(CampaignPhase::StartYear))
                    .col(integer(CampaignPhase::EndYear))
                    .foreign_key(&mut fk(
                        CampaignPhase::Table,
                        CampaignPhase::CampaignId,
                        Campaign::Table,
                        Campaign::Id,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Target::Table)
                    .col(big_pk_auto(Target::Id))
                    .col(big_integer(Target::TenantId))
                    .col(big_integer(Target::IndicatorId))
                    .col(string_len(Target::Period, 8))
                    .col(big_integer_null(Target::TargetValue))
                    .col(big_integer_null(Target::Quota))
                    .col(integer(Target::Version))
                    .col(timestamp_with_time_zone(Target::UpdatedAt))
                    .foreign_key(&mut fk(Target::Table, Target::TenantId, Tenant::Table, Tenant::Id))
                    .foreign_key(&mut fk(Target::Table, Target::IndicatorId, Indicator::Table, Indicator::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_target_tenant_indicator_period")
                    .table(Target::Table)
                    .col(Target::TenantId)
                    .col(Target::IndicatorId)
                    .col(Target::Period)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_target_indicator_period")
                    .table(Target::Table)
                    .col(Target::IndicatorId)
                    .col(Target::Period)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            vec![
                Target::Table.into_iden(),
                CampaignPhase::Table.into_iden(),
                Campaign::Table.into_iden(),
                Indicator::Table.into_iden(),
            ],
        )
        .await
    }
}
