//! Performance assessment (绩效考评): schemes, rounds, the per-assessee workflow with both
//! combine rules and the bonus cap, the recheck window, roles and levels, sibling isolation,
//! versions, the ranking's tie rule, and the notice export (xlsx and CSV) against the API.

mod evidence_files;
mod ranking;
mod rules;
mod schemes;
mod siblings;
mod workflow;

use serde_json::{Value, json};

use crate::helpers::*;

/// Rounds the actor can see.
async fn rounds(actor: &Actor<'_>) -> i64 {
    let body = actor.gql("{ assessmentRounds(first: 50) { totalCount } }", json!({})).await;
    body["data"]["assessmentRounds"]["totalCount"].as_i64().unwrap()
}

/// Whether a round uses the scheme.
async fn frozen(actor: &Actor<'_>, scheme: &Value) -> bool {
    let body = actor.gql("query($s: ID!) { assessmentScheme(id: $s) { frozenAt } }", json!({ "s": scheme })).await;
    body["data"]["assessmentScheme"]["frozenAt"].is_string()
}

/// A deadline still ahead whenever the suite runs (an input date lies at most two years ahead).
fn deadline() -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(365)).to_string()
}

const RONGAN: &str = "450224";
const RONGSHUI: &str = "450225";
const SANJIANG: &str = "450226";
/// 寨沙镇, a township of 鹿寨县.
const ZHAISHA: &str = "450223102";
const INSPECTOR: &str = "liuzhou.inspector";

const CREATE_SCHEME: &str = "mutation($i: AssessmentSchemeInput!) { createAssessmentScheme(input: $i) { id version revision frozenAt maxTotal(kind: TENANT) criteria { id title bonus maxScore } } }";
const OPEN_ROUND: &str = "mutation($i: OpenAssessmentRoundInput!) { openAssessmentRound(input: $i) { id version status records(first: 50) { edges { node { id version status assesseeTenant { code } } } } } }";
const REC: &str = "id version status resultsVisible deskTotal baseScore bonusScore totalScore objection reply recheckUntil scores { criterion { id title } selfScore evidence deskScore deskComment fieldScore finalScore }";

/// Ordinary criteria 10 + 20 + 70 = 100 points; bonus items 4 and 3, capped at 5.
fn scheme_input(name: &str) -> Value {
    json!({
        "year": 2026, "name": name, "bonusCap": "5",
        "aspects": [
            { "name": "组织领导", "items": [{ "name": "组织机构", "criteria": [
                { "title": "领导小组", "maxScore": "10", "evidence": "成立文件" },
                { "title": "工作方案", "maxScore": "20" } ] }] },
            { "name": "创建成效", "items": [{ "name": "示范创建", "criteria": [
                { "title": "示范单位", "maxScore": "70" } ] }] }
        ],
        "bonusItems": [ { "title": "上级表彰", "maxScore": "4" }, { "title": "经验推广", "maxScore": "3" } ]
    })
}

struct Round {
    id: String,
    version: i64,
    scheme_id: String,
    /// The REVIEWER of the assessing level: desk verification, combining, feedback, finalising.
    reviewer: &'static str,
    /// Criterion ids in scheme order: 领导小组, 工作方案, 示范单位, 上级表彰, 经验推广.
    criteria: Vec<String>,
    /// (assessee code, record) as opened.
    records: Vec<(String, Value)>,
}

impl Round {
    fn record(&self, code: &str) -> Value {
        self.records.iter().find(|(c, _)| c == code).unwrap().1.clone()
    }
}

/// The people of a round: its ADMIN (who defines the scheme and opens it) and REVIEWER, the
/// field working groups as (group, its one member), and the assessees as (code, group).
struct Cast<'a> {
    admin: &'a str,
    reviewer: &'static str,
    groups: &'a [(&'a str, &'a str)],
    assessees: &'a [(&'a str, &'a str)],
}

/// Opens a round `name` of `cast.admin`'s level with a new scheme `scheme` (`scheme_input`).
async fn open_round(app: &TestApp, cast: Cast<'_>, scheme: &str, name: &str, rule: &str, recheck_days: i64) -> Round {
    let admin = app.actor(cast.admin).await;
    let s = admin.gql(CREATE_SCHEME, json!({ "i": scheme_input(scheme) })).await;
    assert_ok(&s);
    let s = &s["data"]["createAssessmentScheme"];
    assert_eq!(s["maxTotal"], "105");
    let criteria: Vec<String> =
        s["criteria"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect();
    let mut groups = Vec::new();
    for (group, member) in cast.groups {
        groups.push(json!({ "name": group, "memberIds": [app.user_id(member).await] }));
    }
    let mut assessees = Vec::new();
    for (code, group) in cast.assessees {
        assessees.push(json!({ "tenantId": app.tenant_id(code).await, "fieldGroup": group }));
    }
    let input = json!({
        "schemeId": s["id"], "name": name, "deadline": deadline(), "combineRule": rule,
        "deskWeight": 40, "fieldWeight": 60, "recheckDays": recheck_days,
        "excellentMin": "90", "goodMin": "80", "passMin": "60",
        "fieldGroups": groups, "assessees": assessees,
    });
    let r = admin.gql(OPEN_ROUND, json!({ "i": input })).await;
    assert_ok(&r);
    let r = &r["data"]["openAssessmentRound"];
    let records = r["records"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["node"]["assesseeTenant"]["code"].as_str().unwrap().to_owned(), e["node"].clone()))
        .collect();
    Round {
        id: r["id"].as_str().unwrap().to_owned(),
        version: r["version"].as_i64().unwrap(),
        scheme_id: s["id"].as_str().unwrap().to_owned(),
        reviewer: cast.reviewer,
        criteria,
        records,
    }
}

/// The variables of an opening with `scheme`: one field working group 组 of `members` (user ids)
/// verifying the one `assessee` (an `AssesseeInput` but its group: `{ "tenantId": … }` or
/// `{ "unitId": … }`).
fn one_group_input(scheme: &Value, members: &[&str], mut assessee: Value) -> Value {
    assessee["fieldGroup"] = json!("组");
    json!({ "i": {
        "schemeId": scheme, "name": "x", "deadline": deadline(), "combineRule": "FIELD_OVERRIDES_DESK",
        "excellentMin": "90", "goodMin": "80", "passMin": "60",
        "fieldGroups": [{ "name": "组", "memberIds": members }],
        "assessees": [assessee] } })
}

/// The city opens a round over 融安, 融水 and 三江: 融安 and 融水 in group 一组 (the inspector),
/// 三江 in group 二组 (the city admin).
async fn open_city_round(app: &TestApp, rule: &str, recheck_days: i64) -> Round {
    let cast = Cast {
        admin: CITY_ADMIN,
        reviewer: CITY_REVIEWER,
        groups: &[("一组", INSPECTOR), ("二组", CITY_ADMIN)],
        assessees: &[(RONGAN, "一组"), (RONGSHUI, "一组"), (SANJIANG, "二组")],
    };
    open_round(app, cast, "测试考评方案", "测试轮次", rule, recheck_days).await
}

/// 鹿寨县 opens a round over its township 寨沙镇, verified on site by its reviewer.
async fn open_luzhai_round(app: &TestApp) -> Round {
    let cast = Cast {
        admin: LUZHAI_ADMIN,
        reviewer: LUZHAI_REVIEWER,
        groups: &[("组", LUZHAI_REVIEWER)],
        assessees: &[(ZHAISHA, "组")],
    };
    open_round(app, cast, "鹿寨方案", "鹿寨县考评", "FIELD_OVERRIDES_DESK", 5).await
}

fn scores(criteria: &[String], values: &[&str]) -> Value {
    Value::Array(
        criteria
            .iter()
            .zip(values)
            .filter(|(_, v)| !v.is_empty())
            .map(|(c, v)| json!({ "criterionId": c, "score": v, "comment": "意见", "evidence": ["台账/1.pdf"] }))
            .collect(),
    )
}

/// Runs a scored step (`saveSelfAssessment`, `verifyAssessmentDesk`, `verifyAssessmentField`).
async fn scored(actor: &Actor<'_>, op: &str, rec: &Value, s: Value) -> Value {
    let q = format!(
        "mutation($id: ID!, $v: Int!, $s: [AssessmentScoreInput!]!) {{ {op}(input: {{id: $id, version: $v, scores: $s}}) {{ {REC} }} }}"
    );
    actor.gql(&q, json!({ "id": rec["id"], "v": rec["version"], "s": s })).await
}

/// Runs a plain step (`submitSelfAssessment`, `combineAssessment`, …).
async fn plain(actor: &Actor<'_>, op: &str, rec: &Value) -> Value {
    let q = format!("mutation($id: ID!, $v: Int!) {{ {op}(id: $id, version: $v) {{ {REC} }} }}");
    actor.gql(&q, json!({ "id": rec["id"], "v": rec["version"] })).await
}

async fn recheck(actor: &Actor<'_>, rec: &Value, objection: &str) -> Value {
    let q = format!(
        "mutation($id: ID!, $v: Int!, $o: String!) {{ requestAssessmentRecheck(id: $id, version: $v, objection: $o) {{ {REC} }} }}"
    );
    actor.gql(&q, json!({ "id": rec["id"], "v": rec["version"], "o": objection })).await
}

async fn resolve(actor: &Actor<'_>, rec: &Value, reply: &str, s: Value) -> Value {
    let q = format!(
        "mutation($id: ID!, $v: Int!, $r: String!, $s: [AssessmentScoreInput!]!) {{ resolveAssessmentRecheck(input: {{id: $id, version: $v, reply: $r, scores: $s}}) {{ {REC} }} }}"
    );
    actor.gql(&q, json!({ "id": rec["id"], "v": rec["version"], "r": reply, "s": s })).await
}

async fn get_record(actor: &Actor<'_>, id: &Value) -> Value {
    let q = format!(
        "query($id: ID!) {{ assessmentRecord(id: $id) {{ {REC} timeline {{ action toStatus atTenant {{ code }} }} }} }}"
    );
    actor.gql(&q, json!({ "id": id })).await
}

#[track_caller]
fn ok(body: Value, op: &str) -> Value {
    assert_ok(&body);
    body["data"][op].clone()
}

fn reporter_of(code: &str) -> &'static str {
    match code {
        RONGAN => "rongan.reporter",
        RONGSHUI => "rongshui.reporter",
        ZHAISHA => ZHAISHA_REPORTER,
        _ => "sanjiang.reporter",
    }
}

/// The member of the field working group that verifies `code` (see `open_city_round` and
/// `open_luzhai_round`).
fn fielder_of(code: &str) -> &'static str {
    match code {
        SANJIANG => CITY_ADMIN,
        ZHAISHA => LUZHAI_REVIEWER,
        _ => INSPECTOR,
    }
}

/// Takes a record from SELF_ASSESSMENT to COMBINED with the given self, desk and field scores.
async fn to_combined(app: &TestApp, round: &Round, code: &str, desk: &[&str], field: &[&str]) -> Value {
    let reporter = app.actor(reporter_of(code)).await;
    let reviewer = app.actor(round.reviewer).await;
    let fielder = app.actor(fielder_of(code)).await;
    let rec = round.record(code);
    let rec = ok(
        scored(&reporter, "saveSelfAssessment", &rec, scores(&round.criteria, &["10", "20", "70", "4", "3"])).await,
        "saveSelfAssessment",
    );
    let rec = ok(plain(&reporter, "submitSelfAssessment", &rec).await, "submitSelfAssessment");
    let rec = ok(
        scored(&reviewer, "verifyAssessmentDesk", &rec, scores(&round.criteria, desk)).await,
        "verifyAssessmentDesk",
    );
    let rec = ok(
        scored(&fielder, "verifyAssessmentField", &rec, scores(&round.criteria, field)).await,
        "verifyAssessmentField",
    );
    ok(plain(&reviewer, "combineAssessment", &rec).await, "combineAssessment")
}

fn finals(rec: &Value) -> Vec<String> {
    rec["scores"].as_array().unwrap().iter().map(|s| s["finalScore"].as_str().unwrap_or("-").to_owned()).collect()
}

/// Takes one record from COMBINED to FINAL (feedback, accept, finalise).
async fn finish(app: &TestApp, round: &Round, code: &str, rec: Value) -> Value {
    let reviewer = app.actor(round.reviewer).await;
    let reporter = app.actor(reporter_of(code)).await;
    let rec = ok(plain(&reviewer, "sendAssessmentFeedback", &rec).await, "sendAssessmentFeedback");
    let rec = ok(plain(&reporter, "acceptAssessment", &rec).await, "acceptAssessment");
    ok(plain(&reviewer, "finalizeAssessment", &rec).await, "finalizeAssessment")
}

const PUBLISH: &str =
    "mutation($id: ID!, $v: Int!) { publishAssessmentRound(id: $id, version: $v) { id version status } }";

/// Walks every record of the round to FINAL with the same desk scores (no field scores), then
/// its reviewer publishes it. Returns the records as finalised.
async fn publish_with(app: &TestApp, round: &Round, desk: &[&str]) -> Vec<(String, Value)> {
    let mut combined = Vec::new();
    for (code, _) in &round.records {
        combined.push((code.clone(), to_combined(app, round, code, desk, &[]).await));
    }
    let mut finals = Vec::new();
    for (code, rec) in combined {
        let rec = finish(app, round, &code, rec).await;
        finals.push((code, rec));
    }
    let reviewer = app.actor(round.reviewer).await;
    let published =
        ok(reviewer.gql(PUBLISH, json!({ "id": round.id, "v": round.version })).await, "publishAssessmentRound");
    assert_eq!(published["status"], "PUBLISHED");
    finals
}

const RESULTS: &str = "query($r: ID!) { assessmentResults(roundId: $r) { rank code name total base bonus deskTotal grade gradeLabel aspects { aspect score } } }";

/// NOT_FOUND when the caller has the role for the operation; FORBIDDEN (for the role) otherwise.
#[track_caller]
fn hidden(body: &Value, has_role: bool) {
    assert_code(body, if has_role { "NOT_FOUND" } else { "FORBIDDEN" });
}

/// The notice's sheet 通报: the title row (row 0), then from row 2 the header and the rows.
fn xlsx_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut book = crate::xlsx::workbook(bytes);
    assert_eq!(book.len(), 1, "one sheet");
    let (name, rows) = book.remove(0);
    assert_eq!(name, "通报");
    assert!(rows[0][0].contains("考评结果通报") && rows[0][0].contains("北京时间"), "{:?}", rows[0]);
    // Numbers are numbers: written as 94 or 94.5, read back the way the API shows them.
    rows[2..]
        .iter()
        .map(|r| r.iter().map(|c| c.parse::<f64>().map(|x| x.to_string()).unwrap_or(c.clone())).collect())
        .collect()
}

/// GET `/exports/assessment-rounds/{round}/{file}` with `actor`'s bearer token.
async fn notice(app: &TestApp, actor: &Actor<'_>, round: &str, file: &str) -> reqwest::Response {
    let url = app.url(&format!("/exports/assessment-rounds/{round}/{file}"));
    app.client.get(url).bearer_auth(&actor.access).send().await.unwrap()
}

/// The rows of a notice in CSV (UTF-8 with a byte-order mark).
async fn csv_rows(resp: reqwest::Response) -> Vec<Vec<String>> {
    let bytes = resp.bytes().await.unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 with a BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    text.lines().map(|l| l.split(',').map(str::to_owned).collect()).collect()
}

fn api_rows(results: &Value) -> Vec<Vec<String>> {
    results
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let mut row = vec![
                r["rank"].to_string(),
                r["name"].as_str().unwrap().to_owned(),
                r["code"].as_str().unwrap().to_owned(),
            ];
            row.extend(r["aspects"].as_array().unwrap().iter().map(|a| a["score"].as_str().unwrap().to_owned()));
            for k in ["base", "bonus", "total", "gradeLabel"] {
                row.push(r[k].as_str().unwrap().to_owned());
            }
            row
        })
        .collect()
}
