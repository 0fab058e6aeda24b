//! sea-orm entities of Shiliu: plain table mappings, no GraphQL types and no business rules.
//! Enumerated columns (tenant level, roles) are stored as text; `api/src/domain` parses them.

pub mod app_user;
pub mod audit_log;
pub mod refresh_token;
pub mod session;
pub mod tenant;
pub mod tenant_closure;
