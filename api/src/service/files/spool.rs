//! The spool: an upload is written to a local file as it arrives, hashed (SHA-256) and counted
//! on the way, so that a file is never held whole in memory and one over the limit is refused
//! as soon as it passes it. The spool file is removed when its value is dropped, whatever
//! happened.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use super::Refused;
use crate::error::AppError;

/// How many first bytes are kept for telling the kind of the file.
const HEAD_BYTES: usize = 16;

/// A spool file, removed on drop.
struct TempPath(PathBuf);

impl Drop for TempPath {
    fn drop(&mut self) {
        // Nothing to do about a file that cannot be removed (the folder is the spool's own).
        let _ = std::fs::remove_file(&self.0);
    }
}

/// An upload being written.
pub struct Spool {
    file: tokio::fs::File,
    path: TempPath,
    hasher: Sha256,
    size: u64,
    head: Vec<u8>,
    limit: u64,
}

/// A complete upload on local disk: its SHA-256 (lower-case hex), size and first bytes.
pub struct Spooled {
    path: TempPath,
    pub sha256: String,
    pub size: u64,
    pub head: Vec<u8>,
}

impl Spooled {
    pub fn path(&self) -> &Path {
        &self.path.0
    }
}

impl Spool {
    /// A new spool file in `dir` (created if missing) taking at most `limit` bytes.
    pub async fn create(dir: &Path, limit: u64) -> Result<Spool, AppError> {
        tokio::fs::create_dir_all(dir).await.map_err(AppError::internal)?;
        let path = TempPath(dir.join(format!("{}.part", crate::auth::tokens::random_token())));
        let file = tokio::fs::File::create(&path.0).await.map_err(AppError::internal)?;
        Ok(Spool { file, path, hasher: Sha256::new(), size: 0, head: Vec::with_capacity(HEAD_BYTES), limit })
    }

    /// Appends a piece; refused (and the spool abandoned) once the total passes the limit.
    pub async fn write(&mut self, piece: &[u8]) -> Result<(), Refused> {
        let size = self.size + piece.len() as u64;
        if size > self.limit {
            return Err(Refused::TooLarge(self.limit));
        }
        self.size = size;
        if self.head.len() < HEAD_BYTES {
            let take = (HEAD_BYTES - self.head.len()).min(piece.len());
            self.head.extend_from_slice(&piece[..take]);
        }
        self.hasher.update(piece);
        self.file.write_all(piece).await.map_err(AppError::internal)?;
        Ok(())
    }

    /// How many bytes have arrived.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Everything arrived: flushes and answers what was written.
    pub async fn finish(mut self) -> Result<Spooled, AppError> {
        self.file.flush().await.map_err(AppError::internal)?;
        self.file.sync_data().await.map_err(AppError::internal)?;
        let sha256 = self.hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
        Ok(Spooled { path: self.path, sha256, size: self.size, head: self.head })
    }
}
