//! The checked-in SDL must match the schema the code builds.

#[test]
fn checked_in_schema_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../api/schema.graphql");
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    let current = shiliu::graphql::sdl();
    assert!(
        checked_in == current,
        "api/schema.graphql is stale: run `cargo run -q -- schema > api/schema.graphql` and commit it"
    );
}
