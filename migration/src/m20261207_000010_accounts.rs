//! Accounts an official can run alone: a password that must be changed at the next sign-in
//! (after an ADMIN reset it), a lock after repeated wrong passwords (until it runs out or an
//! ADMIN unlocks it; the wrong passwords themselves are counted in the cache, not written), and
//! the client each session signed in from (for the list of one's own sessions).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AppUser {
    Table,
    MustChangePassword,
    LockedUntil,
}

#[derive(DeriveIden)]
enum Session {
    Table,
    Client,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column a statement: SQLite adds one column per ALTER TABLE.
        let user = |col: ColumnDef| Table::alter().table(AppUser::Table).add_column(col).to_owned();
        manager.alter_table(user(boolean(AppUser::MustChangePassword).default(false).to_owned())).await?;
        manager.alter_table(user(timestamp_with_time_zone_null(AppUser::LockedUntil).to_owned())).await?;
        manager
            .alter_table(
                Table::alter().table(Session::Table).add_column(string_len_null(Session::Client, 200)).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Session::Table).drop_column(Session::Client).to_owned()).await?;
        for col in [AppUser::LockedUntil, AppUser::MustChangePassword] {
            manager.alter_table(Table::alter().table(AppUser::Table).drop_column(col).to_owned()).await?;
        }
        Ok(())
    }
}
