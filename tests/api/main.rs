//! Black-box tests: each test starts the real server on port 0 against a fresh database loaded
//! with the demo data set, and talks GraphQL over HTTP. The same suite runs on SQLite with the
//! in-process cache, and on PostgreSQL with Redis when TEST_DATABASE_URL and TEST_REDIS_URL are set.
//!
//! Tests are grouped by area, one file per story (`figures/rollups.rs`, `assessments/ranking.rs`,
//! …); an area's `mod.rs` holds the operations and helpers its stories share, and `helpers` the
//! harness every area uses (spawn, actors of the demo tree, GraphQL helpers, the statement counter).

mod assessments;
mod endpoint;
mod figures;
mod files;
mod helpers;
mod live;
mod platform;
mod supervision;
mod tenancy;
mod units;
mod xlsx;
