//! Ledger evidence files on the wire (uploads and downloads are HTTP: `http::files`).

use async_graphql::{Context, ID, Object, Result};
use chrono::{DateTime, Utc};

use crate::graphql::kit::connection::parse_id;
use crate::graphql::kit::context::ContextExt as _;
use crate::service::files::{self, File};

/// An uploaded ledger evidence file (台账: a photo, scanned minutes, a PDF, a Word or Excel
/// file). Upload with POST `/files` (or `/uploads` in pieces); attach by putting `reference` in
/// an evidence list. Visible exactly to who can see its tenant's evidence.
pub struct FileNode(pub File);

#[Object(name = "File")]
impl FileNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// What an evidence list takes to attach the file: `file:<id>`.
    async fn reference(&self) -> String {
        crate::domain::file::reference(self.0.id)
    }
    /// The name it was uploaded under.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// The kind, told by the content: image/jpeg, image/png, application/pdf, Word, Excel.
    async fn content_type(&self) -> &str {
        &self.0.content_type
    }
    /// Size in bytes.
    async fn size(&self) -> i64 {
        self.0.size
    }
    /// SHA-256 of the content (hex): the same file uploaded twice has the same.
    async fn sha256(&self) -> &str {
        &self.0.sha256
    }
    async fn uploaded_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// A download link for the caller (relative to the server), valid for a few minutes
    /// (`files.link_ttl_secs`, 10 by default): usable in `<img src>` or a phone's viewer without
    /// a header. For longer, ask again or GET `/files/{id}` with the bearer token.
    async fn url(&self, ctx: &Context<'_>) -> Result<String> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(files::link(state, &scope, &self.0)?)
    }
}

#[derive(Default)]
pub struct FileQuery;

#[Object]
impl FileQuery {
    /// A file in scope (NOT_FOUND otherwise, a sibling's too).
    async fn file(&self, ctx: &Context<'_>, id: ID) -> Result<FileNode> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        Ok(FileNode(files::get(state, &scope, parse_id("id", &id)?).await?))
    }
}

/// The files an evidence list names, as far as the caller can see them.
pub async fn named(ctx: &Context<'_>, refs: &[String]) -> Result<Vec<FileNode>> {
    let (state, scope) = (ctx.state()?, ctx.scope()?);
    Ok(files::named(state, &scope, refs).await?.into_iter().map(FileNode).collect())
}
