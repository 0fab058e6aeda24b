//! The embedded web client at `/` and GraphiQL at `/graphiql`: the files `web/` builds
//! (`npm run build`), committed under `web/dist/` and compiled into the binary, so the server
//! needs no files on disk and the browser nothing from the internet. Hashed files (`assets/…`)
//! are cached for a year as immutable; pages are revalidated on every load (ETag); a gzip copy
//! made at build time is sent to browsers that accept it; a client route such as
//! `/dashboard/12` answers the client's page (SPA fallback).

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};

/// One built file, as listed by `web/dist/embed.rs`.
pub(super) struct Asset {
    path: &'static str,
    mime: &'static str,
    etag: &'static str,
    body: &'static [u8],
    gzip: Option<&'static [u8]>,
}

mod embedded {
    use super::Asset;
    include!(concat!(env!("CARGO_MANIFEST_DIR"), "/../web/dist/embed.rs"));
}

/// The web client's trusted documents (`web/dist/documents.json`, written by the build from its
/// `.graphql` files): an object of `sha256:<hex>` id to document text.
pub fn documents_manifest() -> &'static str {
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../web/dist/documents.json"))
}

/// Paths the server answers itself; the fallback never turns them into the client's page.
const SERVER_PATHS: [&str; 6] = ["/graphql", "/graphiql", "/exports/", "/healthz", "/readyz", "/metrics"];

fn find(set: &'static [Asset], path: &str) -> Option<&'static Asset> {
    set.binary_search_by(|a| a.path.cmp(path)).ok().map(|i| &set[i])
}

fn accepts_gzip(req: &HttpRequest) -> bool {
    req.headers().get_all(header::ACCEPT_ENCODING).filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(
        |coding| {
            let mut parts = coding.trim().split(';');
            parts.next().is_some_and(|c| c.trim() == "gzip") && !parts.any(|q| q.trim().replace(' ', "") == "q=0")
        },
    )
}

fn send(req: &HttpRequest, asset: &'static Asset) -> HttpResponse {
    let cache = if asset.path.starts_with("assets/") { "public, max-age=31536000, immutable" } else { "no-cache" };
    let mut res = HttpResponse::Ok();
    res.insert_header((header::CACHE_CONTROL, cache))
        .insert_header((header::ETAG, asset.etag))
        .insert_header((header::VARY, "Accept-Encoding"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"));
    let seen = req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok());
    if seen.is_some_and(|tags| tags.split(',').any(|t| t.trim() == asset.etag)) {
        return HttpResponse::NotModified()
            .insert_header((header::ETAG, asset.etag))
            .insert_header((header::CACHE_CONTROL, cache))
            .finish();
    }
    res.content_type(asset.mime);
    match asset.gzip {
        Some(packed) if accepts_gzip(req) => {
            res.insert_header((header::CONTENT_ENCODING, HeaderValue::from_static("gzip"))).body(packed)
        }
        _ => res.body(asset.body),
    }
}

fn not_found() -> HttpResponse {
    HttpResponse::NotFound().content_type("text/plain; charset=utf-8").body("未找到 · Not found")
}

/// `/assets/{file}`: a hashed file of the client, or 404 (never the page: a stale chunk must fail).
pub async fn app_asset(req: HttpRequest, file: web::Path<String>) -> HttpResponse {
    find(embedded::APP, &format!("assets/{file}")).map_or_else(not_found, |a| send(&req, a))
}

/// `/graphiql` and `/graphiql/assets/{file}`: GraphiQL built from the pinned npm package.
pub async fn graphiql_page(req: HttpRequest) -> HttpResponse {
    find(embedded::GRAPHIQL, "index.html").map_or_else(not_found, |a| send(&req, a))
}

pub async fn graphiql_asset(req: HttpRequest, file: web::Path<String>) -> HttpResponse {
    find(embedded::GRAPHIQL, &format!("assets/{file}")).map_or_else(not_found, |a| send(&req, a))
}

/// The client's page for `/` and any client route; anything else that is not found stays 404.
pub async fn app_page(req: HttpRequest) -> HttpResponse {
    if req.method() != actix_web::http::Method::GET && req.method() != actix_web::http::Method::HEAD {
        return not_found();
    }
    let path = req.path();
    let client_route = !SERVER_PATHS.iter().any(|p| path.starts_with(p))
        && !path.rsplit('/').next().is_some_and(|last| last.contains('.'));
    match find(embedded::APP, "index.html") {
        Some(page) if client_route => send(&req, page),
        _ => not_found(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_tables_are_sorted_for_lookup() {
        for set in [embedded::APP, embedded::GRAPHIQL] {
            assert!(set.windows(2).all(|w| w[0].path < w[1].path));
            assert!(find(set, "index.html").is_some());
        }
    }

    #[test]
    fn gzip_is_sent_only_when_accepted() {
        let yes =
            actix_web::test::TestRequest::default().insert_header(("accept-encoding", "br, gzip")).to_http_request();
        let refused =
            actix_web::test::TestRequest::default().insert_header(("accept-encoding", "gzip;q=0")).to_http_request();
        let none = actix_web::test::TestRequest::default().to_http_request();
        assert!(accepts_gzip(&yes));
        assert!(!accepts_gzip(&refused));
        assert!(!accepts_gzip(&none));
    }

    #[test]
    fn the_web_clients_trusted_documents_are_sound() {
        let docs = crate::store::documents::Documents::from_manifests([("web", documents_manifest())])
            .expect("web/dist/documents.json: every id is its text's");
        assert!(docs.manifest_len() >= 10, "{} documents", docs.manifest_len());
    }
}
