//! Database migrations for Shiliu. The same migrations serve SQLite (embedded default) and
//! PostgreSQL (production); `shiliu migrate up|down|status` and `shiliu serve` run them.

pub use sea_orm_migration::prelude::*;

mod common;
mod m20261128_000001_platform;
mod m20261128_000002_units;
mod m20261128_000003_targets;
mod m20261128_000004_reports;
mod m20261128_000005_assessment;
mod m20261128_000006_supervision;
mod m20261201_000007_write_path;
mod m20261202_000008_figures;
mod m20261206_000009_documents;
mod m20261207_000010_accounts;
mod m20261208_000011_files;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261128_000001_platform::Migration),
            Box::new(m20261128_000002_units::Migration),
            Box::new(m20261128_000003_targets::Migration),
            Box::new(m20261128_000004_reports::Migration),
            Box::new(m20261128_000005_assessment::Migration),
            Box::new(m20261128_000006_supervision::Migration),
            Box::new(m20261201_000007_write_path::Migration),
            Box::new(m20261202_000008_figures::Migration),
            Box::new(m20261206_000009_documents::Migration),
            Box::new(m20261207_000010_accounts::Migration),
            Box::new(m20261208_000011_files::Migration),
        ]
    }
}
