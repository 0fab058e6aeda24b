//! Uploading: kinds by content, limits, who may, the same content kept once, and chunked uploads
//! that resume from the server's offset.

use serde_json::{Value, json};

use super::*;

#[tokio::test]
async fn kinds_are_told_by_content_and_everything_else_is_refused_clearly() {
    let app = spawn_app_with(&[("SHILIU__FILES__MAX_BYTES", "4096")]).await;
    let me = app.actor(ZHAISHA_REPORTER).await;

    let png = upload(&me, "../台账/宣传栏.png", PNG).await;
    assert_eq!(png["name"], "宣传栏.png");
    assert_eq!(png["contentType"], "image/png");
    assert_eq!(png["size"], PNG.len());
    assert_eq!(png["sha256"], sha256_hex(PNG));
    assert_eq!(png["reference"], format!("file:{}", png["id"].as_str().unwrap()));
    // A PDF named .jpg is a PDF; Word and Excel files by their parts.
    let pdf = upload(&me, "会议纪要.jpg", b"%PDF-1.7\n1 0 obj\n").await;
    assert_eq!(pdf["contentType"], "application/pdf");
    let docx = upload(&me, "总结.docx", &zip_with(&["[Content_Types].xml", "word/document.xml"])).await;
    assert!(docx["contentType"].as_str().unwrap().contains("wordprocessingml"), "{docx}");
    let xlsx = upload(&me, "台账.xlsx", &zip_with(&["[Content_Types].xml", "xl/workbook.xml"])).await;
    assert!(xlsx["contentType"].as_str().unwrap().contains("spreadsheetml"), "{xlsx}");

    let refused = |status: u16, body: &Value, want_status: u16, want_code: &str| {
        assert_eq!(status, want_status, "{body}");
        assert_eq!(body["errors"][0]["extensions"]["code"], want_code, "{body}");
        assert!(body["errors"][0]["message"].as_str().unwrap().chars().any(|c| c > '\u{2e80}'), "zh first: {body}");
    };
    for (name, bytes) in [
        ("a.gif", b"GIF89a....".to_vec()),
        ("page.html", b"<html><script>alert(1)</script>".to_vec()),
        ("plain.zip", zip_with(&["word/document.xml"])),
    ] {
        let (s, b) = upload_as(&app, Some(&me.access), name, &bytes).await;
        refused(s, &b, 415, "BAD_USER_INPUT");
    }
    let (s, b) = upload_as(&app, Some(&me.access), "big.jpg", &jpeg(4097)).await;
    refused(s, &b, 413, "BAD_USER_INPUT");
    let (s, b) = upload_as(&app, Some(&me.access), "empty.jpg", b"").await;
    refused(s, &b, 400, "BAD_USER_INPUT");
    let (s, b) = upload_as(&app, None, "a.png", PNG).await;
    assert_eq!((s, b["errors"][0]["extensions"]["code"].as_str()), (401, Some("UNAUTHENTICATED")));
    let viewer = app.actor(CITY_VIEWER).await;
    let (s, b) = upload_as(&app, Some(&viewer.access), "a.png", PNG).await;
    assert_eq!((s, b["errors"][0]["extensions"]["code"].as_str()), (403, Some("FORBIDDEN")));
    // Not multipart at all.
    let resp = app.client.post(app.url("/files")).bearer_auth(&me.access).body(PNG.to_vec()).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 415);
    // A multipart body without the part `file`.
    let (ct, body) = multipart("photo", "a.png", PNG);
    let resp = app.client.post(app.url("/files")).bearer_auth(&me.access).header("content-type", ct).body(body);
    let resp = resp.send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 400);

    // Each accepted upload is one audit entry; the refused ones left none.
    let admin = app.actor(LUZHAI_ADMIN).await;
    let q = "{ auditLog(first: 100, filter: {entityType: \"file\"}) { totalCount edges { node { action } } } }";
    let audit = admin.gql(q, json!({})).await;
    assert_eq!(audit["data"]["auditLog"]["totalCount"], 4, "{audit}");
    assert_eq!(audit["data"]["auditLog"]["edges"][0]["node"]["action"], "file.upload");
}

#[tokio::test]
async fn the_same_content_is_kept_once_and_the_same_upload_answers_the_same_file() {
    let app = spawn_app().await;
    let me = app.actor(ZHAISHA_REPORTER).await;
    let a = upload(&me, "照片.jpg", &jpeg(3000)).await;
    let again = upload(&me, "照片.jpg", &jpeg(3000)).await;
    assert_eq!(a["id"], again["id"], "the same content under the same name is the same file");
    let renamed = upload(&me, "照片-副本.jpg", &jpeg(3000)).await;
    assert_ne!(a["id"], renamed["id"]);
    assert_eq!(a["sha256"], renamed["sha256"]);
    let other = app.actor(ANTAI_REPORTER).await;
    let theirs = upload(&other, "照片.jpg", &jpeg(3000)).await;
    assert_ne!(a["id"], theirs["id"], "another tenant's upload is its own file");
    // One content, whoever uploaded it, in the storage folder the test server was given.
    let kept = walk(&std::path::PathBuf::from(&app.files_dir).join("sha256"));
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(kept[0].ends_with(a["sha256"].as_str().unwrap()));
}

fn walk(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p.display().to_string());
            }
        }
    }
    out.sort();
    out
}

/// PATCH of a piece: status, the server's offset header and the body.
pub async fn piece(actor: &Actor<'_>, id: &str, offset: u64, bytes: &[u8]) -> (u16, Option<u64>, Value) {
    let resp = actor
        .app
        .client
        .patch(actor.app.url(&format!("/uploads/{id}")))
        .bearer_auth(&actor.access)
        .header("upload-offset", offset.to_string())
        .header("content-type", "application/offset+octet-stream")
        .body(bytes.to_vec())
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let at = resp.headers().get("upload-offset").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok());
    (status, at, resp.json().await.unwrap())
}

pub async fn begin(actor: &Actor<'_>, name: &str, size: usize) -> (u16, Value) {
    let resp = actor
        .app
        .client
        .post(actor.app.url("/uploads"))
        .bearer_auth(&actor.access)
        .json(&json!({ "name": name, "size": size }))
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.json().await.unwrap())
}

#[tokio::test]
async fn a_chunked_upload_resumes_from_the_servers_offset_and_is_its_uploaders_alone() {
    let app = spawn_app_with(&[("SHILIU__FILES__CHUNK_BYTES", "1024"), ("SHILIU__FILES__MAX_BYTES", "10000")]).await;
    let me = app.actor(ZHAISHA_REPORTER).await;
    let content = jpeg(2500);
    let (s, u) = begin(&me, "整改前后对比.jpg", content.len()).await;
    assert_eq!(s, 201, "{u}");
    let id = u["upload"]["id"].as_str().unwrap().to_owned();
    assert_eq!((u["upload"]["offset"].as_u64(), u["upload"]["chunkBytes"].as_u64()), (Some(0), Some(1024)));

    let (s, at, b) = piece(&me, &id, 0, &content[..1024]).await;
    assert_eq!((s, at), (200, Some(1024)), "{b}");
    assert!(b.get("file").is_none());
    // The connection dropped and the client resends the same piece: told where the server is.
    let (s, at, b) = piece(&me, &id, 0, &content[..1024]).await;
    assert_eq!((s, at), (409, Some(1024)), "{b}");
    assert_eq!(b["errors"][0]["extensions"]["code"], "CONFLICT");
    let status = me.app.client.get(app.url(&format!("/uploads/{id}"))).bearer_auth(&me.access).send().await.unwrap();
    assert_eq!(status.headers()["upload-offset"], "1024");
    let head = me.app.client.head(app.url(&format!("/uploads/{id}"))).bearer_auth(&me.access).send().await.unwrap();
    assert_eq!((head.status().as_u16(), head.headers()["upload-offset"].to_str().unwrap()), (200, "1024"));
    // Pieces over the chunk size, past the end, or without an offset are refused.
    assert_eq!(piece(&me, &id, 1024, &content[..1025]).await.0, 413);
    assert_eq!(piece(&me, &id, 1024, &[0u8; 1024]).await.0, 200);
    let (s, _, b) = piece(&me, &id, 2048, &[1u8; 1000]).await;
    assert_eq!(s, 400, "past the announced size: {b}");

    // Another user, even of the same tenant, does not see it.
    let colleague = app.actor("zhaisha.reviewer").await;
    assert_eq!(piece(&colleague, &id, 2048, &content[2048..]).await.0, 404);
    let r = app.client.get(app.url(&format!("/uploads/{id}"))).bearer_auth(&colleague.access).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 404);
    assert_eq!(
        app.client.get(app.url("/uploads/nonsense")).bearer_auth(&me.access).send().await.unwrap().status(),
        404
    );

    // The file that came of the pieces is what was sent at each offset (the second piece here
    // was zeros), and the upload is gone.
    let (s, at, b) = piece(&me, &id, 2048, &content[2048..]).await;
    assert_eq!((s, at), (200, Some(2500)), "{b}");
    let mut expected = content[..1024].to_vec();
    expected.extend([0u8; 1024]);
    expected.extend(&content[2048..]);
    assert_eq!(b["file"]["sha256"], sha256_hex(&expected));
    assert_eq!(b["file"]["name"], "整改前后对比.jpg");
    let (s, _, got) = fetch(&app, Some(&me.access), &format!("/files/{}", b["file"]["id"].as_str().unwrap())).await;
    assert_eq!((s, got), (200, expected));
    assert_eq!(piece(&me, &id, 2500, b"").await.0, 404);

    // Announcing more than the limit, or nothing, is refused at once.
    assert_eq!(begin(&me, "big.jpg", 10001).await.0, 413);
    assert_eq!(begin(&me, "none.jpg", 0).await.0, 400);
    let viewer = app.actor(CITY_VIEWER).await;
    assert_eq!(begin(&viewer, "a.jpg", 10).await.0, 403);
}

#[tokio::test]
async fn a_chunked_upload_of_a_kind_not_accepted_is_refused_and_removed() {
    let app = spawn_app_with(&[("SHILIU__FILES__CHUNK_BYTES", "1024")]).await;
    let me = app.actor(ZHAISHA_REPORTER).await;
    let (_, u) = begin(&me, "a.gif", 1500).await;
    let id = u["upload"]["id"].as_str().unwrap().to_owned();
    let gif = [b"GIF89a".to_vec(), vec![0u8; 1494]].concat();
    // Refused at the first piece: no accepted kind starts this way.
    let (s, _, b) = piece(&me, &id, 0, &gif[..1024]).await;
    assert_eq!(s, 415, "{b}");
    assert_eq!(piece(&me, &id, 0, &gif[..1024]).await.0, 404, "the refused upload is removed");
    // A ZIP may still be a Word file; one that is not is refused at its last piece.
    let zip = zip_with(&["word/document.xml", "padding.bin"]);
    let (_, u) = begin(&me, "a.docx", zip.len()).await;
    let id = u["upload"]["id"].as_str().unwrap().to_owned();
    let mut at = 0;
    let mut last = 0;
    for chunk in zip.chunks(1024) {
        let (s, next, _) = piece(&me, &id, at, chunk).await;
        last = s;
        at = next.unwrap_or(at);
    }
    assert_eq!(last, 415);
    assert!(walk(&std::path::PathBuf::from(&app.files_dir).join("uploads")).is_empty());
}

#[tokio::test]
async fn unfinished_uploads_that_ran_out_are_swept() {
    use shiliu::service::files;
    let settings = test_settings(&[("SHILIU__FILES__UPLOAD_TTL_SECS", "1")]).await;
    let state = shiliu::startup::build_state(settings).await.unwrap();
    shiliu::cli::demo::load(&state).await.unwrap();
    let scope = shiliu::auth::principal_for_offline_task(&state.db, ZHAISHA_REPORTER).await.unwrap().scope().unwrap();
    let u = files::begin_upload(&state, &scope, "a.jpg", 10).await.unwrap();
    files::append(&state, &scope, &u.id, 0, vec![0xFF, 0xD8, 0xFF, 0xE0, 0].into()).await.unwrap();
    assert_eq!(files::sweep_uploads(&state).await.unwrap(), 0, "not run out yet");
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(files::sweep_uploads(&state).await.unwrap(), 1);
    assert!(state.blobs.list("uploads").await.unwrap().is_empty());
    assert!(files::upload_status(&state, &scope, &u.id).await.is_err());
}
