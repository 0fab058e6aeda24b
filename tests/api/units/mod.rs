//! Demonstration units (示范单位): registration, applications climbing the levels, batches with
//! quotas, and designations.

pub mod applications;
mod batches;
pub mod registration;
