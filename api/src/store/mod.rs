//! Storage below the services: the named bypasses of the tenant scope (`unscoped`), which
//! authentication and the command line need before there is a scope to read through, and the
//! trusted documents, which are no tenant's (`documents`).

pub mod documents;
pub mod unscoped;
