//! Authentication: password hashing, access tokens, and turning a bearer token into a
//! [`Principal`] — the only way to obtain one, and through it the only way to obtain a [`Scope`].

pub mod jwt;
pub mod password;
mod principal;
mod scope;
pub mod sign_ins;
pub mod tokens;

pub use principal::{Principal, authenticate, principal_for_offline_task};
pub use scope::{HasId, Scope, TenantOwned, subtree_of};
pub use sign_ins::SignIns;
