//! Ledger evidence files (台账): keeping an upload, reading one in scope, and checking the file
//! references (`file:<id>`) a workflow's evidence names.
//!
//! A file belongs to its uploader's home tenant and is read through the scope like any
//! tenant-owned row: its tenant, the levels above it, nobody beside it (a sibling gets
//! NOT_FOUND). Evidence may name only files of the tenant the evidence belongs to (a task's
//! assignee, an application's unit, a self-assessment's assessee), so whoever can see that
//! evidence can open its files, and nobody else can. The content is kept once per SHA-256 in
//! the file storage (`blobs`), whoever uploads it; each upload is a row and an audit entry.
//!
//! What an upload goes through: the bytes are spooled to local disk as they arrive (hashed and
//! counted, refused past `files.max_bytes`), the kind is told from the content (`domain::file`)
//! and checked against `files.kinds`, the content is stored if the storage lacks it, and the row
//! is written. The same content under the same name from the same tenant answers the row it
//! already has.

mod spool;
mod uploads;

use std::path::PathBuf;

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, QueryFilter};
use serde::Serialize;

pub use self::spool::{Spool, Spooled};
pub use self::uploads::{Upload, append, begin_upload, sweep as sweep_uploads, upload_status};
use super::audit;
use super::write::{Touch, Write};
use crate::auth::Scope;
use crate::blobs::Download;
use crate::domain::file::{self as rules, Kind};
use crate::domain::ids::*;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::state::AppState;
use entity::file;

pub type File = file::Model;

/// Why an upload is refused, where HTTP tells the reasons apart: too large (413), not a kind
/// accepted (415), a chunk sent at the wrong offset (409 with the offset the server has).
#[derive(Debug)]
pub enum Refused {
    TooLarge(u64),
    Kind,
    Offset(u64),
    App(AppError),
}

impl From<AppError> for Refused {
    fn from(e: AppError) -> Self {
        Refused::App(e)
    }
}

impl Refused {
    /// The error as the client reads it.
    pub fn error(&self, kinds: &[String]) -> AppError {
        match self {
            Refused::TooLarge(limit) => AppError::bad_input(
                "file",
                format!("文件超过 {} MB 的上限 / the file is larger than {limit} bytes", limit.div_ceil(1 << 20)),
            ),
            Refused::Kind => AppError::bad_input(
                "file",
                format!(
                    "只接受 {} 文件（按内容判断）/ only {} files are accepted (told by their content)",
                    kinds.join("、"),
                    kinds.join(", ")
                ),
            ),
            Refused::Offset(at) => AppError::conflict(
                "Upload-Offset",
                format!(
                    "服务器已收到 {at} 字节，请从这里续传 / the server has {at} bytes of this upload; send from there"
                ),
            ),
            Refused::App(e) => e.clone(),
        }
    }
}

/// Who may upload: whoever writes (REPORTER, REVIEWER, ADMIN); a VIEWER only reads.
pub fn may_upload(scope: &Scope) -> Result<(), AppError> {
    scope.require_any(&[Role::Reporter, Role::Reviewer, Role::Admin])
}

/// A spool for an upload of at most `files.max_bytes`.
pub async fn spool(state: &AppState) -> Result<Spool, AppError> {
    Spool::create(&spool_dir(state), state.settings.files.max_bytes).await
}

/// Uploads in progress are spooled to local disk, in the files folder.
fn spool_dir(state: &AppState) -> PathBuf {
    state.settings.files.dir.join("spool")
}

/// What the audit row of an upload says.
#[derive(Serialize)]
struct Uploaded<'a> {
    name: &'a str,
    content_type: &'a str,
    size: i64,
    sha256: &'a str,
}

/// Keeps a complete upload under `name` for the caller's home tenant: the kind from the content,
/// the content in the storage (if it is not there already), the row and its audit entry.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn keep(state: &AppState, scope: &Scope, spooled: Spooled, name: &str) -> Result<File, Refused> {
    may_upload(scope)?;
    let kind = kind_of(&spooled).await?.filter(|k| accepted(state, *k)).ok_or(Refused::Kind)?;
    let name = rules::clean_name(name, kind);
    let key = rules::content_key(&spooled.sha256);
    if !state.blobs.has(&key).await? {
        state.blobs.put_file(&key, spooled.path(), spooled.size).await?;
    }
    let same = scope
        .select::<file::Entity>()
        .filter(file::Column::TenantId.eq(scope.home()))
        .filter(file::Column::Sha256.eq(&spooled.sha256))
        .filter(file::Column::Name.eq(&name))
        .one(&state.db)
        .await
        .map_err(AppError::from)?;
    if let Some(same) = same {
        return Ok(same);
    }
    let size = i64::try_from(spooled.size).map_err(AppError::internal)?;
    let txn = Write::begin(state, scope, Touch::Files).await?;
    let row = file::ActiveModel {
        tenant_id: Set(scope.home()),
        uploaded_by: Set(scope.user_id()),
        name: Set(name),
        content_type: Set(kind.content_type().to_owned()),
        size: Set(size),
        sha256: Set(spooled.sha256.clone()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(AppError::from)?;
    let after = Uploaded { name: &row.name, content_type: &row.content_type, size, sha256: &row.sha256 };
    txn.audit(audit::Entry {
        tenant: scope.home(),
        action: "file.upload",
        entity_type: "file",
        entity_id: row.id.to_string(),
        before: None::<&()>,
        after: Some(&after),
    })?;
    txn.commit().await?;
    Ok(row)
}

fn accepted(state: &AppState, kind: Kind) -> bool {
    state.settings.files.kinds.iter().any(|k| Kind::parse(k) == Some(kind))
}

/// The kind of a spooled upload, from its first bytes and, for a ZIP container, the names of
/// its parts (read from its central directory, nothing unpacked).
async fn kind_of(spooled: &Spooled) -> Result<Option<Kind>, AppError> {
    let parts = if spooled.head.starts_with(b"PK\x03\x04") {
        let path = spooled.path().to_owned();
        tokio::task::spawn_blocking(move || zip_parts(&path)).await.map_err(AppError::internal)?
    } else {
        Vec::new()
    };
    Ok(rules::sniff(&spooled.head, || parts))
}

/// The part names of a ZIP file (none when it is not a readable one).
fn zip_parts(path: &std::path::Path) -> Vec<String> {
    let Ok(file) = std::fs::File::open(path) else { return Vec::new() };
    match zip::ZipArchive::new(file) {
        Ok(archive) => archive.file_names_raw().map(|n| String::from_utf8_lossy(n).into_owned()).collect(),
        Err(_) => Vec::new(),
    }
}

/// A file in scope (NOT_FOUND outside it).
pub async fn get(state: &AppState, scope: &Scope, id: FileId) -> Result<File, AppError> {
    scope.get::<file::Entity>(&state.db, id).await
}

/// The content of a file, as a stream.
pub async fn content(state: &AppState, file: &File) -> Result<Download, AppError> {
    state
        .blobs
        .get(&rules::content_key(&file.sha256))
        .await?
        .ok_or_else(|| AppError::internal(format!("file {}: its content is missing from the storage", file.id)))
}

/// A download link for a file the caller can see: its path with a token for this caller, valid
/// `files.link_ttl_secs` (so an `<img src>` or a phone's viewer can open it without a header).
pub fn link(state: &AppState, scope: &Scope, file: &File) -> Result<String, AppError> {
    let token = state.keys.sign_link(scope.user_id().0, file.id.0, state.settings.files.link_ttl_secs)?;
    Ok(format!("/files/{}?link={token}", file.id))
}

/// The files an evidence list names, in its order, as far as the caller can see them.
pub async fn named(state: &AppState, scope: &Scope, refs: &[String]) -> Result<Vec<File>, AppError> {
    let ids: Vec<FileId> = refs.iter().filter_map(|r| rules::referenced("evidence", r).ok().flatten()).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = scope
        .select::<file::Entity>()
        .filter(file::Column::Id.is_in(ids.iter().map(|i| i.0)))
        .all(&state.db)
        .await
        .map_err(AppError::from)?;
    Ok(ids.iter().filter_map(|id| rows.iter().find(|r| r.id == *id).cloned()).collect())
}

/// Checks the file references of an evidence list (`field[i]`) written for `owner`'s evidence:
/// each names a file the caller can see, of `owner` itself. Every wrong one is named at once.
pub async fn check_attachable(
    db: &impl sea_orm::ConnectionTrait,
    scope: &Scope,
    field: &str,
    refs: &[String],
    owner: TenantId,
) -> Result<(), AppError> {
    let mut named = Vec::new();
    let mut wrong: Vec<(usize, AppError)> = Vec::new();
    for (i, r) in refs.iter().enumerate() {
        match rules::referenced(&format!("{field}[{i}]"), r) {
            Ok(Some(id)) => named.push((i, id)),
            Ok(None) => {}
            Err(e) => wrong.push((i, e)),
        }
    }
    if !named.is_empty() {
        let rows = scope
            .select::<file::Entity>()
            .filter(file::Column::Id.is_in(named.iter().map(|(_, id)| id.0)))
            .all(db)
            .await
            .map_err(AppError::from)?;
        for (i, id) in named {
            match rows.iter().find(|r| r.id == id) {
                None => wrong.push((i, AppError::NotFoundAt { entity: "file", field: format!("{field}[{i}]") })),
                Some(f) if f.tenant_id != owner => wrong.push((
                    i,
                    AppError::bad_input(
                        format!("{field}[{i}]"),
                        "该文件不是本单位上传的，请以本单位账号重新上传 / the file was uploaded for another tenant; \
                         upload it again as this one",
                    ),
                )),
                Some(_) => {}
            }
        }
    }
    wrong.sort_by_key(|(i, _)| *i);
    if wrong.is_empty() { Ok(()) } else { Err(AppError::lines(wrong.into_iter().map(|(_, e)| e).collect())) }
}

/// The sweeper of unfinished uploads, hourly for as long as the server runs. Several nodes
/// sweeping at once do no harm (each removes what has run out).
pub fn spawn_sweeper(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            match uploads::sweep(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(removed = n, "unfinished uploads that ran out removed"),
                Err(e) => tracing::warn!(error = ?e, "unfinished uploads not removed"),
            }
        }
    });
}

/// The file a download link opens (`link`): genuine, unexpired, for this file. The link is the
/// grant, made for a caller who could see the file; it is not tied to a session.
pub async fn by_link(state: &AppState, id: FileId, token: &str) -> Result<File, AppError> {
    let claims = state.keys.verify_link(token)?;
    if claims.file != id.0 {
        return Err(AppError::Unauthenticated("下载链接与文件不符 / the download link is for another file"));
    }
    crate::store::unscoped::file_by_id(&state.db, id).await?.ok_or(AppError::NotFound { entity: "file" })
}
