//! Ledger evidence files (台账) over HTTP, authorised like the API (`Authorization: Bearer`);
//! errors are JSON in the GraphQL error shape with `extensions.code`. What a file is and who may
//! see it: `service::files`.
//!
//! - POST `/files`, `multipart/form-data` with the file in a part named `file` (its filename is
//!   the name kept): 201 `{"file": {id, reference, name, contentType, size, sha256, url}}`. Put
//!   `reference` (`file:<id>`) in an evidence list to attach the file. Too large: 413; not a
//!   JPEG, PNG, PDF, Word or Excel file by its content: 415.
//! - Chunked and resumable, for large files on weak links: POST `/uploads` with JSON
//!   `{"name", "size"}` (201 `{"upload": {id, name, size, offset, chunkBytes, expiresAt}}`); then
//!   PATCH `/uploads/{id}` with `Upload-Offset: <offset>` and at most `chunkBytes` raw bytes
//!   (200 `{"upload"}`, and `"file"` with the last piece); after a dropped connection GET or
//!   HEAD `/uploads/{id}` tells the offset (`Upload-Offset` header and `upload.offset`). A piece
//!   at another offset gets 409 with the server's `Upload-Offset`.
//! - GET `/files/{id}`: the content, to whoever can see the file (a sibling: 404), by the bearer
//!   token or by the `?link=` token of the `url` a file is answered with (10 minutes, for an
//!   `<img src>` or a phone's viewer). Images and PDF are sent inline, Word and Excel files as
//!   attachments, with the file's name (RFC 6266), `X-Content-Type-Options: nosniff` (and a
//!   sandbox policy for images); the content never changes under an id, so it may be kept
//!   privately.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use futures_util::StreamExt as _;
use serde_json::json;

use super::exports::{disposition, error, error_as, scope_of};
use crate::auth::Scope;
use crate::domain::file::Kind;
use crate::domain::ids::FileId;
use crate::error::AppError;
use crate::service::files::{self, File, Refused, Upload};
use crate::state::AppState;

/// The answer to a refusal: 413 and 415 for what HTTP names, 409 with the server's offset.
fn refused(state: &AppState, r: &Refused) -> HttpResponse {
    let err = r.error(&state.settings.files.kinds);
    let mut resp = match r {
        Refused::TooLarge(_) => error_as(StatusCode::PAYLOAD_TOO_LARGE, &err),
        Refused::Kind => error_as(StatusCode::UNSUPPORTED_MEDIA_TYPE, &err),
        Refused::Offset(_) | Refused::App(_) => error(&err),
    };
    if let Refused::Offset(at) = r {
        offset_header(&mut resp, *at);
    }
    resp
}

fn offset_header(resp: &mut HttpResponse, at: u64) {
    if let Ok(v) = HeaderValue::from_str(&at.to_string()) {
        resp.headers_mut().insert(header::HeaderName::from_static("upload-offset"), v);
    }
}

/// A file as the JSON answers give it.
fn file_json(state: &AppState, scope: &Scope, f: &File) -> Result<serde_json::Value, AppError> {
    Ok(json!({
        "id": f.id.to_string(),
        "reference": crate::domain::file::reference(f.id),
        "name": f.name,
        "contentType": f.content_type,
        "size": f.size,
        "sha256": f.sha256,
        "url": files::link(state, scope, f)?,
    }))
}

/// POST `/files`: one file in the multipart part `file`.
pub async fn upload(req: HttpRequest, payload: web::Payload, state: web::Data<AppState>) -> HttpResponse {
    let scope = match scope_of(&req, &state).await.and_then(|s| files::may_upload(&s).map(|()| s)) {
        Ok(s) => s,
        Err(e) => return error(&e),
    };
    let ct = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !ct.starts_with("multipart/form-data") {
        let e = AppError::bad_input(
            "file",
            "请以 multipart/form-data 上传，文件放在 file 字段 / send multipart/form-data with the file in the part `file`",
        );
        return error_as(StatusCode::UNSUPPORTED_MEDIA_TYPE, &e);
    }
    match receive(&req, payload, &state, &scope).await.and_then(|f| Ok(file_json(&state, &scope, &f)?)) {
        Ok(body) => HttpResponse::Created().json(json!({ "file": body })),
        Err(r) => refused(&state, &r),
    }
}

/// Spools the part `file` (other parts are read past) and keeps it.
async fn receive(req: &HttpRequest, payload: web::Payload, state: &AppState, scope: &Scope) -> Result<File, Refused> {
    let unreadable = || AppError::bad_input("file", "上传内容无法读取 / the multipart body could not be read");
    let mut parts = Multipart::new(req.headers(), payload);
    while let Some(part) = parts.next().await {
        let mut part = part.map_err(|_| unreadable())?;
        if part.name() != Some("file") {
            while let Some(chunk) = part.next().await {
                chunk.map_err(|_| unreadable())?;
            }
            continue;
        }
        let name = part.content_disposition().and_then(|d| d.get_filename()).unwrap_or_default().to_owned();
        let mut spool = files::spool(state).await?;
        while let Some(chunk) = part.next().await {
            spool.write(&chunk.map_err(|_| unreadable())?).await?;
        }
        if spool.size() == 0 {
            return Err(AppError::bad_input("file", "文件为空 / the file is empty").into());
        }
        return files::keep(state, scope, spool.finish().await?, &name).await;
    }
    Err(AppError::bad_input("file", "没有收到文件（应放在 file 字段）/ no file in the part `file`").into())
}

#[derive(serde::Deserialize)]
struct NewUpload {
    name: String,
    size: u64,
}

/// POST `/uploads`: starts a chunked upload.
pub async fn begin(req: HttpRequest, body: web::Bytes, state: web::Data<AppState>) -> HttpResponse {
    let result = async {
        let scope = scope_of(&req, &state).await?;
        let new: NewUpload = serde_json::from_slice(&body).map_err(|_| {
            AppError::bad_input(
                "body",
                "应为 JSON {\"name\": 文件名, \"size\": 字节数} / expected JSON {\"name\", \"size\"}",
            )
        })?;
        files::begin_upload(&state, &scope, &new.name, new.size).await
    }
    .await;
    match result {
        Ok(u) => upload_answer(StatusCode::CREATED, &u, None),
        Err(r) => refused(&state, &r),
    }
}

fn upload_answer(status: StatusCode, u: &Upload, file: Option<serde_json::Value>) -> HttpResponse {
    let mut body = json!({ "upload": u });
    if let Some(f) = file {
        body["file"] = f;
    }
    let mut resp = HttpResponse::build(status).json(body);
    offset_header(&mut resp, u.offset);
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// GET or HEAD `/uploads/{id}`: where the upload stands.
pub async fn status(req: HttpRequest, id: web::Path<String>, state: web::Data<AppState>) -> HttpResponse {
    let result = async {
        let scope = scope_of(&req, &state).await?;
        files::upload_status(&state, &scope, &id).await
    }
    .await;
    match result {
        Ok(u) => upload_answer(StatusCode::OK, &u, None),
        Err(e) => error(&e),
    }
}

/// PATCH `/uploads/{id}`: the piece at `Upload-Offset`.
pub async fn piece(
    req: HttpRequest,
    id: web::Path<String>,
    mut payload: web::Payload,
    state: web::Data<AppState>,
) -> HttpResponse {
    let result = async {
        let scope = scope_of(&req, &state).await?;
        let offset = req
            .headers()
            .get("upload-offset")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .ok_or_else(|| {
                AppError::bad_input("Upload-Offset", "缺少 Upload-Offset 头 / send the Upload-Offset header")
            })?;
        let limit = usize::try_from(state.settings.files.chunk_bytes).unwrap_or(usize::MAX);
        let mut body = web::BytesMut::new();
        while let Some(chunk) = payload.next().await {
            let chunk =
                chunk.map_err(|_| AppError::bad_input("body", "这一段无法读取 / the piece could not be read"))?;
            if body.len() + chunk.len() > limit {
                return Err(Refused::TooLarge(state.settings.files.chunk_bytes));
            }
            body.extend_from_slice(&chunk);
        }
        let (u, file) = files::append(&state, &scope, &id, offset, body.freeze()).await?;
        let file = file.map(|f| file_json(&state, &scope, &f)).transpose()?;
        Ok((u, file))
    }
    .await;
    match result {
        Ok((u, file)) => upload_answer(StatusCode::OK, &u, file),
        Err(r) => refused(&state, &r),
    }
}

#[derive(serde::Deserialize)]
struct LinkParam {
    link: Option<String>,
}

/// GET `/files/{id}`: the content, by the bearer token's scope or by a download link.
pub async fn download(req: HttpRequest, id: web::Path<String>, state: web::Data<AppState>) -> HttpResponse {
    let result = async {
        let id = id.parse::<i64>().map(FileId).map_err(|_| AppError::NotFound { entity: "file" })?;
        let link = web::Query::<LinkParam>::from_query(req.query_string()).ok().and_then(|q| q.into_inner().link);
        let file = match link {
            Some(token) => files::by_link(&state, id, &token).await?,
            None => files::get(&state, &scope_of(&req, &state).await?, id).await?,
        };
        let content = files::content(&state, &file).await?;
        Ok::<_, AppError>((file, content))
    }
    .await;
    let (file, content) = match result {
        Ok(got) => got,
        Err(e) => return error(&e),
    };
    let kind = Kind::ALL.into_iter().find(|k| k.content_type() == file.content_type);
    let how = if kind.is_some_and(Kind::inline) { "inline" } else { "attachment" };
    let ascii = format!("file-{}.{}", file.id, kind.map_or("bin", Kind::as_str));
    let mut resp = HttpResponse::Ok();
    resp.content_type(file.content_type.as_str())
        .insert_header((header::CONTENT_DISPOSITION, disposition(how, &ascii, &file.name)))
        .insert_header((header::CONTENT_LENGTH, content.size))
        .insert_header((header::ETAG, format!("\"{}\"", file.sha256)))
        .insert_header((header::CACHE_CONTROL, "private, max-age=600"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"));
    if matches!(kind, Some(Kind::Jpeg | Kind::Png)) {
        // An image opened on its own runs nothing; a PDF is left to the browser's own viewer,
        // which a sandbox policy would block.
        resp.insert_header((header::CONTENT_SECURITY_POLICY, "sandbox; default-src 'none'; img-src 'self'"));
    }
    resp.streaming(content.bytes)
}
