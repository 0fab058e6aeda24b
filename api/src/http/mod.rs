//! HTTP routes: `/graphql` (POST; GET for queries only), `/graphiql`, `/healthz`, `/readyz`,
//! `/metrics`,
//! `/exports/…` (files, authorised like the API).

pub mod exports;
pub mod graphql;
mod health;
pub mod metrics;

use actix_web::{HttpResponse, web};

use crate::settings::Settings;

pub fn routes(cfg: &mut web::ServiceConfig, settings: &Settings) {
    cfg.service(
        web::resource("/graphql")
            .route(web::post().to(graphql::post))
            .route(web::get().to(graphql::get))
            .default_service(web::to(graphql::method_not_allowed)),
    )
    .route("/healthz", web::get().to(health::healthz))
    .route("/readyz", web::get().to(health::readyz))
    .route("/metrics", web::get().to(metrics::render))
    .route("/exports/assessment-rounds/{id}/{file}", web::get().to(exports::assessment_notice));
    if settings.graphql.graphiql {
        cfg.route("/graphiql", web::get().to(graphiql));
    }
}

/// GraphiQL, loaded from the public CDN by the browser; it talks to `/graphql` on this host.
async fn graphiql() -> HttpResponse {
    HttpResponse::Ok().content_type("text/html; charset=utf-8").body(GRAPHIQL_HTML)
}

const GRAPHIQL_HTML: &str = r#"<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <title>石榴 Shiliu · GraphiQL</title>
  <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
  <link rel="stylesheet" href="https://unpkg.com/graphiql@3/graphiql.min.css" />
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script crossorigin src="https://unpkg.com/react@18/umd/react.production.min.js"></script>
  <script crossorigin src="https://unpkg.com/react-dom@18/umd/react-dom.production.min.js"></script>
  <script crossorigin src="https://unpkg.com/graphiql@3/graphiql.min.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({ url: '/graphql' });
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, {
        fetcher,
        defaultEditorToolsVisibility: true,
        defaultQuery: '# Sign in first:\n# mutation { login(username: "liuzhou.admin", password: "shiliu-demo-2026") { accessToken } }\n# then add the header {"Authorization": "Bearer <accessToken>"} below.\n{ me { user { username } tenant { name level } } }\n',
      }),
    );
  </script>
</body>
</html>
"#;
