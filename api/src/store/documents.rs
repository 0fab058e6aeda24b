//! The trusted documents a node knows (see `service::documents`): the manifests' for good, and
//! the registered ones it has found so far, read from `trusted_document` on first use.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use sea_orm::DatabaseConnection;

use super::unscoped;
use crate::domain::document::DocumentId;
use crate::error::AppError;

/// Registered documents a node keeps in memory besides the manifests' (the rest are read from
/// the database when used).
const MEMORY_MAX: usize = 10_000;

/// The trusted documents this node knows.
pub struct Documents {
    /// From the manifests: always known, never evicted.
    manifest: HashMap<DocumentId, Arc<str>>,
    /// Registered ones found so far.
    registered: RwLock<HashMap<DocumentId, Arc<str>>>,
}

impl Documents {
    /// The documents of manifests, each `(where it came from, its JSON text)`: an object of id to
    /// document text. An id that is not its text's is an error (the start stops), so a manifest
    /// can never make one text run under another's id.
    pub fn from_manifests<'a>(manifests: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, String> {
        let mut manifest = HashMap::new();
        for (origin, json) in manifests {
            let entries: HashMap<String, String> = serde_json::from_str(json)
                .map_err(|e| format!("{origin}: not a manifest of trusted documents ({e})"))?;
            for (id, text) in entries {
                let computed = DocumentId::of(&text);
                if DocumentId::parse("id", &id).ok().as_ref() != Some(&computed) {
                    return Err(format!("{origin}: {id} is not the id of its document (its id is {computed})"));
                }
                manifest.insert(computed, Arc::from(text));
            }
        }
        Ok(Self { manifest, registered: RwLock::default() })
    }

    /// How many documents the manifests hold.
    pub fn manifest_len(&self) -> usize {
        self.manifest.len()
    }

    fn remembered(&self, id: &DocumentId) -> Option<Arc<str>> {
        if let Some(text) = self.manifest.get(id) {
            return Some(text.clone());
        }
        self.registered.read().unwrap_or_else(std::sync::PoisonError::into_inner).get(id).cloned()
    }

    pub(crate) fn remember(&self, id: DocumentId, text: Arc<str>) {
        let mut registered = self.registered.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        if registered.len() < MEMORY_MAX {
            registered.insert(id, text);
        }
    }

    /// The text of a trusted document, from memory or (once) from the database.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn find(&self, db: &DatabaseConnection, id: &DocumentId) -> Result<Option<Arc<str>>, AppError> {
        if let Some(text) = self.remembered(id) {
            return Ok(Some(text));
        }
        let Some(body) = unscoped::trusted_document(db, id.as_str()).await? else { return Ok(None) };
        let text: Arc<str> = Arc::from(body);
        self.remember(id.clone(), text.clone());
        Ok(Some(text))
    }

    /// Whether `text` is exactly a trusted document's.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn knows_text(&self, db: &DatabaseConnection, text: &str) -> Result<bool, AppError> {
        Ok(self.find(db, &DocumentId::of(text)).await?.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_is_read_under_computed_ids_and_a_wrong_id_stops_it() {
        let text = "query Me { me { roles } }";
        let id = DocumentId::of(text);
        let good = serde_json::json!({ id.as_str(): text }).to_string();
        let docs = Documents::from_manifests([("good", good.as_str())]).expect("a manifest");
        assert_eq!(docs.manifest_len(), 1);
        assert_eq!(docs.remembered(&id).as_deref(), Some(text));

        let wrong = serde_json::json!({ id.as_str(): "query Me { me { roles tenant { id } } }" }).to_string();
        let err = Documents::from_manifests([("wrong", wrong.as_str())]).err().expect("refused");
        assert!(err.starts_with("wrong: ") && err.contains("is not the id of its document"), "{err}");
        assert!(Documents::from_manifests([("broken", "[1, 2]")]).is_err());
    }
}
