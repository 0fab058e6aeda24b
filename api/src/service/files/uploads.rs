//! Chunked, resumable uploads for files over a few MB on weak links: the client announces the
//! name and size, sends pieces of at most `files.chunk_bytes` at the offset the server has, and
//! after a dropped connection asks for that offset and goes on from there. The last piece makes
//! the file (kept as any upload is, see `keep`).
//!
//! The pieces and the upload's description are kept in the file storage (under
//! `uploads/<id>/`), not on one node's disk, so any node may take the next piece. An upload is
//! its uploader's alone (another user gets NOT_FOUND) and lasts `files.upload_ttl_secs`.

use bytes::Bytes;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::{File, Refused, keep, may_upload, spool};
use crate::auth::Scope;
use crate::domain::ids::UserId;
use crate::error::AppError;
use crate::state::AppState;

/// An upload as the client sees it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Upload {
    pub id: String,
    pub name: String,
    pub size: u64,
    /// How many bytes the server has: the next piece starts here.
    pub offset: u64,
    /// The largest piece the server takes.
    pub chunk_bytes: u64,
    pub expires_at: DateTime<Utc>,
}

/// What is kept beside the pieces.
#[derive(Serialize, Deserialize)]
struct Meta {
    user: UserId,
    name: String,
    size: u64,
    created_at: DateTime<Utc>,
}

fn meta_key(id: &str) -> String {
    format!("uploads/{id}/meta.json")
}

/// A piece is named by its offset, so the pieces sort in order.
fn piece_key(id: &str, offset: u64) -> String {
    format!("uploads/{id}/piece-{offset:020}")
}

/// Starts an upload of `size` bytes named `name`.
pub async fn begin_upload(state: &AppState, scope: &Scope, name: &str, size: u64) -> Result<Upload, Refused> {
    may_upload(scope)?;
    let files = &state.settings.files;
    if size == 0 {
        return Err(AppError::bad_input("size", "文件为空 / the file is empty").into());
    }
    if size > files.max_bytes {
        return Err(Refused::TooLarge(files.max_bytes));
    }
    let name = crate::domain::text::bounded("name", name, 1000)?;
    let id = crate::auth::tokens::random_token();
    let meta = Meta { user: scope.user_id(), name, size, created_at: Utc::now() };
    let json = serde_json::to_vec(&meta).map_err(AppError::internal)?;
    state.blobs.put(&meta_key(&id), Bytes::from(json)).await?;
    Ok(view(state, &id, &meta, 0))
}

fn view(state: &AppState, id: &str, meta: &Meta, offset: u64) -> Upload {
    let files = &state.settings.files;
    Upload {
        id: id.to_owned(),
        name: meta.name.clone(),
        size: meta.size,
        offset,
        chunk_bytes: files.chunk_bytes,
        expires_at: meta.created_at + Duration::seconds(files.upload_ttl_secs),
    }
}

/// An upload of the caller's with its pieces in order (key, size) and the offset they reach.
async fn load(state: &AppState, scope: &Scope, id: &str) -> Result<(Meta, Vec<String>, u64), AppError> {
    let not_found = AppError::NotFound { entity: "upload" };
    if id.len() != 43 || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Err(not_found);
    }
    let Some(raw) = state.blobs.get_bytes(&meta_key(id)).await? else { return Err(not_found) };
    let meta: Meta = serde_json::from_slice(&raw).map_err(AppError::internal)?;
    if meta.user != scope.user_id() {
        return Err(not_found);
    }
    let listed = state.blobs.list(&format!("uploads/{id}")).await?;
    if Utc::now() > meta.created_at + Duration::seconds(state.settings.files.upload_ttl_secs) {
        for (k, _) in &listed {
            state.blobs.delete(k).await?;
        }
        return Err(not_found);
    }
    let mut pieces = Vec::new();
    let mut offset = 0;
    for (k, size) in listed {
        if k == piece_key(id, offset) {
            offset += size;
            pieces.push(k);
        }
    }
    Ok((meta, pieces, offset))
}

/// Where an upload stands.
pub async fn upload_status(state: &AppState, scope: &Scope, id: &str) -> Result<Upload, AppError> {
    let (meta, _, offset) = load(state, scope, id).await?;
    Ok(view(state, id, &meta, offset))
}

/// Takes the piece that starts at `offset` (which must be the offset the server has); the last
/// one makes the file, answered with the upload. An empty piece at the end retries making it.
pub async fn append(
    state: &AppState,
    scope: &Scope,
    id: &str,
    offset: u64,
    piece: Bytes,
) -> Result<(Upload, Option<File>), Refused> {
    let (meta, mut pieces, at) = load(state, scope, id).await?;
    if offset != at {
        return Err(Refused::Offset(at));
    }
    let len = piece.len() as u64;
    if len > state.settings.files.chunk_bytes {
        return Err(Refused::TooLarge(state.settings.files.chunk_bytes));
    }
    if at + len > meta.size {
        return Err(AppError::bad_input(
            "body",
            format!("这一段超出了文件大小 {} 字节 / the piece goes past the file's {} bytes", meta.size, meta.size),
        )
        .into());
    }
    if len == 0 && at < meta.size {
        return Err(AppError::bad_input("body", "这一段是空的 / the piece is empty").into());
    }
    if at == 0 && !crate::domain::file::plausible(&piece, |k| super::accepted(state, k)) {
        // No accepted kind starts this way: refused now, not after the whole file.
        state.blobs.delete(&meta_key(id)).await?;
        return Err(Refused::Kind);
    }
    if len > 0 {
        let key = piece_key(id, at);
        state.blobs.put(&key, piece).await?;
        pieces.push(key);
    }
    let upload = view(state, id, &meta, at + len);
    if upload.offset < meta.size {
        return Ok((upload, None));
    }
    let file = complete(state, scope, id, &meta, &pieces).await?;
    Ok((upload, Some(file)))
}

/// Puts the pieces together (spooled, hashed on the way), keeps the file, and removes the
/// upload; one the kinds refuse is removed as well, since no retry can change its content.
async fn complete(state: &AppState, scope: &Scope, id: &str, meta: &Meta, pieces: &[String]) -> Result<File, Refused> {
    let mut spool = spool(state).await?;
    for key in pieces {
        let bytes = state.blobs.get_bytes(key).await?.ok_or_else(|| AppError::internal("an upload piece is gone"))?;
        spool.write(&bytes).await?;
    }
    let spooled = spool.finish().await?;
    let kept = keep(state, scope, spooled, &meta.name).await;
    if matches!(kept, Ok(_) | Err(Refused::Kind)) {
        for key in pieces.iter().cloned().chain([meta_key(id)]) {
            state.blobs.delete(&key).await?;
        }
    }
    kept
}

/// Removes the uploads that ran out (`files.upload_ttl_secs`) unfinished; answers how many.
pub async fn sweep(state: &AppState) -> Result<u64, AppError> {
    let ttl = Duration::seconds(state.settings.files.upload_ttl_secs);
    let listed = state.blobs.list("uploads").await?;
    let mut removed = 0;
    for (key, _) in listed.iter().filter(|(k, _)| k.ends_with("/meta.json")) {
        let Some(raw) = state.blobs.get_bytes(key).await? else { continue };
        let expired = serde_json::from_slice::<Meta>(&raw).map_or(true, |m| Utc::now() > m.created_at + ttl);
        if !expired {
            continue;
        }
        let folder = key.trim_end_matches("meta.json");
        for (k, _) in listed.iter().filter(|(k, _)| k.starts_with(folder)) {
            state.blobs.delete(k).await?;
        }
        removed += 1;
    }
    Ok(removed)
}
