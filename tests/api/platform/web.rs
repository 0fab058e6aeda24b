//! The web client and GraphiQL as the binary serves them: pages revalidated, hashed files
//! cached for good, gzip when the browser accepts it, client routes answered with the page,
//! nothing from a CDN, and the client can be turned off.

use crate::helpers::*;

fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

/// The first `/assets/…` file the page names.
fn first_asset(page: &str) -> String {
    let start = page.find("/assets/").unwrap();
    let end = start + page[start..].find('"').unwrap();
    page[start..end].to_owned()
}

#[tokio::test]
async fn an_official_opening_the_server_gets_the_client_page() {
    let app = spawn_app().await;
    let res = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(header(&res, "content-type"), "text/html; charset=utf-8");
    assert_eq!(header(&res, "cache-control"), "no-cache");
    let etag = header(&res, "etag");
    let page = res.text().await.unwrap();
    assert!(page.contains(r#"<div id="app">"#), "{page}");
    assert!(!page.contains("https://"), "the page loads nothing from the internet: {page}");

    // A reload revalidates the page and gets 304 when it has not changed.
    let again = app.client.get(app.url("/")).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(again.status().as_u16(), 304);

    // A client route (a bookmark, a reload on a screen) answers the same page.
    let route = app.client.get(app.url("/dashboard/1?period=2019")).send().await.unwrap();
    assert_eq!(route.status().as_u16(), 200);
    assert_eq!(route.text().await.unwrap(), page);
}

#[tokio::test]
async fn hashed_files_are_cached_for_good_and_sent_gzipped_when_accepted() {
    let app = spawn_app().await;
    let page = app.client.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    let asset = first_asset(&page);
    let plain = app.client.get(app.url(&asset)).send().await.unwrap();
    assert_eq!(plain.status().as_u16(), 200);
    assert_eq!(header(&plain, "cache-control"), "public, max-age=31536000, immutable");
    assert!(header(&plain, "content-type").starts_with("text/javascript"), "{asset}");
    assert_eq!(header(&plain, "content-encoding"), "");
    let plain_len = plain.bytes().await.unwrap().len();

    let packed = app.client.get(app.url(&asset)).header("accept-encoding", "gzip, br").send().await.unwrap();
    assert_eq!(header(&packed, "content-encoding"), "gzip");
    assert_eq!(header(&packed, "vary"), "Accept-Encoding");
    let body = packed.bytes().await.unwrap();
    assert_eq!(&body[..2], &[0x1f, 0x8b], "a gzip stream");
    assert!(body.len() < plain_len / 2, "{} of {plain_len} bytes", body.len());
}

#[tokio::test]
async fn a_missing_file_or_server_path_is_not_the_client_page() {
    let app = spawn_app().await;
    for path in ["/assets/index-gone.js", "/favicon.ico", "/exports/nothing", "/graphql/x"] {
        let res = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 404, "{path}");
    }
    let post = app.client.post(app.url("/dashboard/1")).send().await.unwrap();
    assert_eq!(post.status().as_u16(), 404);
}

#[tokio::test]
async fn graphiql_comes_from_the_binary_not_a_cdn() {
    let app = spawn_app().await;
    let page = app.client.get(app.url("/graphiql")).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains("unpkg") && !page.contains("https://"), "{page}");
    assert!(page.contains("/graphiql/assets/"), "{page}");
    let asset = first_asset(&page);
    let res = app.client.get(app.url(&format!("/graphiql{asset}"))).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200, "{asset}");
    assert!(res.text().await.unwrap().contains("graphiql"));
}

#[tokio::test]
async fn the_client_can_be_turned_off() {
    let app = spawn_app_with(&[("SHILIU__WEB__CLIENT", "false")]).await;
    let res = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 404);
    let health = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status().as_u16(), 200);
}
