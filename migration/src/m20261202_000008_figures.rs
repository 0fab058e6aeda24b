//! Figures that cannot go wrong in the database itself:
//! - bounds: a reported value is at most 100,000,000 (10^12 ten-thousandths), an aggregate, a
//!   target or a quota at most 100,000,000,000,000 (10^18), in magnitude: a city of 1,000,000
//!   subjects at the bound still fits a 64-bit integer. PostgreSQL checks them with CHECK constraints; SQLite,
//!   which cannot add a constraint to a table, with triggers that abort the statement (and refuse a
//!   value that is not stored as an integer). Both name the bound, e.g. `report_value_bound`.
//! - `report.withdrawn`: a figure withdrawn by its reporter is a version of its own (value 0),
//!   kept in the history and rolled out of the aggregates.
//! - `report_aggregate.figures`: the number of current figures (what an average divides by);
//!   `subjects` becomes the number of distinct subjects, recomputed here from the reports.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Report {
    Table,
    Withdrawn,
}

#[derive(DeriveIden)]
enum ReportAggregate {
    Table,
    Figures,
}

/// Largest value of one figure, in ten-thousandths (100,000,000).
pub const VALUE_MAX: i64 = 1_000_000_000_000;
/// Largest aggregate, target or quota, in ten-thousandths (100,000,000,000,000).
pub const TOTAL_MAX: i64 = 1_000_000_000_000_000_000;

/// (constraint, table, condition that must hold). The conditions bound magnitudes only: an
/// upsert's proposed row carries the change (which may be negative) and is checked as well as
/// the row it turns into, on PostgreSQL (CHECK) and SQLite (BEFORE triggers) alike. Values are
/// kept non-negative by the service; what the database guarantees is that no row, and so no
/// sum of rows, can leave the 64-bit range.
fn bounds() -> Vec<(&'static str, &'static str, String)> {
    let within = |col: &str, max: i64| format!("{col} >= -{max} AND {col} <= {max}");
    vec![
        ("report_value_bound", "report", within("value", VALUE_MAX)),
        (
            "report_aggregate_total_bound",
            "report_aggregate",
            format!(
                "{} AND {} AND {}",
                within("total", TOTAL_MAX),
                within("subjects", TOTAL_MAX),
                within("figures", TOTAL_MAX)
            ),
        ),
        (
            "target_value_bound",
            "target",
            format!(
                "(target_value IS NULL OR ({})) AND (quota IS NULL OR ({}))",
                within("target_value", TOTAL_MAX),
                within("quota", TOTAL_MAX)
            ),
        ),
    ]
}

/// SQLite: what must be stored as an integer (a sum that overflowed would turn REAL).
fn integers(table: &str) -> &'static [&'static str] {
    match table {
        "report" => &["value"],
        "report_aggregate" => &["total", "subjects", "figures"],
        _ => &[],
    }
}

/// Distinct current subjects below each aggregate's tenant, for its period and every shorter
/// period inside it (a year: its quarters and months; a quarter: its months).
const RECOUNT: &str = "UPDATE report_aggregate SET subjects = (\
    SELECT COUNT(DISTINCT r.subject) FROM report r \
    JOIN tenant_closure c ON c.descendant_id = r.tenant_id \
    WHERE c.ancestor_id = report_aggregate.tenant_id \
      AND r.indicator_id = report_aggregate.indicator_id \
      AND r.is_current = TRUE AND r.withdrawn = FALSE \
      AND (r.period = report_aggregate.period \
        OR (LENGTH(report_aggregate.period) = 4 AND r.year = CAST(report_aggregate.period AS INTEGER)) \
        OR (SUBSTR(report_aggregate.period, 6, 1) = 'Q' AND r.granularity = 'MONTH' \
            AND SUBSTR(r.period, 1, 4) = SUBSTR(report_aggregate.period, 1, 4) \
            AND (CAST(SUBSTR(r.period, 6, 2) AS INTEGER) + 2) / 3 = CAST(SUBSTR(report_aggregate.period, 7, 1) AS INTEGER))))";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table(Report::Table).add_column(boolean(Report::Withdrawn).default(false)).to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ReportAggregate::Table)
                    .add_column(big_integer(ReportAggregate::Figures).default(0))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        // Until now `subjects` counted figures.
        db.execute_unprepared("UPDATE report_aggregate SET figures = subjects").await?;
        db.execute_unprepared(RECOUNT).await?;
        match manager.get_database_backend() {
            DatabaseBackend::Sqlite => {
                for (name, table, holds) in bounds() {
                    let mut refuse = format!("NOT ({holds})");
                    for col in ["value", "target_value", "quota", "total", "subjects", "figures"] {
                        refuse = replace_word(&refuse, col, &format!("NEW.{col}"));
                    }
                    for col in integers(table) {
                        refuse.push_str(&format!(" OR typeof(NEW.{col}) <> 'integer'"));
                    }
                    for (when, suffix) in [("INSERT", "insert"), ("UPDATE", "update")] {
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER {name}_{suffix} BEFORE {when} ON {table} FOR EACH ROW \
                             WHEN {refuse} BEGIN SELECT RAISE(ABORT, '{name}'); END"
                        ))
                        .await?;
                    }
                }
            }
            _ => {
                for (name, table, holds) in bounds() {
                    db.execute_unprepared(&format!("ALTER TABLE {table} ADD CONSTRAINT {name} CHECK ({holds})"))
                        .await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (name, table, _) in bounds() {
            match manager.get_database_backend() {
                DatabaseBackend::Sqlite => {
                    db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {name}_insert")).await?;
                    db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {name}_update")).await?;
                }
                _ => {
                    db.execute_unprepared(&format!("ALTER TABLE {table} DROP CONSTRAINT {name}")).await?;
                }
            }
        }
        db.execute_unprepared("UPDATE report_aggregate SET subjects = figures").await?;
        manager
            .alter_table(Table::alter().table(ReportAggregate::Table).drop_column(ReportAggregate::Figures).to_owned())
            .await?;
        manager.alter_table(Table::alter().table(Report::Table).drop_column(Report::Withdrawn).to_owned()).await
    }
}

/// Replaces `word` where it stands alone (not part of a longer name, not already qualified).
fn replace_word(text: &str, word: &str, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(word) {
        let before = rest[..i].chars().last();
        let after = rest[i + word.len()..].chars().next();
        let ident = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
        out.push_str(&rest[..i]);
        if ident(before) || ident(after) {
            out.push_str(word);
        } else {
            out.push_str(with);
        }
        rest = &rest[i + word.len()..];
    }
    out.push_str(rest);
    out
}
