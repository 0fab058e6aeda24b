//! What the one write path needs of the database:
//! - `data_version`: per city, a few counters that every committed write moves on inside its own
//!   transaction. Their sum is the city's data version, read with the authentication statement;
//!   cached figures are keyed by it, so a commit is never followed by a stale figure, whatever
//!   happens to the cache afterwards. Several counters (shards) per city keep concurrent writers
//!   from queueing on one row.
//! - `idempotency_key.fingerprint`: a key is bound to the request it first answered.
//! - `application.is_live` with a partial unique index: one live application per unit, title and
//!   level, enforced by the database, so of concurrent creates exactly one wins.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DataVersion {
    Table,
    CityId,
    Shard,
    Version,
}

#[derive(DeriveIden)]
enum IdempotencyKey {
    Table,
    Fingerprint,
}

#[derive(DeriveIden)]
enum Application {
    Table,
    IsLive,
}

const LIVE_INDEX: &str = "application_one_live_per_unit_kind_level";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DataVersion::Table)
                    .col(big_integer(DataVersion::CityId))
                    .col(integer(DataVersion::Shard))
                    .col(big_integer(DataVersion::Version))
                    .primary_key(Index::create().col(DataVersion::CityId).col(DataVersion::Shard))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(IdempotencyKey::Table)
                    .add_column(string_len(IdempotencyKey::Fingerprint, 64).default(""))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Application::Table)
                    .add_column(boolean(Application::IsLive).default(true))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        // Rejected applications and those whose designation was revoked are no longer live.
        db.execute_unprepared(
            "UPDATE application SET is_live = FALSE WHERE status = 'REJECTED' \
             OR id IN (SELECT application_id FROM designation WHERE revoked_at IS NOT NULL)",
        )
        .await?;
        db.execute_unprepared(&format!(
            "CREATE UNIQUE INDEX {LIVE_INDEX} ON application (unit_id, kind, level) WHERE is_live"
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared(&format!("DROP INDEX {LIVE_INDEX}")).await?;
        manager
            .alter_table(Table::alter().table(Application::Table).drop_column(Application::IsLive).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter().table(IdempotencyKey::Table).drop_column(IdempotencyKey::Fingerprint).to_owned(),
            )
            .await?;
        manager.drop_table(Table::drop().table(DataVersion::Table).to_owned()).await
    }
}
