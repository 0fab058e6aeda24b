//! Trusted documents: a GraphQL document is known by its id, `sha256:` and the SHA-256 of its
//! text in lowercase hex (the form the web client's codegen writes in its manifest). The id is
//! computed, never believed: a manifest or a registration whose id is not its text's is refused.

use std::fmt;

use sha2::{Digest as _, Sha256};

use crate::error::AppError;

const PREFIX: &str = "sha256:";
const HEX_LEN: usize = 64;

/// The id of a document: `sha256:<64 lowercase hex digits>`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocumentId(String);

impl DocumentId {
    /// The id of a document's text (exactly as sent: no reformatting).
    pub fn of(text: &str) -> Self {
        let digest = Sha256::digest(text.as_bytes());
        let mut hex = String::with_capacity(PREFIX.len() + HEX_LEN);
        hex.push_str(PREFIX);
        for b in digest {
            hex.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
            hex.push(char::from(b"0123456789abcdef"[usize::from(b & 0xf)]));
        }
        Self(hex)
    }

    /// Reads an id as a client sends it; hex digits in either case, the prefix optional (an
    /// Apollo-style `sha256Hash` has none).
    pub fn parse(field: &str, raw: &str) -> Result<Self, AppError> {
        let raw = raw.trim();
        let hex = raw.strip_prefix(PREFIX).unwrap_or(raw);
        if hex.len() != HEX_LEN || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(AppError::bad_input(
                field,
                "文档编号应为 sha256: 加 64 位十六进制数 / a document id is sha256: and 64 hex digits",
            ));
        }
        Ok(Self(format!("{PREFIX}{}", hex.to_ascii_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 64 hex digits alone (what an audit row names: its entity ids are at most 64 long).
    pub fn hex(&self) -> &str {
        &self.0[PREFIX.len()..]
    }
}

impl fmt::Display for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_is_the_sha256_of_the_text() {
        // The FIPS 180-2 test vector for "abc".
        assert_eq!(
            DocumentId::of("abc").as_str(),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn ids_parse_in_either_case_with_or_without_the_prefix() {
        let id = DocumentId::of("{ me { user { username } } }");
        let hex = id.as_str().trim_start_matches("sha256:");
        assert_eq!(DocumentId::parse("documentId", id.as_str()).ok(), Some(id.clone()));
        assert_eq!(DocumentId::parse("documentId", &hex.to_uppercase()).ok(), Some(id.clone()));
        assert_eq!(DocumentId::parse("documentId", &format!(" sha256:{hex} ")).ok(), Some(id));
        for bad in ["", "sha256:", "sha256:abc", "md5:00", &format!("sha256:{}", "g".repeat(64))] {
            assert!(DocumentId::parse("documentId", bad).is_err(), "{bad}");
        }
    }
}
