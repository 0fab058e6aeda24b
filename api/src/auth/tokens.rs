//! Opaque random tokens (refresh tokens, session ids) and their stored hashes.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::Rng as _;
use sha2::{Digest, Sha256};

/// 32 random bytes, URL-safe base64.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A one-time password an ADMIN reads out to a user: three groups of four characters from an
/// alphabet without look-alikes (no 0/o, 1/l/i), about 59 bits, e.g. `k7dm-x3qa-9wpe`.
pub fn one_time_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let group = || -> String { (0..4).map(|_| ALPHABET[rand::random_range(0..ALPHABET.len())] as char).collect() };
    [group(), group(), group()].join("-")
}

/// Hex SHA-256 of a token: what the database keeps instead of the token itself. A fast hash is
/// right here because the token has 256 bits of entropy (nothing to brute-force).
pub fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_and_hash_stably() {
        let a = random_token();
        assert_ne!(a, random_token());
        assert_eq!(token_hash(&a), token_hash(&a));
        assert_eq!(token_hash(&a).len(), 64);
    }

    #[test]
    fn one_time_passwords_are_three_groups_without_look_alikes() {
        let p = one_time_password();
        assert_eq!(p.len(), 14, "{p}");
        assert_eq!(p.split('-').count(), 3, "{p}");
        assert!(!p.contains(['0', 'o', '1', 'l', 'i']), "{p}");
        assert_ne!(p, one_time_password());
    }
}
