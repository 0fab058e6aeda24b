//! The data set: generated deterministically from the size alone and loaded through a bulk path
//! (multi-row INSERTs for the tree, users, units, targets and applications; INSERT … SELECT for
//! the reported values and their roll-up aggregates), never one API call per value.

use std::fmt::Write as _;
use std::time::Instant;

use chrono::{DateTime, TimeZone as _, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement, Value};

use crate::Size;

/// The password of every bench user.
pub const PASSWORD: &str = "bench-password-2025";
/// Viewers of the first county: the subscribers of S1 (each a person of their own, one socket
/// each, so the per-user socket limit is never what is measured).
pub const VIEWERS: usize = 1000;
/// The year the generated reports cover.
pub const YEAR: i32 = 2025;

/// How big the data set is.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    pub counties: usize,
    pub townships_per_county: usize,
    pub units_per_township: usize,
    pub indicators: usize,
    pub months: u32,
}

impl Shape {
    pub fn of(size: Size) -> Self {
        match size {
            Size::Tiny => {
                Self { counties: 5, townships_per_county: 10, units_per_township: 20, indicators: 10, months: 2 }
            }
            Size::City => {
                Self { counties: 10, townships_per_county: 20, units_per_township: 50, indicators: 100, months: 12 }
            }
        }
    }

    pub fn townships(&self) -> usize {
        self.counties * self.townships_per_county
    }

    pub fn units(&self) -> usize {
        self.townships() * self.units_per_township
    }

    pub fn reports(&self) -> usize {
        self.units() * self.indicators * self.months as usize
    }
}

/// What the scenarios need to know about the loaded data.
pub struct Fixture {
    pub shape: Shape,
    pub city: i64,
    pub counties: Vec<i64>,
    /// Townships in order; `townships[i]` belongs to `counties[i / townships_per_county]`.
    pub townships: Vec<i64>,
    pub indicators: Vec<i64>,
    /// Units of each township, in the order of `townships`.
    pub units: Vec<Vec<i64>>,
    /// SUBMITTED applications, waiting on their township: (application id, township index).
    pub applications: Vec<(i64, usize)>,
    pub city_admin: String,
    /// The admin (and reviewer) of each county, in the order of `counties`.
    pub county_users: Vec<String>,
    /// The reporter (and reviewer) of each township, in the order of `townships`.
    pub township_users: Vec<String>,
    /// VIEWERs of `counties[0]` (see [`VIEWERS`]).
    pub viewers: Vec<String>,
}

impl Fixture {
    /// Months of the data, `2025-01`…
    pub fn month(&self, m: u32) -> String {
        format!("{YEAR}-{m:02}")
    }
}

/// A statement for the backend: `$n` placeholders become `?n` on SQLite.
pub fn stmt(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = match backend {
        DbBackend::Sqlite => sql.replace('$', "?"),
        _ => sql.to_owned(),
    };
    Statement::from_sql_and_values(backend, sql, values)
}

pub async fn exec(db: &DatabaseConnection, sql: &str, values: Vec<Value>) -> Result<u64, String> {
    let backend = db.get_database_backend();
    db.execute_raw(stmt(backend, sql, values)).await.map(|r| r.rows_affected()).map_err(|e| format!("{e}: {sql}"))
}

async fn ids(db: &DatabaseConnection, sql: &str) -> Result<Vec<(i64, i64)>, String> {
    let backend = db.get_database_backend();
    let rows = db.query_all_raw(stmt(backend, sql, vec![])).await.map_err(|e| format!("{e}: {sql}"))?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get_by_index::<i64>(0).map_err(|e| e.to_string())?,
                r.try_get_by_index::<i64>(1).map_err(|e| e.to_string())?,
            ))
        })
        .collect()
}

/// Inserts rows with multi-row VALUES lists, as many rows per statement as keep the bind
/// parameters under both backends' limits.
async fn insert_rows(db: &DatabaseConnection, table: &str, cols: &[&str], rows: Vec<Vec<Value>>) -> Result<(), String> {
    let per = (30_000 / cols.len()).max(1);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<Value>> = rows.by_ref().take(per).collect();
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", cols.join(", "));
        let mut values = Vec::with_capacity(chunk.len() * cols.len());
        for (r, row) in chunk.into_iter().enumerate() {
            sql.push_str(if r == 0 { "(" } else { ", (" });
            for (c, v) in row.into_iter().enumerate() {
                let _ = write!(sql, "{}${}", if c == 0 { "" } else { ", " }, values.len() + 1);
                values.push(v);
            }
            sql.push(')');
        }
        exec(db, &sql, values).await?;
    }
    Ok(())
}

fn when() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(YEAR, 1, 1, 0, 0, 0).single().unwrap_or_default()
}

fn v_i64(v: i64) -> Value {
    Value::BigInt(Some(v))
}

fn v_str(v: impl Into<String>) -> Value {
    Value::String(Some(v.into()))
}

fn v_time() -> Value {
    Value::ChronoDateTimeUtc(Some(when()))
}

const CATEGORIES: [&str; 4] = ["COMMUNITY", "SCHOOL", "ENTERPRISE", "AGENCY"];

/// Loads the whole data set into an empty, migrated database; returns the fixture and prints
/// how long each part took.
///
/// `writers` are the connections that insert the reported values, one indicator after another,
/// side by side. On PostgreSQL the report table's indexes are dropped for the load and built
/// afterwards (a sorted build beats twelve million index insertions), with the same names and
/// columns the migration gives them.
pub async fn load(
    db: &DatabaseConnection,
    writers: &[DatabaseConnection],
    size: Size,
    password_hash: &str,
) -> Result<Fixture, String> {
    let shape = Shape::of(size);
    let started = Instant::now();
    let t = when();

    // The tree: ids are assigned here so the closure can be written in the same pass.
    let city = 1_i64;
    let mut tenants = vec![(city, "450200".to_owned(), "柳州市(基准)".to_owned(), "CITY", None::<i64>)];
    let mut counties = Vec::new();
    let mut townships = Vec::new();
    let mut next = 2_i64;
    for c in 0..shape.counties {
        let county = next;
        next += 1;
        counties.push(county);
        tenants.push((county, format!("4502{:02}", c + 21), format!("县区{}", c + 1), "COUNTY", Some(city)));
    }
    for (c, county) in counties.iter().enumerate() {
        for k in 0..shape.townships_per_county {
            let town = next;
            next += 1;
            townships.push(town);
            tenants.push((
                town,
                format!("4502{:02}{:03}", c + 21, k + 100),
                format!("乡镇{}-{}", c + 1, k + 1),
                "TOWNSHIP",
                Some(*county),
            ));
        }
    }
    let rows = tenants
        .iter()
        .map(|(id, code, name, level, parent)| {
            vec![
                v_i64(*id),
                v_str(code.clone()),
                v_str(name.clone()),
                v_str(*level),
                Value::BigInt(*parent),
                parent.map_or(Value::BigInt(None), |_| v_i64(city)),
                v_time(),
            ]
        })
        .collect();
    insert_rows(db, "tenant", &["id", "code", "name", "level", "parent_id", "root_id", "created_at"], rows).await?;
    let mut closure = Vec::new();
    for (id, _, _, _, parent) in &tenants {
        closure.push(vec![v_i64(*id), v_i64(*id), Value::Int(Some(0))]);
        if let Some(p) = parent {
            closure.push(vec![v_i64(*p), v_i64(*id), Value::Int(Some(1))]);
            if *p != city {
                closure.push(vec![v_i64(city), v_i64(*id), Value::Int(Some(2))]);
            }
        }
    }
    insert_rows(db, "tenant_closure", &["ancestor_id", "descendant_id", "depth"], closure).await?;
    if db.get_database_backend() == DbBackend::Postgres {
        exec(db, "SELECT setval(pg_get_serial_sequence('tenant', 'id'), (SELECT MAX(id) FROM tenant))", vec![]).await?;
    }

    // Users: one admin for the city, one per county, one per township, the first county's
    // viewers; one hash for all.
    let city_admin = "bench.city".to_owned();
    let county_users: Vec<String> = (0..counties.len()).map(|c| format!("bench.county{}", c + 1)).collect();
    let township_users: Vec<String> = (0..townships.len()).map(|k| format!("bench.town{}", k + 1)).collect();
    let viewers: Vec<String> = (0..VIEWERS).map(|v| format!("bench.viewer{}", v + 1)).collect();
    let mut users = vec![(city, city_admin.clone(), "ADMIN,REVIEWER,VIEWER")];
    users.extend(counties.iter().zip(&county_users).map(|(t, u)| (*t, u.clone(), "ADMIN,REVIEWER,VIEWER")));
    users.extend(townships.iter().zip(&township_users).map(|(t, u)| (*t, u.clone(), "REPORTER,REVIEWER,VIEWER")));
    users.extend(viewers.iter().map(|u| (counties[0], u.clone(), "VIEWER")));
    let rows = users
        .into_iter()
        .map(|(tenant, name, roles)| {
            vec![
                v_i64(tenant),
                v_str(name.clone()),
                v_str(name),
                v_str(password_hash),
                v_str(roles),
                v_time(),
                v_time(),
            ]
        })
        .collect();
    insert_rows(
        db,
        "app_user",
        &["tenant_id", "username", "display_name", "password_hash", "roles", "created_at", "updated_at"],
        rows,
    )
    .await?;

    // Units.
    let mut rows = Vec::with_capacity(shape.units());
    for (k, town) in townships.iter().enumerate() {
        for n in 0..shape.units_per_township {
            let category = CATEGORIES[n % CATEGORIES.len()];
            rows.push(vec![
                v_i64(*town),
                v_str(format!("示范单位{}-{}", k + 1, n + 1)),
                v_str(category),
                v_str(format!("第{}号", n + 1)),
                v_str(""),
                v_str(""),
                Value::Int(Some(100 + (n as i32 % 50))),
                Value::Int(Some(300 + (n as i32 % 70))),
                v_str("[]"),
                v_str(""),
                Value::Int(Some(1)),
                v_time(),
                v_time(),
            ]);
        }
    }
    insert_rows(
        db,
        "unit",
        &[
            "tenant_id",
            "name",
            "category",
            "address",
            "contact_name",
            "contact_phone",
            "households",
            "population",
            "ethnic_groups",
            "description",
            "version",
            "created_at",
            "updated_at",
        ],
        rows,
    )
    .await?;
    let mut units = vec![Vec::new(); townships.len()];
    let first_town = townships.first().copied().unwrap_or_default();
    for (id, tenant) in ids(db, "SELECT id, tenant_id FROM unit ORDER BY id").await? {
        if let Some(list) = units.get_mut((tenant - first_town) as usize) {
            list.push(id);
        }
    }

    // Indicators, all summed, owned by the city.
    let rows = (0..shape.indicators)
        .map(|i| {
            vec![
                v_i64(city),
                v_str(format!("B{:03}", i + 1)),
                v_str(format!("基准指标{}", i + 1)),
                v_str("个"),
                v_str("COUNT"),
                v_str("SUM"),
                v_str("ACTIVITIES"),
                v_str(""),
                Value::Int(Some(1)),
                v_time(),
            ]
        })
        .collect();
    insert_rows(
        db,
        "indicator",
        &[
            "tenant_id",
            "code",
            "name",
            "measure_unit",
            "value_type",
            "aggregation",
            "category",
            "description",
            "version",
            "created_at",
        ],
        rows,
    )
    .await?;
    let indicators: Vec<i64> =
        ids(db, "SELECT id, tenant_id FROM indicator ORDER BY id").await?.into_iter().map(|(i, _)| i).collect();
    // The city's campaign covers the year of the figures (figures are reported inside a campaign).
    insert_rows(
        db,
        "campaign",
        &["tenant_id", "name", "start_year", "end_year", "created_at"],
        vec![vec![v_i64(city), v_str("基准创建周期"), Value::Int(Some(YEAR)), Value::Int(Some(YEAR)), v_time()]],
    )
    .await?;
    let setup = started.elapsed();

    // Reported values: every unit, every indicator, every month.
    let reporter = 1_i64;
    let months = shape.months;
    let started_reports = Instant::now();
    let postgres = db.get_database_backend() == DbBackend::Postgres;
    if postgres {
        for index in REPORT_INDEXES {
            exec(db, &format!("DROP INDEX IF EXISTS {}", index.0), vec![]).await?;
        }
    }
    let writers: Vec<&DatabaseConnection> = if writers.is_empty() { vec![db] } else { writers.iter().collect() };
    let per_writer = indicators.len().div_ceil(writers.len()).max(1);
    let jobs = writers
        .iter()
        .zip(indicators.chunks(per_writer))
        .map(|(w, chunk)| insert_reports(w, chunk, months, reporter, t));
    for r in futures_util::future::join_all(jobs).await {
        r?;
    }
    if postgres {
        exec(db, "SET maintenance_work_mem = '512MB'", vec![]).await?;
        for (name, unique, cols) in REPORT_INDEXES {
            let unique = if unique { "UNIQUE " } else { "" };
            exec(db, &format!("CREATE {unique}INDEX {name} ON report ({cols})"), vec![]).await?;
        }
    }
    let reports_took = started_reports.elapsed();

    // Aggregates: each township's months, quarters and year straight from its figures (a
    // subject counts once per period however many months it reported), then its ancestors' as
    // sums (townships are the only tenants with figures, and a subject belongs to one tenant).
    let started_aggregates = Instant::now();
    let quarter = "SUBSTR(period, 1, 4) || '-Q' || CAST((CAST(SUBSTR(period, 6, 2) AS INTEGER) + 2) / 3 AS TEXT)";
    for grouped in ["period", quarter, "SUBSTR(period, 1, 4)"] {
        exec(
            db,
            &format!(
                "INSERT INTO report_aggregate (tenant_id, indicator_id, period, total, figures, subjects, updated_at) \
                 SELECT tenant_id, indicator_id, {grouped}, SUM(value), COUNT(*), COUNT(DISTINCT subject), $1 \
                 FROM report WHERE is_current = TRUE AND withdrawn = FALSE AND granularity = 'MONTH' \
                 GROUP BY tenant_id, indicator_id, {grouped}"
            ),
            vec![v_time()],
        )
        .await?;
    }
    exec(
        db,
        "INSERT INTO report_aggregate (tenant_id, indicator_id, period, total, figures, subjects, updated_at) \
         SELECT c.ancestor_id, a.indicator_id, a.period, SUM(a.total), SUM(a.figures), SUM(a.subjects), $1 \
         FROM report_aggregate a JOIN tenant_closure c ON c.descendant_id = a.tenant_id AND c.depth > 0 \
         GROUP BY c.ancestor_id, a.indicator_id, a.period",
        vec![v_time()],
    )
    .await?;
    let aggregates_took = started_aggregates.elapsed();

    // Yearly targets for every tenant and indicator.
    let mut rows = Vec::new();
    for (id, ..) in &tenants {
        for ind in &indicators {
            rows.push(vec![
                v_i64(*id),
                v_i64(*ind),
                v_str(YEAR.to_string()),
                v_i64(((id * 31 + ind * 17) % 900 + 100) * 10000),
                Value::BigInt(None),
                Value::Int(Some(1)),
                v_time(),
            ]);
        }
    }
    insert_rows(
        db,
        "target",
        &["tenant_id", "indicator_id", "period", "target_value", "quota", "version", "updated_at"],
        rows,
    )
    .await?;

    // One application per unit, submitted for the city's title and waiting on its township.
    let mut rows = Vec::new();
    for (k, list) in units.iter().enumerate() {
        for (n, unit) in list.iter().enumerate() {
            rows.push(vec![
                v_i64(*unit),
                v_i64(townships[k]),
                v_str(CATEGORIES[n % CATEGORIES.len()]),
                v_str("DEMONSTRATION_UNIT"),
                v_str("CITY"),
                v_i64(city),
                v_i64(townships[k]),
                v_str("SUBMITTED"),
                v_str("申报民族团结进步示范单位"),
                v_str(""),
                v_str("[]"),
                Value::Int(Some(1)),
                v_time(),
                v_time(),
            ]);
        }
    }
    insert_rows(
        db,
        "application",
        &[
            "unit_id",
            "unit_tenant_id",
            "category",
            "kind",
            "level",
            "designating_tenant_id",
            "current_tenant_id",
            "status",
            "statement",
            "self_evaluation",
            "evidence",
            "version",
            "created_at",
            "updated_at",
        ],
        rows,
    )
    .await?;
    let applications = ids(db, "SELECT id, current_tenant_id FROM application ORDER BY id")
        .await?
        .into_iter()
        .map(|(id, town)| (id, (town - first_town) as usize))
        .collect();
    if db.get_database_backend() == DbBackend::Postgres {
        exec(db, "ANALYZE", vec![]).await?;
    }
    println!(
        "data: {} tenants, {} units, {} indicators, {} reported values; loaded in {:.1} s (tree, users, units {:.1} s; reports {:.1} s; aggregates {:.1} s)",
        tenants.len(),
        shape.units(),
        indicators.len(),
        shape.reports(),
        started.elapsed().as_secs_f64(),
        setup.as_secs_f64(),
        reports_took.as_secs_f64(),
        aggregates_took.as_secs_f64()
    );
    Ok(Fixture {
        shape,
        city,
        counties,
        townships,
        indicators,
        units,
        applications,
        city_admin,
        county_users,
        township_users,
        viewers,
    })
}

/// The report table's indexes, as the migration creates them: (name, unique, columns).
const REPORT_INDEXES: [(&str, bool, &str); 3] = [
    ("uq_report_subject_version", true, "subject, indicator_id, period, version"),
    ("idx_report_current", false, "indicator_id, period, is_current, tenant_id"),
    ("idx_report_tenant", false, "tenant_id, id"),
];

/// Every unit's figure for each of `indicators` in every month, one INSERT … SELECT per
/// indicator. Values are whole numbers 0..49 (stored as ten-thousandths).
async fn insert_reports(
    db: &DatabaseConnection,
    indicators: &[i64],
    months: u32,
    reporter: i64,
    at: DateTime<Utc>,
) -> Result<(), String> {
    for ind in indicators {
        let sql = format!(
            "WITH RECURSIVE m(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM m WHERE k < {months}) \
             INSERT INTO report (tenant_id, unit_id, subject, indicator_id, period, year, granularity, value, note, evidence, version, is_current, reported_by, reported_at) \
             SELECT u.tenant_id, u.id, 'u:' || CAST(u.id AS TEXT), $1, '{YEAR}-' || CASE WHEN k < 10 THEN '0' ELSE '' END || CAST(k AS TEXT), {YEAR}, 'MONTH', \
                    ((u.id * 7 + $1 * 13 + k * 3) % 50) * 10000, '', '[]', 1, TRUE, $2, $3 \
             FROM unit u CROSS JOIN m"
        );
        exec(db, &sql, vec![v_i64(*ind), v_i64(reporter), Value::ChronoDateTimeUtc(Some(at))]).await?;
    }
    Ok(())
}

/// Compares every aggregate of `indicators` for `months`, their quarters and the year with a
/// from-scratch recomputation from the current reports through the closure table. Returns the
/// number of rows that differ (missing rows included).
pub async fn drift(db: &DatabaseConnection, indicators: &[i64], months: &[String]) -> Result<u64, String> {
    let backend = db.get_database_backend();
    let mut periods: Vec<(String, Vec<String>)> = months.iter().map(|m| (m.clone(), vec![m.clone()])).collect();
    let mut quarters: Vec<String> = Vec::new();
    for m in months {
        let month: u32 = m.get(5..7).and_then(|x| x.parse().ok()).unwrap_or(1);
        let q = format!("{YEAR}-Q{}", month.div_ceil(3));
        if !quarters.contains(&q) {
            quarters.push(q);
        }
    }
    for q in quarters {
        let n: u32 = q.get(6..7).and_then(|x| x.parse().ok()).unwrap_or(1);
        periods.push((q, (n * 3 - 2..=n * 3).map(|m| format!("{YEAR}-{m:02}")).collect()));
    }
    periods.push((YEAR.to_string(), (1..=12).map(|m| format!("{YEAR}-{m:02}")).collect()));
    let mut differing = 0;
    for ind in indicators {
        for (period, covered) in &periods {
            let list = covered.iter().map(|m| format!("'{m}'")).collect::<Vec<_>>().join(", ");
            let sql = format!(
                "SELECT COALESCE(e.tenant_id, a.tenant_id), COALESCE(e.total, -1), COALESCE(e.figures, -1), COALESCE(e.subjects, -1), \
                        COALESCE(a.total, -1), COALESCE(a.figures, -1), COALESCE(a.subjects, -1) \
                 FROM (SELECT c.ancestor_id AS tenant_id, CAST(SUM(r.value) AS BIGINT) AS total, COUNT(*) AS figures, \
                              COUNT(DISTINCT r.subject) AS subjects FROM report r \
                       JOIN tenant_closure c ON c.descendant_id = r.tenant_id \
                       WHERE r.is_current = TRUE AND r.withdrawn = FALSE AND r.indicator_id = $1 AND r.period IN ({list}) GROUP BY c.ancestor_id) e \
                 LEFT JOIN (SELECT tenant_id, total, figures, subjects FROM report_aggregate WHERE indicator_id = $1 AND period = $2 AND (total <> 0 OR figures <> 0)) a \
                   ON a.tenant_id = e.tenant_id"
            );
            let rows = db
                .query_all_raw(stmt(backend, &sql, vec![v_i64(*ind), v_str(period.clone())]))
                .await
                .map_err(|e| e.to_string())?;
            let mut matched = 0;
            for r in &rows {
                let cell = |i| r.try_get_by_index::<i64>(i).map_err(|e| e.to_string());
                if cell(4)? != -1 {
                    matched += 1;
                }
                if (cell(1)?, cell(2)?, cell(3)?) != (cell(4)?, cell(5)?, cell(6)?) {
                    differing += 1;
                }
            }
            // Aggregate rows for tenants with no current figures at all.
            let extra = db
                .query_all_raw(stmt(
                    backend,
                    "SELECT COUNT(*) FROM report_aggregate WHERE indicator_id = $1 AND period = $2 AND (total <> 0 OR figures <> 0)",
                    vec![v_i64(*ind), v_str(period.clone())],
                ))
                .await
                .map_err(|e| e.to_string())?;
            let stored = extra
                .first()
                .map(|r| r.try_get_by_index::<i64>(0))
                .transpose()
                .map_err(|e| e.to_string())?
                .unwrap_or(0);
            differing += (stored - matched).unsigned_abs();
        }
    }
    Ok(differing)
}
