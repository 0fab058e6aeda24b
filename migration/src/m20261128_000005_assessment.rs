//! Performance assessment (绩效考评): schemes with their criteria, rounds with field working
//! groups, one record per assessee with its per-criterion scores, and each record's timeline.

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
enum AppUser {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AssessmentScheme {
    Table,
    Id,
    TenantId,
    Year,
    Name,
    Revision,
    BonusCap,
    FrozenAt,
    Version,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AssessmentCriterion {
    Table,
    Id,
    SchemeId,
    TenantId,
    Position,
    Aspect,
    Item,
    Title,
    MaxScore,
    Guidance,
    Evidence,
    IndicatorId,
    Bonus,
    AppliesTo,
}

#[derive(DeriveIden)]
enum AssessmentRound {
    Table,
    Id,
    TenantId,
    SchemeId,
    Name,
    Year,
    Deadline,
    CombineRule,
    DeskWeight,
    FieldWeight,
    RecheckDays,
    ExcellentMin,
    GoodMin,
    PassMin,
    Status,
    PublishedAt,
    Version,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AssessmentFieldMember {
    Table,
    RoundId,
    TenantId,
    GroupName,
    UserId,
}

#[derive(DeriveIden)]
enum AssessmentRecord {
    Table,
    Id,
    RoundId,
    RoundTenantId,
    AssesseeTenantId,
    UnitId,
    Kind,
    SortKey,
    FieldGroup,
    Status,
    BaseScore,
    BonusScore,
    TotalScore,
    DeskTotal,
    Objection,
    Reply,
    SubmittedAt,
    FeedbackAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AssessmentScore {
    Table,
    RecordId,
    CriterionId,
    AssesseeTenantId,
    SelfScore,
    SelfNote,
    Evidence,
    DeskScore,
    DeskComment,
    FieldScore,
    FieldComment,
    FinalScore,
    RecheckComment,
}

#[derive(DeriveIden)]
enum AssessmentEvent {
    Table,
    Id,
    RecordId,
    AssesseeTenantId,
    Action,
    FromStatus,
    ToStatus,
    AtTenantId,
    ActorUserId,
    ActorName,
    Reason,
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
                    .table(AssessmentScheme::Table)
                    .col(big_pk_auto(AssessmentScheme::Id))
                    .col(big_integer(AssessmentScheme::TenantId))
                    .col(integer(AssessmentScheme::Year))
                    .col(string_len(AssessmentScheme::Name, 100))
                    .col(integer(AssessmentScheme::Revision))
                    .col(big_integer(AssessmentScheme::BonusCap))
                    .col(timestamp_with_time_zone_null(AssessmentScheme::FrozenAt))
                    .col(integer(AssessmentScheme::Version))
                    .col(timestamp_with_time_zone(AssessmentScheme::CreatedAt))
                    .foreign_key(&mut fk(
                        AssessmentScheme::Table,
                        AssessmentScheme::TenantId,
                        Tenant::Table,
                        Tenant::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "uq_assessment_scheme_revision",
                    AssessmentScheme::Table,
                    vec![
                        AssessmentScheme::TenantId.into_iden(),
                        AssessmentScheme::Year.into_iden(),
                        AssessmentScheme::Name.into_iden(),
                        AssessmentScheme::Revision.into_iden(),
                    ],
                )
                .unique()
                .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AssessmentCriterion::Table)
                    .col(big_pk_auto(AssessmentCriterion::Id))
                    .col(big_integer(AssessmentCriterion::SchemeId))
                    .col(big_integer(AssessmentCriterion::TenantId))
                    .col(integer(AssessmentCriterion::Position))
                    .col(string_len(AssessmentCriterion::Aspect, 100))
                    .col(string_len(AssessmentCriterion::Item, 100))
                    .col(string_len(AssessmentCriterion::Title, 500))
                    .col(big_integer(AssessmentCriterion::MaxScore))
                    .col(text(AssessmentCriterion::Guidance))
                    .col(text(AssessmentCriterion::Evidence))
                    .col(big_integer_null(AssessmentCriterion::IndicatorId))
                    .col(boolean(AssessmentCriterion::Bonus))
                    .col(string_len(AssessmentCriterion::AppliesTo, 16))
                    .foreign_key(&mut fk(
                        AssessmentCriterion::Table,
                        AssessmentCriterion::SchemeId,
                        AssessmentScheme::Table,
                        AssessmentScheme::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_assessment_criterion_scheme",
                AssessmentCriterion::Table,
                vec![AssessmentCriterion::SchemeId.into_iden(), AssessmentCriterion::Position.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AssessmentRound::Table)
                    .col(big_pk_auto(AssessmentRound::Id))
                    .col(big_integer(AssessmentRound::TenantId))
                    .col(big_integer(AssessmentRound::SchemeId))
                    .col(string_len(AssessmentRound::Name, 100))
                    .col(integer(AssessmentRound::Year))
                    .col(date(AssessmentRound::Deadline))
                    .col(string_len(AssessmentRound::CombineRule, 32))
                    .col(integer(AssessmentRound::DeskWeight))
                    .col(integer(AssessmentRound::FieldWeight))
                    .col(integer(AssessmentRound::RecheckDays))
                    .col(big_integer(AssessmentRound::ExcellentMin))
                    .col(big_integer(AssessmentRound::GoodMin))
                    .col(big_integer(AssessmentRound::PassMin))
                    .col(string_len(AssessmentRound::Status, 16))
                    .col(timestamp_with_time_zone_null(AssessmentRound::PublishedAt))
                    .col(integer(AssessmentRound::Version))
                    .col(timestamp_with_time_zone(AssessmentRound::CreatedAt))
                    .foreign_key(&mut fk(AssessmentRound::Table, AssessmentRound::TenantId, Tenant::Table, Tenant::Id))
                    .foreign_key(&mut fk(
                        AssessmentRound::Table,
                        AssessmentRound::SchemeId,
                        AssessmentScheme::Table,
                        AssessmentScheme::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_assessment_round_tenant",
                AssessmentRound::Table,
                vec![AssessmentRound::TenantId.into_iden(), AssessmentRound::Id.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AssessmentFieldMember::Table)
                    .col(big_integer(AssessmentFieldMember::RoundId))
                    .col(big_integer(AssessmentFieldMember::TenantId))
                    .col(string_len(AssessmentFieldMember::GroupName, 50))
                    .col(big_integer(AssessmentFieldMember::UserId))
                    .primary_key(
                        Index::create()
                            .col(AssessmentFieldMember::RoundId)
                            .col(AssessmentFieldMember::GroupName)
                            .col(AssessmentFieldMember::UserId),
                    )
                    .foreign_key(&mut fk(
                        AssessmentFieldMember::Table,
                        AssessmentFieldMember::RoundId,
                        AssessmentRound::Table,
                        AssessmentRound::Id,
                    ))
                    .foreign_key(&mut fk(
                        AssessmentFieldMember::Table,
                        AssessmentFieldMember::UserId,
                        AppUser::Table,
                        AppUser::Id,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AssessmentRecord::Table)
                    .col(big_pk_auto(AssessmentRecord::Id))
                    .col(big_integer(AssessmentRecord::RoundId))
                    .col(big_integer(AssessmentRecord::RoundTenantId))
                    .col(big_integer(AssessmentRecord::AssesseeTenantId))
                    .col(big_integer_null(AssessmentRecord::UnitId))
                    .col(string_len(AssessmentRecord::Kind, 16))
                    .col(string_len(AssessmentRecord::SortKey, 40))
                    .col(string_len(AssessmentRecord::FieldGroup, 50))
                    .col(string_len(AssessmentRecord::Status, 24))
                    .col(big_integer_null(AssessmentRecord::BaseScore))
                    .col(big_integer_null(AssessmentRecord::BonusScore))
                    .col(big_integer_null(AssessmentRecord::TotalScore))
                    .col(big_integer_null(AssessmentRecord::DeskTotal))
                    .col(text_null(AssessmentRecord::Objection))
                    .col(text_null(AssessmentRecord::Reply))
                    .col(timestamp_with_time_zone_null(AssessmentRecord::SubmittedAt))
                    .col(timestamp_with_time_zone_null(AssessmentRecord::FeedbackAt))
                    .col(integer(AssessmentRecord::Version))
                    .col(timestamp_with_time_zone(AssessmentRecord::CreatedAt))
                    .col(timestamp_with_time_zone(AssessmentRecord::UpdatedAt))
                    .foreign_key(&mut fk(
                        AssessmentRecord::Table,
                        AssessmentRecord::RoundId,
                        AssessmentRound::Table,
                        AssessmentRound::Id,
                    ))
                    .foreign_key(&mut fk(
                        AssessmentRecord::Table,
                        AssessmentRecord::AssesseeTenantId,
                        Tenant::Table,
                        Tenant::Id,
                    ))
                    .foreign_key(&mut fk(AssessmentRecord::Table, AssessmentRecord::UnitId, Unit::Table, Unit::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_assessment_record_assessee",
                AssessmentRecord::Table,
                vec![AssessmentRecord::AssesseeTenantId.into_iden(), AssessmentRecord::Id.into_iden()],
            ))
            .await?;
        manager
            .create_index(
                index(
                    "uq_assessment_record_round",
                    AssessmentRecord::Table,
                    vec![AssessmentRecord::RoundId.into_iden(), AssessmentRecord::SortKey.into_iden()],
                )
                .unique()
                .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AssessmentScore::Table)
                    .col(big_integer(AssessmentScore::RecordId))
                    .col(big_integer(AssessmentScore::CriterionId))
                    .col(big_integer(AssessmentScore::AssesseeTenantId))
                    .col(big_integer_null(AssessmentScore::SelfScore))
                    .col(text(AssessmentScore::SelfNote))
                    .col(text(AssessmentScore::Evidence))
                    .col(big_integer_null(AssessmentScore::DeskScore))
                    .col(text(AssessmentScore::DeskComment))
                    .col(big_integer_null(AssessmentScore::FieldScore))
                    .col(text(AssessmentScore::FieldComment))
                    .col(big_integer_null(AssessmentScore::FinalScore))
                    .col(text(AssessmentScore::RecheckComment))
                    .primary_key(Index::create().col(AssessmentScore::RecordId).col(AssessmentScore::CriterionId))
                    .foreign_key(&mut fk(
                        AssessmentScore::Table,
                        AssessmentScore::RecordId,
                        AssessmentRecord::Table,
                        AssessmentRecord::Id,
                    ))
                    .foreign_key(&mut fk(
                        AssessmentScore::Table,
                        AssessmentScore::CriterionId,
                        AssessmentCriterion::Table,
                        AssessmentCriterion::Id,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AssessmentEvent::Table)
                    .col(big_pk_auto(AssessmentEvent::Id))
                    .col(big_integer(AssessmentEvent::RecordId))
                    .col(big_integer(AssessmentEvent::AssesseeTenantId))
                    .col(string_len(AssessmentEvent::Action, 32))
                    .col(string_len_null(AssessmentEvent::FromStatus, 24))
                    .col(string_len(AssessmentEvent::ToStatus, 24))
                    .col(big_integer(AssessmentEvent::AtTenantId))
                    .col(big_integer_null(AssessmentEvent::ActorUserId))
                    .col(string_len(AssessmentEvent::ActorName, 100))
                    .col(text_null(AssessmentEvent::Reason))
                    .col(timestamp_with_time_zone(AssessmentEvent::At))
                    .foreign_key(&mut fk(
                        AssessmentEvent::Table,
                        AssessmentEvent::RecordId,
                        AssessmentRecord::Table,
                        AssessmentRecord::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_assessment_event_record",
                AssessmentEvent::Table,
                vec![AssessmentEvent::RecordId.into_iden(), AssessmentEvent::Id.into_iden()],
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            vec![
                AssessmentEvent::Table.into_iden(),
                AssessmentScore::Table.into_iden(),
                AssessmentRecord::Table.into_iden(),
                AssessmentFieldMember::Table.into_iden(),
                AssessmentRound::Table.into_iden(),
                AssessmentCriterion::Table.into_iden(),
                AssessmentScheme::Table.into_iden(),
            ],
        )
        .await
    }
}
