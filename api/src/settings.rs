//! Typed settings: `config/default.toml` (compiled in), then `config/<profile>.toml`, then the
//! environment. The few well-known variables (`DATABASE_URL`, `REDIS_URL`, `SHILIU_BIND`,
//! `SHILIU_JWT_SECRET`) work as written; any other key is `SHILIU__SECTION__KEY`.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

const DEFAULT_TOML: &str = include_str!("../../config/default.toml");

/// A value that must never reach a log line.
#[derive(Clone, Deserialize, Default)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    Development,
    Production,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Settings {
    pub profile: Profile,
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub redis: RedisSettings,
    pub auth: AuthSettings,
    pub graphql: GraphqlSettings,
    pub idempotency: IdempotencySettings,
    pub reports: ReportSettings,
    pub web: WebSettings,
    pub http: HttpSettings,
    pub files: FilesSettings,
}

#[derive(Clone, Debug, Deserialize)]
pub struct ServerSettings {
    pub bind: String,
    pub workers: usize,
    pub body_limit_bytes: usize,
    pub trust_forwarded_for: bool,
}

#[derive(Clone, Debug, Deserialize)]
pub struct DatabaseSettings {
    pub url: Secret,
    pub sqlite_path: PathBuf,
    pub max_connections: u32,
    /// Longest wait for a pooled connection (also when the database is down).
    pub acquire_timeout_ms: u64,
    /// Longest wait to open a new connection.
    pub connect_timeout_ms: u64,
    /// Longest a statement may run (PostgreSQL `statement_timeout`).
    pub statement_timeout_ms: u64,
}

#[derive(Clone, Debug, Deserialize)]
pub struct RedisSettings {
    pub url: Secret,
    pub key_prefix: String,
    /// Longest wait for one Redis command (or connection) before the in-process fallback answers.
    pub command_timeout_ms: u64,
    /// After Redis failed, how long the fallback answers alone before Redis is tried again.
    pub retry_interval_ms: u64,
}

#[derive(Clone, Debug, Deserialize)]
pub struct AuthSettings {
    pub jwt_secret: Secret,
    pub access_ttl_secs: i64,
    pub refresh_ttl_secs: i64,
    pub password_min_length: usize,
    pub password_min_classes: usize,
    pub argon2_memory_kib: u32,
    pub argon2_iterations: u32,
    pub login_max_failures: i64,
    pub login_max_failures_per_client: i64,
    pub login_failure_window_secs: u64,
    pub lock_after_failures: i32,
    pub lock_minutes: i64,
}

#[derive(Clone, Debug, Deserialize)]
pub struct GraphqlSettings {
    /// Deepest nesting of `{`, `[` and `(` a document may have (checked before parsing).
    pub max_nesting: usize,
    /// Most tokens a document may have (checked before parsing; the body limit is separate).
    pub max_tokens: usize,
    pub max_depth: usize,
    pub max_aliases: usize,
    /// Most fields a document may select once its fragments are expanded.
    pub max_selections: usize,
    /// Most directives a document may use once its fragments are expanded.
    pub max_directives: usize,
    pub max_complexity: usize,
    pub default_page_size: u64,
    pub max_page_size: u64,
    pub introspection: bool,
    pub graphiql: bool,
    /// Live subscriptions (graphql-transport-ws, see `http::live`): how long a group of
    /// subscribers waits after a change event that concerns it before computing again, so a
    /// burst of writes costs one computation.
    pub subscription_debounce_ms: u64,
    /// How long a socket may stay open without `connection_init` (then closed with 4408).
    pub subscription_init_timeout_ms: u64,
    /// Most subscriptions one socket may hold at once.
    pub subscriptions_per_socket: usize,
    /// Most sockets one user may hold open at once on this node.
    pub sockets_per_user: usize,
    /// Which documents run: unset, `trusted` in production and `any` elsewhere (see
    /// [`Settings::document_mode`]).
    #[serde(default)]
    pub documents: Option<DocumentMode>,
    /// Manifests of other clients' trusted documents (JSON objects of id to text, the form the
    /// web client's build writes), read at start besides the web client's own.
    /// A TOML list, or a comma-separated string from the environment.
    #[serde(default, deserialize_with = "paths")]
    pub document_manifests: Vec<std::path::PathBuf>,
}

/// Which documents run (`graphql.documents`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentMode {
    /// Any document; a trusted one may also be sent by its id.
    Any,
    /// Only trusted documents, by id or by a text whose id is known; ADMINs (and GraphiQL where
    /// it is served) may still send any text.
    Trusted,
}

/// Idempotency keys of retried mutations (see `service::idempotency`).
#[derive(Clone, Debug, Deserialize)]
pub struct IdempotencySettings {
    /// How long a key answers its retries; after that it is forgotten and removed.
    pub ttl_secs: i64,
    /// How often the server removes expired keys.
    pub sweep_interval_secs: u64,
}

/// `[reports]`: what may be reported.
#[derive(Clone, Debug, Deserialize)]
pub struct ReportSettings {
    /// How many days before a period begins (China time) its figures may already be reported.
    pub future_grace_days: i64,
}

/// `[web]`: the embedded web client.
#[derive(Clone, Debug, Deserialize)]
pub struct WebSettings {
    /// Serve the client at `/` (and its client routes).
    pub client: bool,
}

/// `[http]`: what the answers of `/graphql` and `/exports/…` do for slow links and browser pages
/// of other origins (see `http::encoding` and `http::cors`).
#[derive(Clone, Debug, Deserialize)]
pub struct HttpSettings {
    /// Bodies of at least this many bytes are compressed (gzip or brotli, by `Accept-Encoding`);
    /// smaller ones are sent as they are.
    pub compress_min_bytes: usize,
    /// Origins (`scheme://host[:port]`) whose pages may call the API from a browser. Empty: no
    /// CORS headers at all. A TOML list, or a comma-separated string from the environment.
    #[serde(deserialize_with = "origins")]
    pub cors_origins: Vec<String>,
    /// How long a browser may keep a preflight's answer (`Access-Control-Max-Age`).
    pub cors_max_age_secs: u32,
}

/// `[files]`: ledger evidence files (台账) — where their contents are kept and what is accepted
/// (see `blobs` and `http::files`).
#[derive(Clone, Debug, Deserialize)]
pub struct FilesSettings {
    /// `local` (a folder, the embedded default) or `s3` (S3-compatible object storage).
    pub storage: FileStorage,
    /// The folder of `local` storage.
    pub dir: PathBuf,
    /// Largest file accepted (bytes).
    pub max_bytes: u64,
    /// Largest piece of a chunked upload (bytes); a file over this size is sent in pieces.
    pub chunk_bytes: u64,
    /// Which kinds are accepted, by their content (not their name): of jpeg, png, pdf, docx, xlsx.
    #[serde(deserialize_with = "comma_list")]
    pub kinds: Vec<String>,
    /// How long a download link handed out with a file stays valid.
    pub link_ttl_secs: i64,
    /// How long an unfinished chunked upload is kept.
    pub upload_ttl_secs: i64,
    /// `s3` storage: `https://host[:port]` of an S3-compatible service (empty: AWS itself),
    /// the bucket, its region, the credentials, and a key prefix (e.g. `shiliu/`) so that one
    /// bucket may serve several deployments.
    pub s3_endpoint: String,
    pub s3_bucket: String,
    pub s3_region: String,
    pub s3_access_key: Secret,
    pub s3_secret_key: Secret,
    pub s3_prefix: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileStorage {
    Local,
    S3,
}

/// A list of strings: a TOML list, or one comma-separated string (how the environment sends it).
fn comma_list<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        List(Vec<String>),
        Text(String),
    }
    Ok(match Raw::deserialize(d)? {
        Raw::List(list) => list,
        Raw::Text(text) => text.split(',').map(str::to_owned).collect(),
    })
}

/// A list of paths: a TOML list, or comma-separated from the environment.
fn paths<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<std::path::PathBuf>, D::Error> {
    let raw = comma_list(d)?;
    Ok(raw.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).map(std::path::PathBuf::from).collect())
}

/// A list of origins, each `http(s)://host[:port]` (lower-cased, no trailing slash); never `*`,
/// since requests carry `Authorization`.
fn origins<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let raw = comma_list(d)?;
    let mut out = Vec::new();
    for origin in raw {
        let origin = origin.trim().trim_end_matches('/').to_ascii_lowercase();
        if origin.is_empty() {
            continue;
        }
        let host = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://"));
        if !host.is_some_and(|h| !h.is_empty() && !h.contains(['/', '*', '?', '#', ' '])) {
            return Err(serde::de::Error::custom(format!(
                "http.cors_origins: {origin:?} is not an origin (expected https://host[:port], never *)"
            )));
        }
        out.push(origin);
    }
    Ok(out)
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("invalid settings in {origin}: {message}")]
    Invalid { origin: String, message: String },
}

/// Environment variables that map to a settings key without the `SHILIU__` form.
const WELL_KNOWN_ENV: [(&str, &str, &str); 4] = [
    ("DATABASE_URL", "database", "url"),
    ("REDIS_URL", "redis", "url"),
    ("SHILIU_BIND", "server", "bind"),
    ("SHILIU_JWT_SECRET", "auth", "jwt_secret"),
];

impl Settings {
    /// Loads settings from `SHILIU_CONFIG_DIR` (default `config/`) and the process environment.
    pub fn load() -> Result<Self, SettingsError> {
        let dir = std::env::var("SHILIU_CONFIG_DIR").unwrap_or_else(|_| "config".to_owned());
        let env: Vec<(String, String)> = std::env::vars().collect();
        Self::load_from(Path::new(&dir), &env)
    }

    /// Loads settings from a config directory and an explicit environment (tests use this).
    pub fn load_from(dir: &Path, env: &[(String, String)]) -> Result<Self, SettingsError> {
        let mut root = parse_toml(DEFAULT_TOML, "config/default.toml (built in)")?;
        let profile = env
            .iter()
            .find(|(k, _)| k == "SHILIU_PROFILE")
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| "development".to_owned());
        let profile_file = dir.join(format!("{profile}.toml"));
        if profile_file.exists() {
            let text = std::fs::read_to_string(&profile_file)
                .map_err(|source| SettingsError::Read { path: profile_file.clone(), source })?;
            merge(&mut root, parse_toml(&text, &profile_file.display().to_string())?);
        }
        set(&mut root, None, "profile", toml::Value::String(profile));
        for (name, value) in env {
            if let Some((section, key)) =
                WELL_KNOWN_ENV.iter().find(|(var, _, _)| var == name).map(|(_, s, k)| (*s, *k))
            {
                set(&mut root, Some(section), key, toml::Value::String(value.clone()));
            } else if let Some(path) = name.strip_prefix("SHILIU__") {
                let parts: Vec<String> = path.split("__").map(|p| p.to_ascii_lowercase()).collect();
                match parts.as_slice() {
                    [section, key] => set(&mut root, Some(section), key, env_value(value)),
                    [key] => set(&mut root, None, key, env_value(value)),
                    _ => {
                        return Err(SettingsError::Invalid {
                            origin: name.clone(),
                            message: "expected SHILIU__SECTION__KEY".to_owned(),
                        });
                    }
                }
            }
        }
        toml::Value::Table(root).try_into().map_err(|e: toml::de::Error| SettingsError::Invalid {
            origin: "merged settings".to_owned(),
            message: e.message().to_owned(),
        })
    }

    pub fn is_production(&self) -> bool {
        self.profile == Profile::Production
    }

    /// `graphql.documents`, or its default: trusted documents only in production.
    pub fn document_mode(&self) -> DocumentMode {
        self.graphql.documents.unwrap_or(if self.is_production() { DocumentMode::Trusted } else { DocumentMode::Any })
    }
}

fn parse_toml(text: &str, origin: &str) -> Result<toml::Table, SettingsError> {
    text.parse::<toml::Table>()
        .map_err(|e| SettingsError::Invalid { origin: origin.to_owned(), message: e.message().to_owned() })
}

/// An environment value is read as a TOML scalar when it parses as one (numbers, booleans),
/// otherwise as a plain string.
fn env_value(raw: &str) -> toml::Value {
    format!("v = {raw}")
        .parse::<toml::Table>()
        .ok()
        .and_then(|mut t| t.remove("v"))
        .filter(|v| !v.is_table() && !v.is_array())
        .unwrap_or_else(|| toml::Value::String(raw.to_owned()))
}

fn set(root: &mut toml::Table, section: Option<&str>, key: &str, value: toml::Value) {
    let table = match section {
        None => root,
        Some(section) => {
            let entry = root.entry(section.to_owned()).or_insert_with(|| toml::Value::Table(toml::Table::new()));
            if !entry.is_table() {
                *entry = toml::Value::Table(toml::Table::new());
            }
            match entry.as_table_mut() {
                Some(t) => t,
                None => return,
            }
        }
    };
    table.insert(key.to_owned(), value);
}

fn merge(into: &mut toml::Table, from: toml::Table) {
    for (key, value) in from {
        match (into.get_mut(&key), value) {
            (Some(toml::Value::Table(a)), toml::Value::Table(b)) => merge(a, b),
            (_, value) => {
                into.insert(key, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn defaults_load_without_any_file() {
        let s = Settings::load_from(Path::new("/nonexistent"), &[]).unwrap();
        assert_eq!(s.server.bind, "127.0.0.1:8080");
        assert!(s.database.url.is_empty());
        assert_eq!(s.profile, Profile::Development);
    }

    #[test]
    fn well_known_and_prefixed_env_override() {
        let s = Settings::load_from(
            Path::new("/nonexistent"),
            &env(&[
                ("DATABASE_URL", "postgres://x/y"),
                ("SHILIU_BIND", "0.0.0.0:9"),
                ("SHILIU__AUTH__ACCESS_TTL_SECS", "60"),
                ("SHILIU__GRAPHQL__GRAPHIQL", "false"),
            ]),
        )
        .unwrap();
        assert_eq!(s.database.url.expose(), "postgres://x/y");
        assert_eq!(s.server.bind, "0.0.0.0:9");
        assert_eq!(s.auth.access_ttl_secs, 60);
        assert!(!s.graphql.graphiql);
    }

    #[test]
    fn a_bad_type_is_an_error_not_a_default() {
        let err = Settings::load_from(Path::new("/nonexistent"), &env(&[("SHILIU__SERVER__WORKERS", "many")]));
        assert!(err.is_err());
    }

    #[test]
    fn cors_origins_come_as_a_list_or_from_the_environment() {
        let s = Settings::load_from(Path::new("/nonexistent"), &[]).unwrap();
        assert!(s.http.cors_origins.is_empty());
        assert_eq!(s.http.compress_min_bytes, 1024);
        let s = Settings::load_from(
            Path::new("/nonexistent"),
            &env(&[("SHILIU__HTTP__CORS_ORIGINS", " https://Portal.example.cn/, http://127.0.0.1:5173 ")]),
        )
        .unwrap();
        assert_eq!(s.http.cors_origins, ["https://portal.example.cn", "http://127.0.0.1:5173"]);
        for bad in ["*", "portal.example.cn", "https://portal.example.cn/app", "https://*.example.cn"] {
            let err = Settings::load_from(Path::new("/nonexistent"), &env(&[("SHILIU__HTTP__CORS_ORIGINS", bad)]));
            assert!(err.is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn secrets_do_not_print() {
        assert_eq!(format!("{:?}", Secret::new("hunter2")), "[redacted]");
    }
}
