//! Helpers shared by the migrations.

use sea_orm_migration::prelude::*;

/// A foreign key that refuses to delete a referenced row (Shiliu archives; it does not delete).
pub fn fk(
    from_table: impl IntoIden,
    from_col: impl IntoIden,
    to_table: impl IntoIden,
    to_col: impl IntoIden,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from_table, from_col)
        .to(to_table, to_col)
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}
