//! The GraphQL plumbing every area uses, apart from the areas themselves: the request context
//! (`context`), cursor connections and id parsing (`connection`), error codes (`errors`), the
//! request limits checked before execution (`limits`, `scan`), the per-request loaders
//! (`loaders`), the enums of the schema (`enums`) and putting an answer in selection order
//! (`complete`).

pub mod complete;
pub mod connection;
pub mod context;
pub mod enums;
pub mod errors;
pub mod limits;
pub mod loaders;
pub mod scan;
