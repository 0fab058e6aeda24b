//! Ledger evidence files (台账): uploads in one request and in pieces, the kinds told by their
//! content, the limits, content kept once, downloads as allowed and as a sibling, and the same on
//! S3 storage (a real S3 server, when `SHILIU_TEST_S3_ENDPOINT` names one: `.ci/s3-server`).

mod attachments;
mod exports;
mod imports;
mod storage;
mod uploads;

use serde_json::Value;

use crate::helpers::*;

/// A real 1×1 PNG.
pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\0\x05\0\x01\xff\x89\x99=\x1d\0\0\0\0IEND\xaeB`\x82";

/// A JPEG's first bytes and some body (the kind is told by the first bytes).
pub fn jpeg(len: usize) -> Vec<u8> {
    let mut v = vec![0xFF, 0xD8, 0xFF, 0xE0];
    v.extend((0..len.saturating_sub(4)).map(|i| (i * 7 % 251) as u8));
    v
}

/// A ZIP with the named parts (a Word file needs `[Content_Types].xml` and `word/document.xml`).
pub fn zip_with(parts: &[&str]) -> Vec<u8> {
    use std::io::Write as _;
    let mut out = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut out);
    for p in parts {
        z.start_file(*p, zip::write::SimpleFileOptions::default()).unwrap();
        z.write_all(b"<x/>").unwrap();
    }
    z.finish().unwrap();
    out.into_inner()
}

/// A multipart/form-data body with one part `field` holding `bytes` as `filename`.
pub fn multipart(field: &str, filename: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----shiliu-test-boundary-7f3a";
    let mut body = Vec::new();
    body.extend(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend(bytes);
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// POST /files as `token`: status and JSON body.
pub async fn upload_as(app: &TestApp, token: Option<&str>, name: &str, bytes: &[u8]) -> (u16, Value) {
    let (ct, body) = multipart("file", name, bytes);
    let mut req = app.client.post(app.url("/files")).header("content-type", ct).body(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.send().await.unwrap();
    (resp.status().as_u16(), resp.json().await.unwrap())
}

/// Uploads and answers the file (asserting 201).
pub async fn upload(actor: &Actor<'_>, name: &str, bytes: &[u8]) -> Value {
    let (status, body) = upload_as(actor.app, Some(&actor.access), name, bytes).await;
    assert_eq!(status, 201, "{body}");
    body["file"].clone()
}

/// GET of a path as `token` (or none): status, headers and bytes.
pub async fn fetch(app: &TestApp, token: Option<&str>, path: &str) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let mut req = app.client.get(app.url(path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.send().await.unwrap();
    let (status, headers) = (resp.status().as_u16(), resp.headers().clone());
    (status, headers, resp.bytes().await.unwrap().to_vec())
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
