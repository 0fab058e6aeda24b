//! HTTP routes: `/graphql` (POST; GET for queries only; GET with `Upgrade: websocket` for live
//! subscriptions, see `live`), `/graphiql`, `/healthz`, `/readyz`,
//! `/metrics`, `/exports/…` (files, authorised like the API), `/files` and `/uploads` (ledger
//! evidence files, see `files`), and the embedded web client at `/`.
//! `/graphql` and `/exports/…` answer through two middlewares: compression and validators
//! (`encoding`) inside, CORS (`cors`) outside, so a preflight is answered before anything runs
//! and every answer (a 304 too) carries the CORS headers.

mod assets;
pub use assets::documents_manifest;
mod cors;
mod encoding;
pub mod exports;
mod files;
pub mod graphql;
mod health;
mod lists;
pub mod live;
pub mod metrics;
mod notices;
mod rollup_sheet;
mod sheets;
mod templates;

use actix_web::middleware::from_fn;
use actix_web::web;

use crate::settings::Settings;

pub fn routes(cfg: &mut web::ServiceConfig, settings: &Settings) {
    cfg.service(
        web::resource("/graphql")
            .wrap(from_fn(encoding::middleware))
            .wrap(from_fn(cors::middleware))
            .route(web::post().to(graphql::post))
            .route(web::get().guard(actix_web::guard::fn_guard(live::is_upgrade)).to(live::upgrade))
            .route(web::get().to(graphql::get))
            .default_service(web::to(graphql::method_not_allowed)),
    )
    .route("/healthz", web::get().to(health::healthz))
    .route("/readyz", web::get().to(health::readyz))
    .route("/metrics", web::get().to(metrics::render))
    .service(
        web::scope("/exports")
            .wrap(from_fn(encoding::middleware))
            .wrap(from_fn(cors::middleware))
            .route("/assessment-rounds/{id}/{file}", web::get().to(exports::assessment_notice))
            .route("/decomposition.xlsx", web::get().to(exports::decomposition))
            .route("/decomposition-template.xlsx", web::get().to(templates::decomposition))
            .route("/figures.xlsx", web::get().to(lists::figures))
            .route("/figures-template.xlsx", web::get().to(templates::figures))
            .route("/rectification-tasks.xlsx", web::get().to(lists::rectification_tasks))
            .route("/review-queue.xlsx", web::get().to(notices::review_queue))
            .route("/rollup.xlsx", web::get().to(rollup_sheet::rollup))
            .route("/batches/{id}/notice.xlsx", web::get().to(notices::batch_notice)),
    )
    .service(
        web::scope("/files")
            .wrap(from_fn(cors::middleware))
            .route("", web::post().to(files::upload))
            .route("/{id}", web::get().to(files::download)),
    )
    .service(
        web::scope("/uploads")
            .wrap(from_fn(cors::middleware))
            .route("", web::post().to(files::begin))
            .route("/{id}", web::get().to(files::status))
            .route("/{id}", web::head().to(files::status))
            .route("/{id}", web::patch().to(files::piece)),
    );
    if settings.graphql.graphiql {
        cfg.route("/graphiql", web::get().to(assets::graphiql_page))
            .route("/graphiql/assets/{file}", web::get().to(assets::graphiql_asset));
    }
    if settings.web.client {
        cfg.route("/assets/{file}", web::get().to(assets::app_asset)).default_service(web::to(assets::app_page));
    }
}
