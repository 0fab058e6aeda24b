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

/// A download link's token: one file, for the user it was handed to, until `exp`. Its audience
/// keeps it apart from access tokens (neither is accepted as the other).
#[derive(Debug, Serialize, Deserialize)]
pub struct LinkClaims {
    /// User id.
    pub sub: String,
    pub file: i64,
    pub aud: String,
    pub exp: i64,
    pub iat: i64,
}

/// The audience of download links.
const LINK_AUDIENCE: &str = "shiliu:file";

pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    links: Validation,
}

/// The shortest secret the production profile accepts (bytes).
pub const MIN_SECRET_BYTES: usize = 32;

impl JwtKeys {
    pub fn new(secret: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "iat", "sub"]);
        let mut links = validation.clone();
        links.set_required_spec_claims(&["exp", "iat", "sub", "aud"]);
        links.set_audience(&[LINK_AUDIENCE]);
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            links,
        }
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

    /// A download link's token for `file`, handed to `user`, valid `ttl_secs`.
    pub fn sign_link(&self, user: i64, file: i64, ttl_secs: i64) -> Result<String, AppError> {
        let now = chrono::Utc::now().timestamp();
        let claims =
            LinkClaims { sub: user.to_string(), file, aud: LINK_AUDIENCE.to_owned(), exp: now + ttl_secs, iat: now };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| AppError::internal(format!("jwt sign: {e}")))
    }

    /// The file a download link's token opens, if it is genuine and not expired.
    pub fn verify_link(&self, token: &str) -> Result<LinkClaims, AppError> {
        jsonwebtoken::decode::<LinkClaims>(token, &self.decoding, &self.links).map(|data| data.claims).map_err(|_| {
            AppError::Unauthenticated("下载链接无效或已过期，请重新打开 / the download link is invalid or has expired")
        })
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

    #[test]
    fn links_and_access_tokens_are_not_taken_for_each_other() {
        let keys = JwtKeys::new(b"0123456789abcdef0123456789abcdef");
        let now = chrono::Utc::now().timestamp();
        let link = keys.sign_link(3, 42, 60).unwrap();
        let opened = keys.verify_link(&link).unwrap();
        assert_eq!((opened.sub.as_str(), opened.file), ("3", 42));
        assert!(keys.verify(&link).is_err(), "a link is no access token");
        assert!(keys.verify_link(&keys.sign(&claims(now + 60)).unwrap()).is_err(), "an access token is no link");
        assert!(keys.verify_link(&keys.sign_link(3, 42, -1).unwrap()).is_err(), "expired");
    }
}
