//! The file storage: where the contents of ledger evidence files (台账) and the pieces of chunked
//! uploads are kept, behind `object_store`'s one trait — a folder of the local filesystem
//! (`files.storage = "local"`, the embedded default) or an S3-compatible bucket (`"s3"`,
//! production, path-style requests so that MinIO, SeaweedFS and the like serve it). Contents
//! never go through the database; a file's row names its content by SHA-256.
//!
//! A storage that cannot be reached answers SERVICE_UNAVAILABLE; requests to S3 give up after a
//! few seconds (two retries, a 5 s timeout each), so no upload or download hangs on it.

use std::path::Path as FsPath;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::stream::{BoxStream, StreamExt, TryStreamExt};
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::prefix::PrefixStore;
use object_store::{
    BackoffConfig, ClientOptions, ObjectStore, ObjectStoreExt, PutPayload, RetryConfig, WriteMultipart,
};
use tokio::io::AsyncReadExt;

use crate::error::AppError;
use crate::settings::{FileStorage, FilesSettings};

/// Pieces of this size go to S3 one request each when a file is stored (S3's least part is
/// 5 MiB); a smaller file is stored in one request.
const PART_BYTES: usize = 8 << 20;

/// The file storage of this deployment.
#[derive(Clone)]
pub struct Blobs {
    store: Arc<dyn ObjectStore>,
}

/// A stored object's bytes, as a stream, and its size.
pub struct Download {
    pub size: u64,
    pub bytes: BoxStream<'static, Result<Bytes, std::io::Error>>,
}

fn unavailable(e: object_store::Error) -> AppError {
    AppError::Unavailable(format!("file storage: {e}"))
}

fn key(k: &str) -> Result<Path, AppError> {
    Path::parse(k).map_err(|e| AppError::internal(format!("file storage key {k:?}: {e}")))
}

impl Blobs {
    /// Opens the storage `files` names (creating the local folder).
    pub fn open(files: &FilesSettings) -> Result<Blobs, String> {
        let store: Arc<dyn ObjectStore> = match files.storage {
            FileStorage::Local => {
                std::fs::create_dir_all(&files.dir)
                    .map_err(|e| format!("files.dir {}: cannot create it: {e}", files.dir.display()))?;
                let local = LocalFileSystem::new_with_prefix(&files.dir)
                    .map_err(|e| format!("files.dir {}: {e}", files.dir.display()))?;
                Arc::new(local.with_automatic_cleanup(true))
            }
            FileStorage::S3 => Self::s3(files)?,
        };
        Ok(Blobs { store })
    }

    fn s3(files: &FilesSettings) -> Result<Arc<dyn ObjectStore>, String> {
        if files.s3_bucket.is_empty() {
            return Err("files.storage = \"s3\" needs files.s3_bucket".to_owned());
        }
        let mut b = AmazonS3Builder::new()
            .with_bucket_name(&files.s3_bucket)
            .with_region(&files.s3_region)
            .with_access_key_id(files.s3_access_key.expose())
            .with_secret_access_key(files.s3_secret_key.expose())
            .with_virtual_hosted_style_request(false)
            .with_retry(RetryConfig {
                backoff: BackoffConfig::default(),
                max_retries: 2,
                retry_timeout: Duration::from_secs(10),
            })
            .with_client_options(
                ClientOptions::new()
                    .with_timeout(Duration::from_secs(5))
                    .with_connect_timeout(Duration::from_secs(2))
                    .with_allow_http(files.s3_endpoint.starts_with("http://")),
            );
        if !files.s3_endpoint.is_empty() {
            b = b.with_endpoint(&files.s3_endpoint);
        }
        let s3 = b.build().map_err(|e| format!("files.s3_*: {e}"))?;
        Ok(if files.s3_prefix.trim_matches('/').is_empty() {
            Arc::new(s3)
        } else {
            Arc::new(PrefixStore::new(s3, files.s3_prefix.trim_matches('/')))
        })
    }

    /// Whether an object is kept under `k`.
    pub async fn has(&self, k: &str) -> Result<bool, AppError> {
        match self.store.head(&key(k)?).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(unavailable(e)),
        }
    }

    /// Keeps the local file at `from` under `k`: one request when small, in parts otherwise,
    /// reading it a part at a time (never whole into memory).
    pub async fn put_file(&self, k: &str, from: &FsPath, size: u64) -> Result<(), AppError> {
        let mut file = tokio::fs::File::open(from).await.map_err(AppError::internal)?;
        let path = key(k)?;
        if size <= PART_BYTES as u64 {
            let mut buf = Vec::with_capacity(usize::try_from(size).unwrap_or(PART_BYTES));
            file.read_to_end(&mut buf).await.map_err(AppError::internal)?;
            self.store.put(&path, PutPayload::from(buf)).await.map_err(unavailable)?;
            return Ok(());
        }
        let upload = self.store.put_multipart(&path).await.map_err(unavailable)?;
        let mut write = WriteMultipart::new_with_chunk_size(upload, PART_BYTES);
        let mut buf = vec![0u8; 1 << 20];
        loop {
            let n = file.read(&mut buf).await.map_err(AppError::internal)?;
            if n == 0 {
                break;
            }
            write.wait_for_capacity(2).await.map_err(unavailable)?;
            write.write(&buf[..n]);
        }
        write.finish().await.map_err(unavailable)?;
        Ok(())
    }

    /// Keeps `bytes` under `k`.
    pub async fn put(&self, k: &str, bytes: Bytes) -> Result<(), AppError> {
        self.store.put(&key(k)?, PutPayload::from(bytes)).await.map_err(unavailable)?;
        Ok(())
    }

    /// The object under `k` as a stream, or None when there is none.
    pub async fn get(&self, k: &str) -> Result<Option<Download>, AppError> {
        match self.store.get(&key(k)?).await {
            Ok(got) => {
                let size = got.meta.size;
                let bytes = got.into_stream().map_err(std::io::Error::other).boxed();
                Ok(Some(Download { size, bytes }))
            }
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(unavailable(e)),
        }
    }

    /// The object under `k` whole (for small ones: an upload's description), or None.
    pub async fn get_bytes(&self, k: &str) -> Result<Option<Bytes>, AppError> {
        match self.store.get(&key(k)?).await {
            Ok(got) => Ok(Some(got.bytes().await.map_err(unavailable)?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(unavailable(e)),
        }
    }

    /// The objects under the folder `prefix` (`uploads/<id>`): each key and size, by key.
    pub async fn list(&self, prefix: &str) -> Result<Vec<(String, u64)>, AppError> {
        let mut found: Vec<(String, u64)> = self
            .store
            .list(Some(&key(prefix)?))
            .map_ok(|m| (m.location.to_string(), m.size))
            .try_collect()
            .await
            .map_err(unavailable)?;
        found.sort();
        Ok(found)
    }

    /// Removes the object under `k` (none there is no error).
    pub async fn delete(&self, k: &str) -> Result<(), AppError> {
        match self.store.delete(&key(k)?).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(unavailable(e)),
        }
    }
}
