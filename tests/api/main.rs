//! Black-box tests: each test starts the real server on port 0 against a fresh database loaded
//! with the demo data set, and talks GraphQL over HTTP. The same suite runs on SQLite with the
//! in-process cache, and on PostgreSQL with Redis when TEST_DATABASE_URL and TEST_REDIS_URL are set.

mod applications;
mod assessments;
mod audit;
mod auth;
mod batches;
mod changes;
mod cli;
mod concurrency;
mod costs;
mod decomposition;
mod figures;
mod freshness;
mod fuzz;
mod helpers;
mod hostile;
mod http;
mod idempotency;
mod outage;
mod reports;
mod responses;
mod schema;
mod supervision;
mod targets;
mod tenants;
mod units;
mod users;
mod web;
