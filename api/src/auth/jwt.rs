//! Short-lived access tokens (JWT, HS256 only: `alg: none` and every other algorithm are refused).

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::error::AppError;

#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    /// User id.
    pub sub: String,
    /// Home tenant id.
    pub tenant: i64,
    pub roles: Vec<String>,
    pub exp: i64,
    pub iat: i64,
    pub jti: String,
    /// Session id: revoking the session ends this token early.
    pub sid: String,
}

pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

/// The shortest secret the production profile accepts (bytes).
pub const MIN_SECRET_BYTES: usize = 32;

impl JwtKeys {
    pub fn new(secret: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "iat", "sub"]);
        Self { encoding: EncodingKey::from_secret(secret), decoding: DecodingKey::from_secret(secret), validation }
    }

    pub fn sign(&self, claims: &Claims) -> Result<String, AppError> {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
            .map_err(|e| AppError::internal(format!("jwt sign: {e}")))
    }

    /// Verifies signature, algorithm and expiry.
    pub fn verify(&self, token: &str) -> Result<Claims, AppError> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|_| AppError::Unauthenticated("invalid or expired access token"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(exp: i64) -> Claims {
        Claims {
            sub: "1".into(),
            tenant: 1,
            roles: vec!["ADMIN".into()],
            exp,
            iat: 0,
            jti: "j".into(),
            sid: "s".into(),
        }
    }

    #[test]
    fn signs_and_verifies() {
        let keys = JwtKeys::new(b"0123456789abcdef0123456789abcdef");
        let now = chrono::Utc::now().timestamp();
        let token = keys.sign(&claims(now + 60)).unwrap();
        assert_eq!(keys.verify(&token).unwrap().sub, "1");
        let other = JwtKeys::new(b"another secret, another signature");
        assert!(other.verify(&token).is_err());
        let expired = keys.sign(&claims(now - 1)).unwrap();
        assert!(keys.verify(&expired).is_err());
    }
}
