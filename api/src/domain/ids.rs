//! Typed ids, one per entity, defined with the entities (`entity::ids`) so that every column,
//! service signature and resolver carries the same type.

pub use entity::ids::*;
