//! Use cases. Each public function takes the `Scope` it acts in (or says by its module that it
//! needs none), checks the role, and writes through the one write path ([`write::Write`]): one
//! transaction with its audit rows and the city's data version, then a change event.

pub mod accounts;
pub mod applications;
pub mod assessments;
pub mod audit;
pub mod batches;
pub mod campaigns;
pub mod designations;
pub mod documents;
pub mod files;
pub mod idempotency;
pub mod imports;
pub mod indicators;
pub mod page;
pub mod reports;
pub mod rollups;
pub mod sessions;
pub mod submissions;
pub mod supervision;
pub mod targets;
pub mod tenants;
pub mod units;
pub mod users;
pub mod write;
