//! The scenarios (over HTTP, every request with a real JWT) and their database floors (the same
//! rows read or written by hand-written SQL on a pool of the same size, at the same concurrency).

use std::sync::Arc;

use chrono::Utc;
use futures_util::FutureExt as _;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Value};
use serde_json::{Value as Json, json};

use crate::data::{Fixture, YEAR, stmt};
use crate::drive::Op;

/// Everything an operation needs, shared by all clients.
pub struct Ctx {
    pub http: reqwest::Client,
    pub address: String,
    pub fixture: Fixture,
    pub city_token: String,
    pub county_tokens: Vec<String>,
    pub township_tokens: Vec<String>,
    /// The floor's own connection pool.
    pub floor: DatabaseConnection,
}

impl Ctx {
    fn backend(&self) -> DbBackend {
        self.floor.get_database_backend()
    }

    /// Indicators the write scenarios touch (and the drift check recomputes).
    pub fn w1_indicators(&self) -> Vec<i64> {
        self.fixture.indicators.iter().take(4).copied().collect()
    }

    /// Indicators W1's database floor writes: as many as W1's, the next ones, so the floor
    /// spreads over indicators, townships and months exactly as W1 does without touching W1's
    /// figures.
    pub fn w1_floor_indicators(&self) -> Vec<i64> {
        let all = &self.fixture.indicators;
        (0..4).map(|j| all[(4 + j) % all.len()]).collect()
    }

    /// Months W1 writes: the first three (or fewer).
    pub fn w1_months(&self) -> Vec<String> {
        (1..=self.fixture.shape.months.min(3)).map(|m| self.fixture.month(m)).collect()
    }

    /// The township each client of W1 writes for: spread over the counties, and a different one
    /// for every client (while there are no more clients than townships), so that clients never
    /// race for the same figure.
    pub fn w1_township(&self, client: usize, clients: usize) -> usize {
        let n = self.fixture.townships.len();
        (client * n / clients.max(1)) % n
    }

    /// The township each client of W3 writes for (the one after its W1 township).
    pub fn w3_township(&self, client: usize, clients: usize) -> usize {
        (self.w1_township(client, clients) + 1) % self.fixture.townships.len()
    }

    /// Months of the data, quarters and the year: the periods R3 cold walks through.
    fn periods(&self) -> Vec<String> {
        let months = self.fixture.shape.months;
        let mut p: Vec<String> = (1..=months).map(|m| self.fixture.month(m)).collect();
        p.extend((1..=months.div_ceil(3)).map(|q| format!("{YEAR}-Q{q}")));
        p.push(YEAR.to_string());
        p
    }

    fn all_tenants(&self) -> Vec<i64> {
        let f = &self.fixture;
        std::iter::once(f.city).chain(f.counties.iter().copied()).chain(f.townships.iter().copied()).collect()
    }
}

/// POSTs a GraphQL request; fails on a non-200 status or any GraphQL error.
pub async fn gql(
    http: &reqwest::Client,
    address: &str,
    token: &str,
    query: &str,
    variables: Json,
) -> Result<Json, String> {
    let resp = http
        .post(format!("{address}/graphql"))
        .bearer_auth(token)
        .json(&json!({ "query": query, "variables": variables }))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = resp.status();
    let body: Json = resp.json().await.map_err(|e| e.to_string())?;
    if !status.is_success() || body.get("errors").is_some() {
        return Err(format!("HTTP {status}: {body}"));
    }
    Ok(body)
}

pub async fn login(http: &reqwest::Client, address: &str, username: &str) -> Result<String, String> {
    let body = http
        .post(format!("{address}/graphql"))
        .json(&json!({
            "query": "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }",
            "variables": { "u": username, "p": crate::data::PASSWORD },
        }))
        .send()
        .await
        .map_err(|e| e.to_string())?
        .json::<Json>()
        .await
        .map_err(|e| e.to_string())?;
    body["data"]["login"]["accessToken"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("login as {username}: {body}"))
}

async fn rows(db: &DatabaseConnection, sql: &str, values: Vec<Value>) -> Result<usize, String> {
    let backend = db.get_database_backend();
    db.query_all_raw(stmt(backend, sql, values)).await.map(|r| r.len()).map_err(|e| format!("{e}: {sql}"))
}

fn id_list(ids: &[i64]) -> String {
    ids.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

fn ids_json(ids: &[i64]) -> Json {
    Json::Array(ids.iter().map(|i| Json::String(i.to_string())).collect())
}

/// Builds an operation from a closure over the shared context.
fn op<F, Fut>(ctx: &Arc<Ctx>, f: F) -> Op
where
    F: Fn(Arc<Ctx>, usize, u64) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<(), String>> + Send + 'static,
{
    let ctx = ctx.clone();
    let f = Arc::new(f);
    Arc::new(move |c, n| {
        let (ctx, f) = (ctx.clone(), f.clone());
        async move { f(ctx, c, n).await }.boxed()
    })
}

pub fn http_floor(ctx: &Arc<Ctx>) -> Op {
    op(ctx, |ctx, _, _| async move {
        let r = ctx.http.get(format!("{}/healthz", ctx.address)).send().await.map_err(|e| e.to_string())?;
        if r.status().is_success() { Ok(()) } else { Err(format!("healthz: {}", r.status())) }
    })
}

// ---- R1: a page of 20 units -------------------------------------------------------------------

const R1: &str = "query($t: ID!) { units(first: 20, filter: { tenantId: $t }) { edges { cursor node { id name category categoryLabel address households population version } } pageInfo { hasNextPage endCursor } } }";

pub fn r1(ctx: &Arc<Ctx>) -> Op {
    op(ctx, |ctx, _, n| async move {
        let t = ctx.fixture.townships[n as usize % ctx.fixture.townships.len()];
        let body = gql(&ctx.http, &ctx.address, &ctx.city_token, R1, json!({ "t": t.to_string() })).await?;
        let got = body["data"]["units"]["edges"].as_array().map_or(0, Vec::len);
        if got == 20.min(ctx.fixture.shape.units_per_township) { Ok(()) } else { Err(format!("R1: {got} units")) }
    })
}

pub fn r1_floor(ctx: &Arc<Ctx>) -> Op {
    op(ctx, |ctx, _, n| async move {
        let t = ctx.fixture.townships[n as usize % ctx.fixture.townships.len()];
        rows(
            &ctx.floor,
            "SELECT id, tenant_id, name, category, address, contact_name, contact_phone, households, population, ethnic_groups, description, archived_at, version, created_at, updated_at \
             FROM unit WHERE tenant_id = $1 AND archived_at IS NULL ORDER BY id LIMIT 21",
            vec![Value::BigInt(Some(t))],
        )
        .await
        .map(drop)
    })
}

// ---- R2: the county dashboard -----------------------------------------------------------------

const R2: &str = "query($t: ID!, $i: [ID!]!) { tenant(id: $t) { name children(first: 50) { edges { node { id name rollup(period: \"2025\", indicatorIds: $i) { indicatorCode target actual completion } } } } } }";

pub fn r2(ctx: &Arc<Ctx>) -> Op {
    op(ctx, |ctx, _, n| async move {
        let c = n as usize % ctx.fixture.counties.len();
        let inds: Vec<i64> = ctx.fixture.indicators.iter().take(10).copied().collect();
        let vars = json!({ "t": ctx.fixture.counties[c].to_string(), "i": ids_json(&inds) });
        let body = gql(&ctx.http, &ctx.address, &ctx.county_tokens[c], R2, vars).await?;
        let children = body["data"]["tenant"]["children"]["edges"].as_array().map_or(0, Vec::len);
        if children == ctx.fixture.shape.townships_per_county {
            Ok(())
        } else {
            Err(format!("R2: {children} townships"))
        }
    })
}

/// The R2 document registered as trusted (by the city's ADMIN); its id.
pub async fn register_r2(ctx: &Ctx) -> Result<String, String> {
    let q = "mutation($d: [String!]!) { registerDocuments(documents: $d) { id } }";
    let body = gql(&ctx.http, &ctx.address, &ctx.city_token, q, json!({ "d": [R2] })).await?;
    body["data"]["registerDocuments"][0]["id"].as_str().map(str::to_owned).ok_or_else(|| format!("register R2: {body}"))
}

fn r2_url(ctx: &Ctx, id: &str, c: usize) -> String {
    let inds: Vec<i64> = ctx.fixture.indicators.iter().take(10).copied().collect();
    let vars = json!({ "t": ctx.fixture.counties[c].to_string(), "i": ids_json(&inds) }).to_string();
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    };
    format!("{}/graphql?documentId={}&variables={}", ctx.address, enc(id), enc(&vars))
}

/// R2 as a phone would send it: GET with the document's id (no text), the answer gzipped.
pub fn r2_by_id(ctx: &Arc<Ctx>, id: String) -> Op {
    let id = Arc::new(id);
    op(ctx, move |ctx, _, n| {
        let id = id.clone();
        async move {
            let c = n as usize % ctx.fixture.counties.len();
            let resp = ctx
                .http
                .get(r2_url(&ctx, &id, c))
                .bearer_auth(&ctx.county_tokens[c])
                .header("accept-encoding", "gzip")
                .send()
                .await
                .map_err(|e| e.to_string())?;
            let status = resp.status();
            let packed = resp.bytes().await.map_err(|e| e.to_string())?;
            let mut text = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&packed[..]), &mut text)
                .map_err(|e| format!("R2 by id: HTTP {status}, not gzip: {e}"))?;
            let body: Json = serde_json::from_slice(&text).map_err(|e| e.to_string())?;
            let children = body["data"]["tenant"]["children"]["edges"].as_array().map_or(0, Vec::len);
            if children == ctx.fixture.shape.townships_per_county {
                Ok(())
            } else {
                Err(format!("R2 by id: HTTP {status}: {body}"))
            }
        }
    })
}

/// What one R2 puts on the wire each way: (request as POST text, as GET by id; answer as it is,
/// gzipped, brotli), in bytes of body or URL.
pub async fn r2_transfer(ctx: &Ctx, id: &str) -> Result<[usize; 5], String> {
    let inds: Vec<i64> = ctx.fixture.indicators.iter().take(10).copied().collect();
    let vars = json!({ "t": ctx.fixture.counties[0].to_string(), "i": ids_json(&inds) });
    let post = json!({ "query": R2, "variables": vars }).to_string().len();
    let url = r2_url(ctx, id, 0);
    let get = url.len() - ctx.address.len();
    let mut sizes = [post, get, 0, 0, 0];
    for (i, coding) in [(2, "identity"), (3, "gzip"), (4, "br")] {
        let resp = ctx
            .http
            .get(&url)
            .bearer_auth(&ctx.county_tokens[0])
            .header("accept-encoding", coding)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        sizes[i] = resp.bytes().await.map_err(|e| e.to_string())?.len();
    }
    Ok(sizes)
}

pub fn r2_floor(ctx: &Arc<Ctx>) -> Op {
    op(ctx, |ctx, _, n| async move {
        let county = ctx.fixture.counties[n as usize % ctx.fixture.counties.len()];
        let inds = id_list(&ctx.fixture.indicators.iter().take(10).copied().collect::<Vec<_>>());
        let year = Value::String(Some(YEAR.to_string()));
        rows(
            &ctx.floor,
            "SELECT id, code, name, level FROM tenant WHERE parent_id = $1 ORDER BY id LIMIT 51",
            vec![Value::BigInt(Some(county))],
        )
        .await?;
        rows(
            &ctx.floor,
            &format!("SELECT a.tenant_id, a.indicator_id, a.total, a.subjects FROM report_aggregate a JOIN tenant t ON t.id = a.tenant_id WHERE t.parent_id = $1 AND a.indicator_id IN ({inds}) AND a.period = $2"),
            vec![Value::BigInt(Some(county)), year.clone()],
        )
        .await?;
        rows(
            &ctx.floor,
            &format!("SELECT g.tenant_id, g.indicator_id, g.target_value, g.quota FROM target g JOIN tenant t ON t.id = g.tenant_id WHERE t.parent_id = $1 AND g.indicator_id IN ({inds}) AND g.period = $2"),
            vec![Value::BigInt(Some(county)), year],
        )
        .await
        .map(drop)
    })
}

// ---- R3: one tenant over 100 indicators, cold and cached ---------------------------------------

const R3: &str = "query($t: ID!, $p: String!, $i: [ID!]!) { rollup(tenantId: $t, period: $p, indicatorIds: $i) { indicatorCode target actual completion subjects } }";

/// Which share of a finite pool a run may consume: (this run, of how many), so that a run at
/// 32 clients after one at 8 finds its applications undecided and its roll-ups cold.
pub type Part = (usize, usize);

/// Share `part` of `items`.
pub fn part_of<T>(mut items: Vec<T>, (i, of): Part) -> Vec<T> {
    let len = items.len();
    let of = of.max(1);
    items.truncate((i + 1) * len / of);
    items.drain(..i * len / of);
    items
}

/// Distinct (tenant, period) pairs, so no request of the cold run finds the cache warm.
pub fn r3_cold_pairs(ctx: &Ctx) -> Vec<(i64, String)> {
    let periods = ctx.periods();
    let mut pairs = Vec::new();
    for t in ctx.all_tenants() {
        for p in &periods {
            pairs.push((t, p.clone()));
        }
    }
    // Interleave tenants so consecutive requests do not share a tenant.
    pairs.sort_by_key(|(t, p)| (periods.iter().position(|x| x == p), *t));
    pairs
}

pub fn r3(ctx: &Arc<Ctx>, cold: bool, part: Part) -> Op {
    let pairs = Arc::new(part_of(r3_cold_pairs(ctx), part));
    op(ctx, move |ctx, _, n| {
        let pairs = pairs.clone();
        async move {
            let (t, p) = if cold {
                pairs.get(n as usize).cloned().ok_or("R3 cold: out of distinct pairs")?
            } else {
                (ctx.fixture.city, YEAR.to_string())
            };
            let vars = json!({ "t": t.to_string(), "p": p, "i": ids_json(&ctx.fixture.indicators) });
            let body = gql(&ctx.http, &ctx.address, &ctx.city_token, R3, vars).await?;
            let got = body["data"]["rollup"].as_array().map_or(0, Vec::len);
            if got == ctx.fixture.indicators.len() { Ok(()) } else { Err(format!("R3: {got} indicators")) }
        }
    })
}

pub fn r3_floor(ctx: &Arc<Ctx>) -> Op {
    let pairs = Arc::new(r3_cold_pairs(ctx));
    op(ctx, move |ctx, _, n| {
        let pairs = pairs.clone();
        async move {
            let (t, p) = pairs[n as usize % pairs.len()].clone();
            let inds = id_list(&ctx.fixture.indicators);
            rows(
                &ctx.floor,
                &format!("SELECT id, code, name, aggregation, value_type FROM indicator WHERE id IN ({inds})"),
                vec![],
            )
            .await?;
            rows(
                &ctx.floor,
                &format!("SELECT indicator_id, total, subjects FROM report_aggregate WHERE tenant_id = $1 AND indicator_id IN ({inds}) AND period = $2"),
                vec![Value::BigInt(Some(t)), Value::String(Some(p.clone()))],
            )
            .await?;
            let year = p.get(..4).unwrap_or_default().to_owned();
            rows(
                &ctx.floor,
                &format!("SELECT indicator_id, period, target_value, quota FROM target WHERE tenant_id = $1 AND indicator_id IN ({inds}) AND period IN ($2, $3)"),
                vec![Value::BigInt(Some(t)), Value::String(Some(p)), Value::String(Some(year))],
            )
            .await
            .map(drop)
        }
    })
}

// ---- R4: a tenant's breakdown by children ------------------------------------------------------

const R4: &str = "query($t: ID!, $i: [ID!]!) { rollup(tenantId: $t, period: \"2025\", indicatorIds: $i) { indicatorCode actual target children { tenant { id name } actual share accepted } } }";

fn r4_tenant(ctx: &Ctx, n: u64) -> i64 {
    let f = &ctx.fixture;
    let k = n as usize % (f.counties.len() + 1);
    if k == 0 { f.city } else { f.counties[k - 1] }
}

pub fn r4(ctx: &Arc<Ctx>) -> Op {
    op(ctx, |ctx, _, n| async move {
        let t = r4_tenant(&ctx, n);
        let ind = ctx.fixture.indicators[n as usize % ctx.fixture.indicators.len()];
        let vars = json!({ "t": t.to_string(), "i": [ind.to_string()] });
        let body = gql(&ctx.http, &ctx.address, &ctx.city_token, R4, vars).await?;
        let children = body["data"]["rollup"][0]["children"].as_array().map_or(0, Vec::len);
        if children > 0 { Ok(()) } else { Err(format!("R4: no children in {body}")) }
    })
}

pub fn r4_floor(ctx: &Arc<Ctx>) -> Op {
    op(ctx, |ctx, _, n| async move {
        let t = r4_tenant(&ctx, n);
        let ind = ctx.fixture.indicators[n as usize % ctx.fixture.indicators.len()];
        let year = Value::String(Some(YEAR.to_string()));
        rows(
            &ctx.floor,
            "SELECT a.total, a.subjects, g.target_value FROM report_aggregate a LEFT JOIN target g ON g.tenant_id = a.tenant_id AND g.indicator_id = a.indicator_id AND g.period = a.period \
             WHERE a.tenant_id = $1 AND a.indicator_id = $2 AND a.period = $3",
            vec![Value::BigInt(Some(t)), Value::BigInt(Some(ind)), year.clone()],
        )
        .await?;
        rows(
            &ctx.floor,
            "SELECT t.id, t.name, a.total, a.subjects FROM tenant t LEFT JOIN report_aggregate a ON a.tenant_id = t.id AND a.indicator_id = $2 AND a.period = $3 WHERE t.parent_id = $1 ORDER BY t.id",
            vec![Value::BigInt(Some(t)), Value::BigInt(Some(ind)), year],
        )
        .await
        .map(drop)
    })
}

// ---- W1: report one value ----------------------------------------------------------------------

const W1: &str = "mutation($u: ID!, $i: ID!, $p: String!, $v: Decimal!) { report(input: { unitId: $u, indicatorId: $i, period: $p, value: $v }) { id version } }";

/// What W1's request `n` from client `c` writes over `inds`: (township index, unit,
/// indicator, month, value).
fn w1_line(ctx: &Ctx, c: usize, n: u64, clients: usize, inds: &[i64]) -> (usize, i64, i64, String, i64) {
    let k = ctx.w1_township(c, clients);
    let units = &ctx.fixture.units[k];
    let unit = units[(n as usize * 7) % units.len()];
    let ind = inds[n as usize % inds.len()];
    let months = ctx.w1_months();
    let month = months[(n as usize / inds.len()) % months.len()].clone();
    (k, unit, ind, month, (n % 97) as i64)
}

pub fn w1(ctx: &Arc<Ctx>, clients: usize) -> Op {
    op(ctx, move |ctx, c, n| async move {
        let (k, unit, ind, month, value) = w1_line(&ctx, c, n, clients, &ctx.w1_indicators());
        let vars = json!({ "u": unit.to_string(), "i": ind.to_string(), "p": month, "v": value.to_string() });
        gql(&ctx.http, &ctx.address, &ctx.township_tokens[k], W1, vars).await.map(drop)
    })
}

/// The same writes by hand: lock the current figure, retire it, insert the new version, move
/// the nine aggregate rows (3 tenants x month, quarter, year) in one ordered upsert, audit.
/// Spread like W1 (every client its own township; indicators and months in turn), over
/// indicators of its own, so the API's figures are not disturbed.
pub fn w1_floor(ctx: &Arc<Ctx>, clients: usize) -> Op {
    op(ctx, move |ctx, c, n| async move {
        let (k, unit, ind, month, value) = w1_line(&ctx, c, n, clients, &ctx.w1_floor_indicators());
        let town = ctx.fixture.townships[k];
        let county = ctx.fixture.counties[k / ctx.fixture.shape.townships_per_county];
        let txn = floor_txn(&ctx.floor).await.map_err(|e| e.to_string())?;
        let backend = ctx.backend();
        let lock = if backend == DbBackend::Postgres { " FOR UPDATE" } else { "" };
        let subject = format!("u:{unit}");
        let current = txn
            .query_one_raw(stmt(
                backend,
                &format!("SELECT id, value, version FROM report WHERE subject = $1 AND indicator_id = $2 AND period = $3 AND is_current = TRUE{lock}"),
                vec![Value::String(Some(subject.clone())), Value::BigInt(Some(ind)), Value::String(Some(month.clone()))],
            ))
            .await
            .map_err(|e| e.to_string())?
            .ok_or("W1 floor: no current figure")?;
        let get = |i| current.try_get_by_index::<i64>(i).map_err(|e| e.to_string());
        let (old_id, old_value) = (get(0)?, get(1)?);
        let version = current.try_get_by_index::<i32>(2).map_err(|e| e.to_string())?;
        let new_value = value * 10_000;
        let now = Value::ChronoDateTimeUtc(Some(Utc::now()));
        let exec = |sql: String, values: Vec<Value>| {
            let txn = &txn;
            async move { txn.execute_raw(stmt(backend, &sql, values)).await.map(drop).map_err(|e| e.to_string()) }
        };
        exec("UPDATE report SET is_current = FALSE WHERE id = $1".into(), vec![Value::BigInt(Some(old_id))]).await?;
        exec(
            "INSERT INTO report (tenant_id, unit_id, subject, indicator_id, period, year, granularity, value, note, evidence, version, is_current, reported_by, reported_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 'MONTH', $7, '', '[]', $8, TRUE, 1, $9)"
                .into(),
            vec![
                Value::BigInt(Some(town)),
                Value::BigInt(Some(unit)),
                Value::String(Some(subject)),
                Value::BigInt(Some(ind)),
                Value::String(Some(month.clone())),
                Value::Int(Some(YEAR)),
                Value::BigInt(Some(new_value)),
                Value::Int(Some(version + 1)),
                now.clone(),
            ],
        )
        .await?;
        let m: u32 = month.get(5..7).and_then(|x| x.parse().ok()).unwrap_or(1);
        let mut periods = vec![YEAR.to_string(), month.clone(), format!("{YEAR}-Q{}", m.div_ceil(3))];
        periods.sort();
        let mut tenants = vec![ctx.fixture.city, county, town];
        tenants.sort_unstable();
        let mut sql = String::from(
            "INSERT INTO report_aggregate (tenant_id, indicator_id, period, total, subjects, updated_at) VALUES ",
        );
        let mut values = Vec::new();
        for t in &tenants {
            for p in &periods {
                let i = values.len();
                if i > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&format!("(${}, ${}, ${}, ${}, 0, ${})", i + 1, i + 2, i + 3, i + 4, i + 5));
                values.extend([
                    Value::BigInt(Some(*t)),
                    Value::BigInt(Some(ind)),
                    Value::String(Some(p.clone())),
                    Value::BigInt(Some(new_value - old_value)),
                    now.clone(),
                ]);
            }
        }
        sql.push_str(
            " ON CONFLICT (tenant_id, indicator_id, period) DO UPDATE SET total = report_aggregate.total + excluded.total, updated_at = excluded.updated_at",
        );
        exec(sql, values).await?;
        exec(
            "INSERT INTO audit_log (at, actor_user_id, actor_tenant_id, tenant_id, action, entity_type, entity_id, before, after) VALUES ($1, 1, $2, $2, 'REPORT', 'report', $3, NULL, $4)"
                .into(),
            vec![now, Value::BigInt(Some(town)), Value::String(Some(old_id.to_string())), Value::String(Some(format!("{{\"value\":{new_value}}}")))],
        )
        .await?;
        floor_commit(txn).await
    })
}

// ---- W2: an application decision ---------------------------------------------------------------

const W2: &str = "mutation($id: ID!, $v: Int!) { decideApplication(input: { id: $id, version: $v, decision: RECOMMEND }) { id version status currentTenant { code } } }";

/// W2 decides the odd-numbered applications; its floor the even-numbered ones; each run its
/// `part` of them.
pub fn w2_pool(ctx: &Ctx, floor: bool, part: Part) -> Vec<(i64, usize)> {
    let skip = usize::from(!floor);
    part_of(ctx.fixture.applications.iter().skip(skip).step_by(2).copied().collect(), part)
}

pub fn w2(ctx: &Arc<Ctx>, part: Part) -> Op {
    let pool = Arc::new(w2_pool(ctx, false, part));
    op(ctx, move |ctx, _, n| {
        let pool = pool.clone();
        async move {
            let (id, k) = *pool.get(n as usize).ok_or("W2: out of applications")?;
            gql(&ctx.http, &ctx.address, &ctx.township_tokens[k], W2, json!({ "id": id.to_string(), "v": 1 }))
                .await
                .map(drop)
        }
    })
}

/// The same decision by hand: versioned update, timeline event, audit row.
pub fn w2_floor(ctx: &Arc<Ctx>, part: Part) -> Op {
    let pool = Arc::new(w2_pool(ctx, true, part));
    op(ctx, move |ctx, _, n| {
        let pool = pool.clone();
        async move {
            let (id, k) = *pool.get(n as usize).ok_or("W2 floor: out of applications")?;
            let town = ctx.fixture.townships[k];
            let county = ctx.fixture.counties[k / ctx.fixture.shape.townships_per_county];
            let backend = ctx.backend();
            let now = Value::ChronoDateTimeUtc(Some(Utc::now()));
            let txn = floor_txn(&ctx.floor).await.map_err(|e| e.to_string())?;
            let changed = txn
                .execute_raw(stmt(
                    backend,
                    "UPDATE application SET current_tenant_id = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND version = 1",
                    vec![Value::BigInt(Some(county)), now.clone(), Value::BigInt(Some(id))],
                ))
                .await
                .map_err(|e| e.to_string())?
                .rows_affected();
            if changed != 1 {
                return Err("W2 floor: stale version".into());
            }
            txn.execute_raw(stmt(
                backend,
                "INSERT INTO application_event (application_id, unit_tenant_id, action, from_status, to_status, at_tenant_id, actor_user_id, actor_name, reason, at) \
                 VALUES ($1, $2, 'RECOMMEND', 'SUBMITTED', 'SUBMITTED', $2, 1, 'bench', NULL, $3)",
                vec![Value::BigInt(Some(id)), Value::BigInt(Some(town)), now.clone()],
            ))
            .await
            .map_err(|e| e.to_string())?;
            txn.execute_raw(stmt(
                backend,
                "INSERT INTO audit_log (at, actor_user_id, actor_tenant_id, tenant_id, action, entity_type, entity_id, before, after) VALUES ($1, 1, $2, $2, 'RECOMMEND', 'application', $3, NULL, NULL)",
                vec![now, Value::BigInt(Some(town)), Value::String(Some(id.to_string()))],
            ))
            .await
            .map_err(|e| e.to_string())?;
            floor_commit(txn).await
        }
    })
}

// ---- W3: a batch of 1,000 values ---------------------------------------------------------------

const W3: &str = "mutation($r: [ReportInput!]!) { reportBatch(reports: $r) { id } }";

/// Batch `n` of client `c`: up to 1,000 lines over the township's units, the indicators and one
/// month. Returns (township index, month, [(unit, indicator, whole value)]).
pub fn w3_lines(ctx: &Ctx, c: usize, n: u64, clients: usize) -> (usize, String, Vec<(i64, i64, i64)>) {
    let k = ctx.w3_township(c, clients);
    let months = ctx.w1_months();
    let month = months[n as usize % months.len()].clone();
    let mut lines = Vec::new();
    'fill: for ind in &ctx.fixture.indicators {
        for unit in &ctx.fixture.units[k] {
            if lines.len() == 1000 {
                break 'fill;
            }
            lines.push((*unit, *ind, ((n as i64) + unit + ind) % 89));
        }
    }
    (k, month, lines)
}

/// Indicators W3 touches (for the drift check).
pub fn w3_indicators(ctx: &Ctx) -> Vec<i64> {
    let per = ctx.fixture.shape.units_per_township.max(1);
    ctx.fixture.indicators.iter().take(1000usize.div_ceil(per)).copied().collect()
}

pub fn w3(ctx: &Arc<Ctx>, clients: usize) -> Op {
    op(ctx, move |ctx, c, n| async move {
        let (k, month, lines) = w3_lines(&ctx, c, n, clients);
        let r: Vec<Json> = lines
            .iter()
            .map(|(u, i, v)| json!({ "unitId": u.to_string(), "indicatorId": i.to_string(), "period": month, "value": v.to_string() }))
            .collect();
        let body = gql(&ctx.http, &ctx.address, &ctx.township_tokens[k], W3, json!({ "r": r })).await?;
        let saved = body["data"]["reportBatch"].as_array().map_or(0, Vec::len);
        if saved == lines.len() { Ok(()) } else { Err(format!("W3: {saved} of {} saved", lines.len())) }
    })
}

/// The same batch by hand, set-based: lock and read the current figures, retire them, insert
/// the new versions, move the aggregates in one ordered upsert, audit every line, in five
/// statements.
pub fn w3_floor(ctx: &Arc<Ctx>, clients: usize) -> Op {
    op(ctx, move |ctx, c, n| async move {
        let (k, month, lines) = w3_lines(&ctx, c, n + 1_000_000, clients);
        let town = ctx.fixture.townships[k];
        let county = ctx.fixture.counties[k / ctx.fixture.shape.townships_per_county];
        let backend = ctx.backend();
        let inds: Vec<i64> = {
            let mut v: Vec<i64> = lines.iter().map(|l| l.1).collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let lock = if backend == DbBackend::Postgres { " FOR UPDATE" } else { "" };
        let txn = floor_txn(&ctx.floor).await.map_err(|e| e.to_string())?;
        let current = txn
            .query_all_raw(stmt(
                backend,
                &format!(
                    "SELECT id, unit_id, indicator_id, value, version FROM report WHERE tenant_id = $1 AND period = $2 AND is_current = TRUE AND indicator_id IN ({}) ORDER BY id{lock}",
                    id_list(&inds)
                ),
                vec![Value::BigInt(Some(town)), Value::String(Some(month.clone()))],
            ))
            .await
            .map_err(|e| e.to_string())?;
        let mut old = std::collections::HashMap::new();
        for r in &current {
            let get = |i| r.try_get_by_index::<i64>(i).map_err(|e| e.to_string());
            let version = r.try_get_by_index::<i32>(4).map_err(|e| e.to_string())?;
            old.insert((get(1)?, get(2)?), (get(0)?, get(3)?, version));
        }
        let retired: Vec<i64> = lines.iter().filter_map(|(u, i, _)| old.get(&(*u, *i)).map(|o| o.0)).collect();
        if !retired.is_empty() {
            txn.execute_raw(stmt(
                backend,
                &format!("UPDATE report SET is_current = FALSE WHERE id IN ({})", id_list(&retired)),
                vec![],
            ))
            .await
            .map_err(|e| e.to_string())?;
        }
        let now = Value::ChronoDateTimeUtc(Some(Utc::now()));
        let mut sql = String::from(
            "INSERT INTO report (tenant_id, unit_id, subject, indicator_id, period, year, granularity, value, note, evidence, version, is_current, reported_by, reported_at) VALUES ",
        );
        let mut values = vec![Value::BigInt(Some(town)), Value::String(Some(month.clone())), now.clone()];
        let mut audit = String::from(
            "INSERT INTO audit_log (at, actor_user_id, actor_tenant_id, tenant_id, action, entity_type, entity_id, before, after) VALUES ",
        );
        let mut deltas: std::collections::BTreeMap<i64, (i64, i64)> = std::collections::BTreeMap::new();
        for (j, (unit, ind, value)) in lines.iter().enumerate() {
            let (old_value, version) = old.get(&(*unit, *ind)).map_or((0, 0), |o| (o.1, o.2));
            let sep = if j == 0 { "" } else { ", " };
            sql.push_str(&format!(
                "{sep}($1, {unit}, 'u:{unit}', {ind}, $2, {YEAR}, 'MONTH', {}, '', '[]', {}, TRUE, 1, $3)",
                value * 10_000,
                version + 1
            ));
            audit.push_str(&format!("{sep}($3, 1, $1, $1, 'REPORT', 'report', '{unit}:{ind}', NULL, NULL)"));
            let d = deltas.entry(*ind).or_default();
            d.0 += value * 10_000 - old_value;
            d.1 += i64::from(version == 0);
        }
        txn.execute_raw(stmt(backend, &sql, values.clone())).await.map_err(|e| e.to_string())?;
        let m: u32 = month.get(5..7).and_then(|x| x.parse().ok()).unwrap_or(1);
        let mut periods = vec![YEAR.to_string(), month.clone(), format!("{YEAR}-Q{}", m.div_ceil(3))];
        periods.sort();
        let mut tenants = vec![ctx.fixture.city, county, town];
        tenants.sort_unstable();
        let mut upsert = String::from(
            "INSERT INTO report_aggregate (tenant_id, indicator_id, period, total, figures, subjects, updated_at) VALUES ",
        );
        let mut first = true;
        for t in &tenants {
            for (ind, (total, subjects)) in &deltas {
                for p in &periods {
                    upsert.push_str(&format!(
                        "{}({t}, {ind}, '{p}', {total}, {subjects}, {subjects}, $3)",
                        if first { "" } else { ", " }
                    ));
                    first = false;
                }
            }
        }
        upsert.push_str(
            " ON CONFLICT (tenant_id, indicator_id, period) DO UPDATE SET total = report_aggregate.total + excluded.total, figures = report_aggregate.figures + excluded.figures, subjects = report_aggregate.subjects + excluded.subjects, updated_at = excluded.updated_at",
        );
        txn.execute_raw(stmt(backend, &upsert, values.clone())).await.map_err(|e| e.to_string())?;
        values.truncate(3);
        txn.execute_raw(stmt(backend, &audit, values)).await.map_err(|e| e.to_string())?;
        floor_commit(txn).await
    })
}

/// A transaction of a database floor: hand-written SQL measured without the server, so it opens
/// and commits by itself instead of through the server's write path (`BEGIN IMMEDIATE` on SQLite,
/// like the server's writers).
#[allow(clippy::disallowed_methods)]
async fn floor_txn(db: &sea_orm::DatabaseConnection) -> Result<sea_orm::DatabaseTransaction, String> {
    use sea_orm::TransactionTrait as _;
    db.begin_with_options(sea_orm::TransactionOptions {
        sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
    .map_err(|e| e.to_string())
}

#[allow(clippy::disallowed_methods)]
async fn floor_commit(txn: sea_orm::DatabaseTransaction) -> Result<(), String> {
    txn.commit().await.map_err(|e| e.to_string())
}
