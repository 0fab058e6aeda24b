//! Storage below the services: the named bypasses of the tenant scope (`unscoped`), which
//! authentication and the command line need before there is a scope to read through, and the
//! trusted documents, which are no tenant's (`documents`); lists of values as one parameter
//! where the database has arrays (`lists`).

pub mod documents;
pub mod lists;
pub mod unscoped;
