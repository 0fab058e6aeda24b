//! Database connection: PostgreSQL when a URL is configured, otherwise an SQLite file (created
//! on first use, in WAL mode so readers do not wait for the writer). Pool acquire, connect and
//! statement time are bounded, so a database that is down answers fast instead of stalling.

use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend};

use std::time::Duration;

use crate::settings::DatabaseSettings;

pub async fn connect(settings: &DatabaseSettings) -> Result<DatabaseConnection, String> {
    let url = if settings.url.is_empty() {
        let path = &settings.sqlite_path;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        format!("sqlite://{}?mode=rwc", path.display())
    } else {
        settings.url.expose().to_owned()
    };
    let mut opts = ConnectOptions::new(url);
    opts.max_connections(settings.max_connections)
        .acquire_timeout(Duration::from_millis(settings.acquire_timeout_ms))
        .connect_timeout(Duration::from_millis(settings.connect_timeout_ms))
        .statement_timeout(Duration::from_millis(settings.statement_timeout_ms))
        .sqlx_logging(false);
    let db = Database::connect(opts).await.map_err(|e| format!("cannot connect to the database: {e}"))?;
    if db.get_database_backend() == DbBackend::Sqlite {
        db.execute_unprepared("PRAGMA journal_mode=WAL;").await.map_err(|e| format!("cannot enable WAL: {e}"))?;
    }
    Ok(db)
}
