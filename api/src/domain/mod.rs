//! Pure rules of the domain: value types that parse (never merely validate) their input, and
//! the tenant level list. No I/O and no GraphQL here.

pub mod application;
pub mod assessment;
pub mod campaign;
pub mod dates;
pub mod document;
pub mod file;
pub mod ids;
pub mod indicator;
pub mod inspection;
pub mod period;
pub mod quantity;
pub mod rectification;
pub mod role;
pub mod rollup;
pub mod search;
pub mod sheet;
pub mod submission;
pub mod tenant;
pub mod text;
pub mod unit;
pub mod user;
pub mod version;
