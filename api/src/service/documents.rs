//! Trusted documents: the GraphQL documents clients may run by their id (`sha256:<hex>` of the
//! text, see `domain::document`), and, under `graphql.documents = "trusted"`, the only ones that
//! run at all (ADMINs and GraphiQL aside, see `http::graphql`).
//!
//! Where they come from: the web client's manifest, compiled into the binary; the manifests
//! named by `graphql.document_manifests`, read at start; and those an ADMIN of a city registers
//! (`registerDocuments`), stored in `trusted_document` through the write path. Each node keeps
//! what it has found in memory; a registered one that a node has not seen yet is read from the
//! database on first use, so a registration on one node is honoured at once on every other.
//!
//! Documents belong to the deployment, not to a tenant: a document only says which operation a
//! client may run, and it runs in its caller's scope like any other.

use std::sync::Arc;

use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, EntityTrait};

use super::audit;
use super::write::{Touch, Write};
use crate::auth::Scope;
use crate::domain::document::DocumentId;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::state::AppState;
pub use crate::store::documents::Documents;
use entity::trusted_document;

/// At most this many documents in one registration.
pub const REGISTER_MAX: usize = 100;
/// One document of a registration.
#[derive(Clone, Debug)]
pub struct Registered {
    pub id: DocumentId,
    /// It was trusted before this registration (by a manifest or an earlier registration).
    pub already_trusted: bool,
}

/// Registers documents as trusted, by an ADMIN of a city; each is answered with its id. `check`
/// parses a text and checks it against the document limits (the GraphQL layer's, where the
/// parser is): every text it refuses is named (`documents[2]`) and nothing is registered. The
/// same text twice is one document.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn register(
    state: &AppState,
    scope: &Scope,
    texts: Vec<String>,
    check: impl Fn(&str) -> Result<(), String>,
) -> Result<Vec<Registered>, AppError> {
    scope.require(Role::Admin)?;
    if scope.home() != scope.root() {
        return Err(AppError::Forbidden(
            "只有市级管理员可以登记受信文档 / only an ADMIN of a city may register trusted documents".to_owned(),
        ));
    }
    if texts.is_empty() || texts.len() > REGISTER_MAX {
        return Err(AppError::bad_input(
            "documents",
            format!("请登记 1 到 {REGISTER_MAX} 个文档 / register 1 to {REGISTER_MAX} documents"),
        ));
    }
    let refused: Vec<AppError> = texts
        .iter()
        .enumerate()
        .filter_map(|(i, text)| check(text).err().map(|why| AppError::bad_input(format!("documents[{i}]"), why)))
        .collect();
    if !refused.is_empty() {
        return Err(AppError::lines(refused));
    }
    let mut out: Vec<Registered> = Vec::with_capacity(texts.len());
    let mut new = Vec::new();
    for text in texts {
        let id = DocumentId::of(&text);
        let already_trusted = state.documents.find(&state.db, &id).await?.is_some() || out.iter().any(|r| r.id == id);
        if !already_trusted {
            new.push((id.clone(), text));
        }
        out.push(Registered { id, already_trusted });
    }
    if new.is_empty() {
        return Ok(out);
    }
    let txn = Write::begin(state, scope, Touch::Documents).await?;
    let now = Utc::now();
    for (id, text) in &new {
        let row = trusted_document::ActiveModel {
            id: Set(id.to_string()),
            body: Set(text.clone()),
            registered_by: Set(scope.user_id()),
            registered_at: Set(now),
        };
        // A concurrent registration of the same text is the same document.
        trusted_document::Entity::insert(row)
            .on_conflict(OnConflict::column(trusted_document::Column::Id).do_nothing().to_owned())
            .exec_without_returning(&txn)
            .await?;
        txn.audit(audit::Entry {
            tenant: scope.home(),
            action: "document.register",
            entity_type: "trusted_document",
            entity_id: id.hex().to_owned(),
            before: None::<&()>,
            after: Some(&serde_json::json!({ "id": id.as_str(), "text": text })),
        })?;
    }
    txn.commit().await?;
    for (id, text) in new {
        state.documents.remember(id, Arc::from(text));
    }
    Ok(out)
}
