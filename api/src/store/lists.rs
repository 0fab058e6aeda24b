//! A list of values in SQL: one array parameter on PostgreSQL (`col = ANY($1)`), so that a
//! statement's text and plan do not depend on the list's length; an `IN (…)` list on SQLite,
//! which has no arrays and plans such lists cheaply.

use sea_orm::DbBackend;
use sea_orm::sea_query::extension::postgres::PgFunc;
use sea_orm::sea_query::{Expr, ExprTrait, Value};

/// `column` is one of `values`.
pub fn one_of<T>(backend: DbBackend, column: Expr, values: Vec<T>) -> Expr
where
    T: Into<Value>,
    Vec<T>: Into<Value>,
{
    match backend {
        DbBackend::Postgres => column.eq(PgFunc::any(Expr::val(values))),
        _ => column.is_in(values),
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::sea_query::{Alias, PostgresQueryBuilder, Query, SqliteQueryBuilder};

    use super::*;

    fn select(backend: DbBackend, n: i64) -> sea_orm::sea_query::SelectStatement {
        Query::select()
            .column(Alias::new("id"))
            .from(Alias::new("t"))
            .and_where(one_of(backend, Expr::col(Alias::new("id")), (1..=n).collect()))
            .to_owned()
    }

    #[test]
    fn postgres_sends_one_array_whatever_the_length() {
        for n in [1, 100] {
            let (sql, values) = select(DbBackend::Postgres, n).build(PostgresQueryBuilder);
            assert_eq!(sql, r#"SELECT "id" FROM "t" WHERE "id" = ANY($1)"#);
            assert_eq!(values.0.len(), 1);
        }
    }

    #[test]
    fn sqlite_keeps_its_in_list() {
        let (sql, values) = select(DbBackend::Sqlite, 3).build(SqliteQueryBuilder);
        assert_eq!(sql, r#"SELECT "id" FROM "t" WHERE "id" IN (?, ?, ?)"#);
        assert_eq!(values.0.len(), 3);
    }
}
