//! Builds the application from settings: connect, migrate, wire state, bind. `main` and the
//! black-box tests share this, so tests run the very server that ships.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Instant;

use actix_web::dev::{Server, Service as _};
use actix_web::{App, HttpServer, web};
use migration::{Migrator, MigratorTrait};
use tracing::Instrument as _;

use crate::auth::jwt::{JwtKeys, MIN_SECRET_BYTES};
use crate::auth::{SignIns, tokens};
use crate::cache::{Cache, LocalMemo};
use crate::events::ChangeFeed;
use crate::events::bus::RedisBus;
use crate::graphql::build_schema;
use crate::http;
use crate::settings::Settings;
use crate::state::AppState;
use crate::store::documents::Documents;
use crate::telemetry::metrics::Metrics;

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct StartupError(pub String);

/// Connects database and cache, applies pending migrations, and checks secrets.
pub async fn build_state(settings: Settings) -> Result<AppState, StartupError> {
    let keys = jwt_keys(&settings)?;
    let mut db = crate::db::connect(&settings.database).await.map_err(StartupError)?;
    let metrics: Arc<Metrics> = Arc::default();
    let counter = metrics.clone();
    db.set_metric_callback(move |_| counter.observe_sql());
    Migrator::up(&db, None).await.map_err(|e| StartupError(format!("migrations failed: {e}")))?;
    let cache = Cache::connect(&settings.redis)
        .await
        .map_err(|e| StartupError(format!("cannot connect to Redis: {}", detail(&e))))?;
    let settings_documents = settings.graphql.document_manifests.clone();
    if let Some(bad) = settings.files.kinds.iter().find(|k| crate::domain::file::Kind::parse(k).is_none()) {
        return Err(StartupError(format!("files.kinds: {bad:?} is not one of jpeg, png, pdf, docx, xlsx")));
    }
    let blobs = crate::blobs::Blobs::open(&settings.files).map_err(StartupError)?;
    let rollup_memo = Arc::new(LocalMemo::new(crate::state::ROLLUP_MEMO_BUDGET, crate::service::rollups::CACHE_TTL));
    let changes = ChangeFeed::default();
    let sign_ins = Arc::new(SignIns::new(changes.clone()));
    changes.observe(sign_ins.clone());
    let bus = match settings.redis.url.is_empty() {
        true => None,
        false => Some(
            RedisBus::start(&settings.redis, changes.clone())
                .await
                .map_err(|e| StartupError(format!("cannot connect the change bus to Redis: {}", detail(&e))))?,
        ),
    };
    Ok(AppState {
        db,
        cache,
        settings: Arc::new(settings),
        keys: Arc::new(keys),
        metrics,
        rollup_memo,
        changes,
        bus,
        sign_ins,
        documents: Arc::new(documents(&settings_documents)?),
        blobs,
    })
}

/// The trusted documents of the web client (compiled in) and of the configured manifests.
fn documents(paths: &[std::path::PathBuf]) -> Result<Documents, StartupError> {
    let mut manifests = vec![("the web client's manifest".to_owned(), crate::http::documents_manifest().to_owned())];
    for path in paths {
        let text = std::fs::read_to_string(path)
            .map_err(|e| StartupError(format!("cannot read the manifest {}: {e}", path.display())))?;
        manifests.push((path.display().to_string(), text));
    }
    Documents::from_manifests(manifests.iter().map(|(o, t)| (o.as_str(), t.as_str()))).map_err(StartupError)
}

/// Two nodes in one process without Redis (the black-box tests' `spawn_two_nodes`): `node`
/// hears `with`'s commits and `with` hears `node`'s, through one in-process feed, as nodes do
/// through Redis. Without Redis a deployment has one node, so nothing else calls this.
pub fn share_feed_in_process(node: &mut AppState, with: &AppState) {
    node.changes = with.changes.clone();
    node.changes.observe(node.sign_ins.clone());
}

fn detail(e: &crate::error::AppError) -> String {
    match e {
        crate::error::AppError::Internal(d) | crate::error::AppError::Unavailable(d) => d.clone(),
        other => other.message(),
    }
}

fn jwt_keys(settings: &Settings) -> Result<JwtKeys, StartupError> {
    let secret = settings.auth.jwt_secret.expose();
    if secret.is_empty() {
        if settings.is_production() {
            return Err(StartupError(format!(
                "SHILIU_JWT_SECRET is required in production (at least {MIN_SECRET_BYTES} bytes)"
            )));
        }
        tracing::warn!("SHILIU_JWT_SECRET is not set: using a random development secret; tokens end with the process");
        return Ok(JwtKeys::new(tokens::random_token().as_bytes()));
    }
    if settings.is_production() && secret.len() < MIN_SECRET_BYTES {
        return Err(StartupError(format!("SHILIU_JWT_SECRET must be at least {MIN_SECRET_BYTES} bytes in production")));
    }
    Ok(JwtKeys::new(secret.as_bytes()))
}

pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    /// Binds `server.bind` (port 0 picks a free port) and prepares the server.
    pub async fn build(settings: Settings) -> Result<Self, StartupError> {
        let state = build_state(settings).await?;
        Self::serve(state)
    }

    pub fn serve(state: AppState) -> Result<Self, StartupError> {
        let bind = state.settings.server.bind.clone();
        let listener = TcpListener::bind(&bind).map_err(|e| StartupError(format!("cannot bind {bind}: {e}")))?;
        let port = listener.local_addr().map_err(|e| StartupError(e.to_string()))?.port();
        let workers = match state.settings.server.workers {
            0 => std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2),
            n => n,
        };
        crate::service::idempotency::spawn_sweeper(state.clone());
        crate::service::files::spawn_sweeper(state.clone());
        let schema = build_schema(state.clone());
        // One hub for the node, shared by every worker: a group's members may sit on any.
        let hub = http::live::Hub::new(state.clone(), schema.clone());
        let settings = state.settings.clone();
        let metrics: Arc<Metrics> = state.metrics.clone();
        let server = HttpServer::new(move || {
            let metrics = metrics.clone();
            App::new()
                .wrap_fn(move |req, srv| {
                    let started = Instant::now();
                    let metrics = metrics.clone();
                    // One span per request; the GraphQL handler adds the operation, the user and
                    // the home tenant to it.
                    let span = tracing::info_span!(
                        "request",
                        method = %req.method(),
                        path = %req.path(),
                        operation = tracing::field::Empty,
                        user = tracing::field::Empty,
                        tenant = tracing::field::Empty,
                    );
                    let fut = span.in_scope(|| srv.call(req));
                    async move {
                        let res = fut.await?;
                        let (status, elapsed) = (res.status().as_u16(), started.elapsed());
                        metrics.observe_request(status, elapsed);
                        tracing::info!(status, ms = elapsed.as_secs_f64() * 1000.0, "answered");
                        Ok(res)
                    }
                    .instrument(span)
                })
                .app_data(web::Data::new(state.clone()))
                .app_data(web::Data::new(schema.clone()))
                .app_data(web::Data::new(hub.clone()))
                .configure(|cfg| http::routes(cfg, &settings))
        })
        .workers(workers)
        .listen(listener)
        .map_err(|e| StartupError(format!("cannot listen: {e}")))?
        .run();
        Ok(Self { port, server })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(env: &[(&str, &str)]) -> Settings {
        let env: Vec<(String, String)> = env.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect();
        Settings::load_from(std::path::Path::new("/nonexistent"), &env).unwrap()
    }

    #[test]
    fn production_refuses_a_missing_or_weak_jwt_secret() {
        assert!(jwt_keys(&settings(&[("SHILIU_PROFILE", "production")])).is_err());
        assert!(jwt_keys(&settings(&[("SHILIU_PROFILE", "production"), ("SHILIU_JWT_SECRET", "short")])).is_err());
        let strong = "0123456789abcdef0123456789abcdef";
        assert!(jwt_keys(&settings(&[("SHILIU_PROFILE", "production"), ("SHILIU_JWT_SECRET", strong)])).is_ok());
    }

    #[test]
    fn development_generates_a_secret() {
        assert!(jwt_keys(&settings(&[])).is_ok());
    }
}
