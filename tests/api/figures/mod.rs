//! Figures: targets and the decomposition table, reporting, corrections, batches, idempotent
//! retries, submission up the tree with its locks, bounded values, roll-ups that always equal a
//! recomputation from the current figures and are fresh right after every kind of change.
//!
//! The helpers here (operations, roll-up reads, the recomputation) serve the reporting,
//! submission and roll-up stories.

mod bounds;
mod changes;
mod concurrency;
mod corrections;
mod decomposition;
mod freshness;
mod idempotency;
mod reporting;
mod rollups;
mod submissions;
mod targets;

use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::helpers::*;

const REPORT: &str = "mutation($i: ReportInput!, $k: String) { report(input: $i, idempotencyKey: $k) { id value version isCurrent period } }";
const BATCH: &str =
    "mutation($r: [ReportInput!]!, $k: String) { reportBatch(reports: $r, idempotencyKey: $k) { id value version } }";
const ROLLUP: &str = "query($t: ID, $p: String!, $i: [ID!]!) { rollup(tenantId: $t, period: $p, indicatorIds: $i) { indicatorCode target actual acceptedActual completion subjects children { tenant { code } actual share accepted } } }";
const SUBMIT: &str = "mutation($p: String!, $v: Int, $w: [WaiverInput!]! = []) { submitPeriod(period: $p, version: $v, waivers: $w) { id version status } }";
const DECIDE: &str = "mutation($id: ID!, $v: Int!, $d: SubmissionDecision!, $r: String) { decideSubmission(id: $id, version: $v, decision: $d, reason: $r) { id version status statusLabel } }";

async fn rollup(actor: &Actor<'_>, tenant: Option<&str>, period: &str, ind: &str) -> Value {
    let body = actor.gql(ROLLUP, json!({ "t": tenant, "p": period, "i": [ind] })).await;
    assert_ok(&body);
    body["data"]["rollup"][0].clone()
}

fn d(v: &Value) -> Decimal {
    v.as_str().unwrap_or("0").parse().unwrap()
}

fn child<'a>(r: &'a Value, code: &str) -> &'a Value {
    r["children"].as_array().unwrap().iter().find(|c| c["tenant"]["code"] == code).unwrap()
}

/// A small deterministic generator, so a failing sequence can be replayed.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// Recomputes the SUM roll-up of every tenant of the city from the current reports.
async fn assert_rollups_match_recomputation(app: &TestApp, ind: &str, periods: &[&str]) {
    let city = app.actor(CITY_ADMIN).await;
    let tenants = city.gql("{ tenants(first: 100) { edges { node { id code } } } }", json!({})).await;
    let tenants: Vec<(String, String)> = tenants["data"]["tenants"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["node"]["id"].as_str().unwrap().to_owned(), e["node"]["code"].as_str().unwrap().to_owned()))
        .collect();
    for period in periods {
        let mut reports = Vec::new();
        let mut after = Value::Null;
        loop {
            let body = city
                .gql("query($i: ID!, $a: String) { reports(first: 100, after: $a, filter: {indicatorId: $i}) { pageInfo { hasNextPage endCursor } edges { node { tenantId period value } } } }", json!({ "i": ind, "a": after }))
                .await;
            let conn = &body["data"]["reports"];
            reports.extend(conn["edges"].as_array().unwrap().iter().map(|e| e["node"].clone()));
            if conn["pageInfo"]["hasNextPage"] != true {
                break;
            }
            after = conn["pageInfo"]["endCursor"].clone();
        }
        for (id, code) in &tenants {
            let expected: Decimal = reports
                .iter()
                .filter(|r| {
                    let owner = tenants.iter().find(|(tid, _)| tid == r["tenantId"].as_str().unwrap()).unwrap();
                    owner.1.starts_with(subtree_prefix(code)) && covers(period, r["period"].as_str().unwrap())
                })
                .map(|r| d(&r["value"]))
                .sum();
            let got = rollup(&city, Some(id), period, ind).await;
            let got = if got["actual"].is_null() { Decimal::ZERO } else { d(&got["actual"]) };
            assert_eq!(got, expected, "tenant {code}, period {period}: roll-up {got}, recomputed {expected}");
        }
    }
}

/// Division codes of a tenant's subtree start with this: a city's first four digits, a county's
/// six, a township's nine.
fn subtree_prefix(code: &str) -> &str {
    if code.len() == 6 && code.ends_with("00") { &code[..4] } else { code }
}

/// Whether a report of `reported` counts in `period` (same period, or one that rolls into it).
fn covers(period: &str, reported: &str) -> bool {
    if period == reported {
        return true;
    }
    let (py, pr) = period.split_once('-').map(|(y, r)| (y, Some(r))).unwrap_or((period, None));
    let (ry, rr) = reported.split_once('-').map(|(y, r)| (y, Some(r))).unwrap_or((reported, None));
    if py != ry {
        return false;
    }
    match (pr, rr) {
        (None, Some(_)) => true,
        (Some(q), Some(m)) if q.starts_with('Q') && !m.starts_with('Q') => {
            let q: u32 = q[1..].parse().unwrap();
            let m: u32 = m.parse().unwrap();
            (m - 1) / 3 + 1 == q
        }
        _ => false,
    }
}
