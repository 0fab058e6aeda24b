//! What the node tells about itself: metrics (and, with them, the statement counter the bench
//! and tests read).

pub mod metrics;
