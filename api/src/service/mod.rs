//! Use cases. Each public function takes the `Scope` it acts in (or says by its module that it
//! needs none), checks the role, runs in one transaction, and writes its audit row there.

pub mod applications;
pub mod assessments;
pub mod audit;
pub mod batches;
pub mod campaigns;
pub mod designations;
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
pub mod unscoped;
pub mod users;
