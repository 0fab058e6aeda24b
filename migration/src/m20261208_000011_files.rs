//! Ledger evidence files (台账): one row per upload, naming the tenant it belongs to (the
//! uploader's home, which is the tenant of whatever it is attached to), the uploader, the name
//! given, the kind told by the content, the size and the SHA-256 of the content. The content
//! itself is kept in the file storage under its SHA-256 (once, however many rows name it), never
//! in the database.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum File {
    Table,
    Id,
    TenantId,
    UploadedBy,
    Name,
    ContentType,
    Size,
    Sha256,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Tenant {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(File::Table)
                    .col(big_pk_auto(File::Id))
                    .col(big_integer(File::TenantId))
                    .col(big_integer(File::UploadedBy))
                    .col(string_len(File::Name, 200))
                    .col(string_len(File::ContentType, 100))
                    .col(big_integer(File::Size))
                    .col(string_len(File::Sha256, 64))
                    .col(timestamp_with_time_zone(File::CreatedAt))
                    .foreign_key(ForeignKey::create().from(File::Table, File::TenantId).to(Tenant::Table, Tenant::Id))
                    .to_owned(),
            )
            .await?;
        // The same content uploaded again by the same tenant under the same name is found here.
        manager
            .create_index(
                Index::create()
                    .name("idx_file_tenant_sha256")
                    .table(File::Table)
                    .col(File::TenantId)
                    .col(File::Sha256)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(File::Table).to_owned()).await
    }
}
