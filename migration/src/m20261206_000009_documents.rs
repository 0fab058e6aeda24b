//! Trusted documents registered by an ADMIN (the web client's own are compiled into the binary):
//! the text of a GraphQL document under its id, `sha256:` and the SHA-256 of the text in hex.
//! Documents are the deployment's, not a tenant's: they say which operations clients may run,
//! and each still runs in its caller's scope.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum TrustedDocument {
    Table,
    Id,
    Body,
    RegisteredBy,
    RegisteredAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TrustedDocument::Table)
                    .col(string_len(TrustedDocument::Id, 71).primary_key())
                    .col(text(TrustedDocument::Body))
                    .col(big_integer(TrustedDocument::RegisteredBy))
                    .col(timestamp_with_time_zone(TrustedDocument::RegisteredAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(TrustedDocument::Table).to_owned()).await
    }
}
