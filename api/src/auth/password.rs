//! Argon2id password hashing. Hashing is CPU-bound, so it runs on the blocking pool.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::error::AppError;
use crate::settings::AuthSettings;

#[derive(Clone, Copy, Debug)]
pub struct HashCost {
    pub memory_kib: u32,
    pub iterations: u32,
}

impl From<&AuthSettings> for HashCost {
    fn from(s: &AuthSettings) -> Self {
        Self { memory_kib: s.argon2_memory_kib, iterations: s.argon2_iterations }
    }
}

fn hasher(cost: HashCost) -> Result<Argon2<'static>, AppError> {
    let params = Params::new(cost.memory_kib, cost.iterations, 1, None)
        .map_err(|e| AppError::internal(format!("argon2 params: {e}")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a password into a PHC string (algorithm, cost and salt included).
pub async fn hash(password: String, cost: HashCost) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        hasher(cost)?
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::internal(format!("argon2 hash: {e}")))
    })
    .await
    .map_err(AppError::internal)?
}

/// Checks a password against a stored PHC string. With no stored hash (unknown user) it still
/// spends the time of one verification, so response time does not reveal which usernames exist.
pub async fn verify(password: String, stored: Option<String>, cost: HashCost) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        let Some(stored) = stored else {
            let salt = SaltString::generate(&mut OsRng);
            let _ = hasher(cost)?.hash_password(password.as_bytes(), &salt);
            return Ok(false);
        };
        let parsed = PasswordHash::new(&stored).map_err(|e| AppError::internal(format!("stored hash: {e}")))?;
        Ok(Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
    .map_err(AppError::internal)?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hash_then_verify() {
        let cost = HashCost { memory_kib: 64, iterations: 1 };
        let h = hash("correct horse".into(), cost).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse".into(), Some(h.clone()), cost).await.unwrap());
        assert!(!verify("wrong horse".into(), Some(h), cost).await.unwrap());
        assert!(!verify("x".into(), None, cost).await.unwrap());
    }
}
