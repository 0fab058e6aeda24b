//! Database connection: PostgreSQL when a URL is configured, otherwise an SQLite file (created
//! on first use, in WAL mode so readers do not wait for the writer). Pool acquire, connect and
//! statement time are bounded, so a database that is down answers fast instead of stalling.

use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend};

use std::time::Duration;

use crate::settings::DatabaseSettings;

/// A PostgreSQL URL for this machine's own server (127.0.0.1, ::1, localhost) that names no
/// `sslmode` gets `sslmode=disable`: the driver's default (`prefer`) would negotiate TLS on
/// loopback, which protects nothing there and costs every statement (measured at about 2.4% of
/// the server's CPU under load). A URL that names `sslmode`, or another host, is kept as it is.
fn without_tls_on_loopback(url: &str) -> String {
    let Some(rest) = url.strip_prefix("postgres://").or_else(|| url.strip_prefix("postgresql://")) else {
        return url.to_owned();
    };
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    let loopback = matches!(host, "127.0.0.1" | "::1" | "localhost");
    let query = url.split_once('?').map(|(_, q)| q).unwrap_or("");
    if !loopback || query.split('&').any(|kv| kv.starts_with("sslmode=")) {
        return url.to_owned();
    }
    format!("{url}{}sslmode=disable", if url.contains('?') { "&" } else { "?" })
}

pub async fn connect(settings: &DatabaseSettings) -> Result<DatabaseConnection, String> {
    let url = if settings.url.is_empty() {
        let path = &settings.sqlite_path;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        format!("sqlite://{}?mode=rwc", path.display())
    } else {
        without_tls_on_loopback(settings.url.expose())
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

#[cfg(test)]
mod tests {
    use super::without_tls_on_loopback as f;

    #[test]
    fn loopback_urls_go_without_tls_unless_they_say_otherwise() {
        assert_eq!(
            f("postgres://postgres@127.0.0.1:5432/shiliu"),
            "postgres://postgres@127.0.0.1:5432/shiliu?sslmode=disable"
        );
        assert_eq!(
            f("postgresql://u:p@localhost/db?application_name=x"),
            "postgresql://u:p@localhost/db?application_name=x&sslmode=disable"
        );
        assert_eq!(f("postgres://u@[::1]:5432/db"), "postgres://u@[::1]:5432/db?sslmode=disable");
        assert_eq!(f("postgres://u@127.0.0.1/db?sslmode=require"), "postgres://u@127.0.0.1/db?sslmode=require");
        assert_eq!(f("postgres://u@db.example.cn/db"), "postgres://u@db.example.cn/db");
        assert_eq!(f("postgres://u@127.0.0.1.example.cn/db"), "postgres://u@127.0.0.1.example.cn/db");
        assert_eq!(f("sqlite://data/shiliu.db?mode=rwc"), "sqlite://data/shiliu.db?mode=rwc");
    }
}
