//! Performance assessment (绩效考评): schemes, rounds, the per-assessee workflow with both
//! combine rules and the bonus cap, the recheck window, roles and levels, sibling isolation,
//! versions, the ranking's tie rule, and the notice export (xlsx and CSV) against the API.

use std::io::Read as _;

use serde_json::{Value, json};

use crate::helpers::*;

const RONGAN: &str = "450224";
const RONGSHUI: &str = "450225";
const SANJIANG: &str = "450226";
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
    /// Criterion ids in scheme order: 领导小组, 工作方案, 示范单位, 上级表彰, 经验推广.
    criteria: Vec<String>,
    /// (county code, record) as opened.
    records: Vec<(String, Value)>,
}

impl Round {
    fn record(&self, code: &str) -> Value {
        self.records.iter().find(|(c, _)| c == code).unwrap().1.clone()
    }
}

/// The city opens a round over 融安, 融水 and 三江: 融安 and 融水 in group 一组 (the inspector),
/// 三江 in group 二组 (the city admin).
async fn open_city_round(app: &TestApp, rule: &str, recheck_days: i64) -> Round {
    let admin = app.actor(CITY_ADMIN).await;
    let s = admin.gql(CREATE_SCHEME, json!({ "i": scheme_input("测试考评方案") })).await;
    assert_ok(&s);
    let s = &s["data"]["createAssessmentScheme"];
    assert_eq!(s["maxTotal"], "105");
    let criteria: Vec<String> =
        s["criteria"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect();
    let inspector = app.user_id(INSPECTOR).await;
    let mut assessees = Vec::new();
    for (code, group) in [(RONGAN, "一组"), (RONGSHUI, "一组"), (SANJIANG, "二组")] {
        assessees.push(json!({ "tenantId": app.tenant_id(code).await, "fieldGroup": group }));
    }
    let input = json!({
        "schemeId": s["id"], "name": "测试轮次", "deadline": "2099-12-31", "combineRule": rule,
        "deskWeight": 40, "fieldWeight": 60, "recheckDays": recheck_days,
        "excellentMin": "90", "goodMin": "80", "passMin": "60",
        "fieldGroups": [ { "name": "一组", "memberIds": [inspector] }, { "name": "二组", "memberIds": [admin.user_id] } ],
        "assessees": assessees,
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
    Round { id: r["id"].as_str().unwrap().to_owned(), version: r["version"].as_i64().unwrap(), criteria, records }
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
        _ => "sanjiang.reporter",
    }
}

/// Takes a record from SELF_ASSESSMENT to COMBINED with the given self, desk and field scores.
async fn to_combined(app: &TestApp, round: &Round, code: &str, desk: &[&str], field: &[&str]) -> Value {
    let reporter = app.actor(reporter_of(code)).await;
    let reviewer = app.actor(CITY_REVIEWER).await;
    let fielder = app.actor(if code == SANJIANG { CITY_ADMIN } else { INSPECTOR }).await;
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

#[tokio::test]
async fn the_whole_workflow_with_field_overriding_desk_and_the_bonus_cap() {
    let app = spawn_app().await;
    let round = open_city_round(&app, "FIELD_OVERRIDES_DESK", 5).await;
    let reporter = app.actor("rongan.reporter").await;
    let reviewer = app.actor(CITY_REVIEWER).await;
    let inspector = app.actor(INSPECTOR).await;

    // Self-assessment: scores and ledger evidence; nothing missing, nothing above its maximum.
    let rec = round.record(RONGAN);
    let too_high = scored(&reporter, "saveSelfAssessment", &rec, scores(&round.criteria, &["11"])).await;
    assert_code(&too_high, "BAD_USER_INPUT");
    let rec = ok(
        scored(&reporter, "saveSelfAssessment", &rec, scores(&round.criteria, &["9", "18"])).await,
        "saveSelfAssessment",
    );
    assert_code(&plain(&reporter, "submitSelfAssessment", &rec).await, "BAD_USER_INPUT");
    let rec = ok(
        scored(&reporter, "saveSelfAssessment", &rec, scores(&round.criteria, &["", "", "65"])).await,
        "saveSelfAssessment",
    );
    assert_eq!(rec["scores"][0]["evidence"], json!(["台账/1.pdf"]));
    let rec = ok(plain(&reporter, "submitSelfAssessment", &rec).await, "submitSelfAssessment");
    assert_eq!(rec["status"], "SUBMITTED");

    // Desk (first result) must score every criterion; the field group scores what it checked.
    let partial = scored(&reviewer, "verifyAssessmentDesk", &rec, scores(&round.criteria, &["8"])).await;
    assert_code(&partial, "BAD_USER_INPUT");
    let rec = ok(
        scored(&reviewer, "verifyAssessmentDesk", &rec, scores(&round.criteria, &["8", "18", "60", "4", "3"])).await,
        "verifyAssessmentDesk",
    );
    assert_eq!(rec["deskTotal"], "91", "86 + bonus 7 capped at 5");
    let rec = ok(
        scored(&inspector, "verifyAssessmentField", &rec, scores(&round.criteria, &["", "15.5", "66"])).await,
        "verifyAssessmentField",
    );
    // The assessee sees its self-assessment but no verification result before feedback.
    let seen = get_record(&reporter, &rec["id"]).await["data"]["assessmentRecord"].clone();
    assert_eq!(seen["status"], "FIELD_VERIFIED");
    assert_eq!(seen["resultsVisible"], false);
    assert_eq!(seen["scores"][0]["selfScore"], "9");
    assert!(seen["scores"].as_array().unwrap().iter().all(|s| s["deskScore"].is_null() && s["fieldScore"].is_null()));
    assert_eq!(seen["scores"][0]["deskComment"], "");
    assert!(seen["deskTotal"].is_null());

    let rec = ok(plain(&reviewer, "combineAssessment", &rec).await, "combineAssessment");
    assert_eq!(finals(&rec), ["8", "15.5", "66", "4", "3"]);
    assert_eq!((rec["baseScore"].as_str(), rec["bonusScore"].as_str()), (Some("89.5"), Some("5")));
    assert_eq!(rec["totalScore"], "94.5");
    let hidden = get_record(&reporter, &rec["id"]).await["data"]["assessmentRecord"].clone();
    assert!(hidden["totalScore"].is_null(), "combined but not fed back: {hidden}");

    let rec = ok(plain(&reviewer, "sendAssessmentFeedback", &rec).await, "sendAssessmentFeedback");
    let seen = get_record(&reporter, &rec["id"]).await["data"]["assessmentRecord"].clone();
    assert_eq!(seen["resultsVisible"], true);
    assert_eq!(seen["totalScore"], "94.5");
    assert_eq!(seen["scores"][1]["fieldScore"], "15.5");
    assert_eq!(seen["scores"][1]["deskComment"], "意见");

    let rec = ok(plain(&reporter, "acceptAssessment", &rec).await, "acceptAssessment");
    let rec = ok(plain(&reviewer, "finalizeAssessment", &rec).await, "finalizeAssessment");
    assert_eq!(rec["status"], "FINAL");
    let t = get_record(&reviewer, &rec["id"]).await;
    let steps: Vec<(&str, &str)> = t["data"]["assessmentRecord"]["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap(), e["atTenant"]["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        steps,
        [
            ("OPEN", "450200"),
            ("SAVE_SELF", RONGAN),
            ("SAVE_SELF", RONGAN),
            ("SUBMIT", RONGAN),
            ("VERIFY_DESK", "450200"),
            ("VERIFY_FIELD", "450200"),
            ("COMBINE", "450200"),
            ("SEND_FEEDBACK", "450200"),
            ("ACCEPT", RONGAN),
            ("FINALIZE", "450200"),
        ]
    );
    // Each step left an audit row.
    let log = app
        .actor(CITY_ADMIN)
        .await
        .gql(
            "query($f: AuditLogFilter) { auditLog(first: 100, filter: $f) { totalCount } }",
            json!({ "f": { "entityType": "assessment_record", "entityId": rec["id"] } }),
        )
        .await;
    assert_eq!(log["data"]["auditLog"]["totalCount"], 9, "{log}");
}

#[tokio::test]
async fn the_weighted_mean_combines_per_criterion_and_keeps_the_desk_score_elsewhere() {
    let app = spawn_app().await;
    let round = open_city_round(&app, "WEIGHTED_MEAN", 5).await;
    // desk 8, field 5 -> 8×0.4 + 5×0.6 = 6.2; desk 20, no field -> 20; desk 70, field 55 -> 61;
    // bonus 4 and 3 (7) capped at 5.
    let rec = to_combined(&app, &round, RONGSHUI, &["8", "20", "70", "4", "3"], &["5", "", "55"]).await;
    assert_eq!(finals(&rec), ["6.2", "20", "61", "4", "3"]);
    assert_eq!(rec["baseScore"], "87.2");
    assert_eq!(rec["bonusScore"], "5");
    assert_eq!(rec["totalScore"], "92.2");
    // The assessee's own ADMIN cannot read the results early through the audit log either.
    let log = app
        .actor(RONGSHUI_ADMIN)
        .await
        .gql(
            "query($f: AuditLogFilter) { auditLog(first: 100, filter: $f) { totalCount } }",
            json!({ "f": { "entityType": "assessment_record" } }),
        )
        .await;
    assert_eq!(log["data"]["auditLog"]["totalCount"], 0, "{log}");
}

#[tokio::test]
async fn a_recheck_is_only_possible_within_the_window() {
    let app = spawn_app().await;
    let reviewer = app.actor(CITY_REVIEWER).await;
    // A zero-day window: closed as soon as the feedback is sent.
    let closed = open_city_round(&app, "FIELD_OVERRIDES_DESK", 0).await;
    let rec = to_combined(&app, &closed, RONGAN, &["8", "18", "60", "0", "0"], &[]).await;
    let rec = ok(plain(&reviewer, "sendAssessmentFeedback", &rec).await, "sendAssessmentFeedback");
    let rongan = app.actor("rongan.reporter").await;
    let late = recheck(&rongan, &rec, "分数偏低").await;
    assert_code(&late, "CONFLICT");
    assert!(late["errors"][0]["message"].as_str().unwrap().contains("recheck window closed"), "{late}");
    // Once the window closed, the assessing level may finalise without an answer.
    let rec = ok(plain(&reviewer, "finalizeAssessment", &rec).await, "finalizeAssessment");
    assert_eq!(rec["status"], "FINAL");

    // A five-day window: the assessee objects; the reviewer answers and revises a score.
    let open = open_city_round(&app, "FIELD_OVERRIDES_DESK", 5).await;
    let rec = to_combined(&app, &open, RONGAN, &["8", "18", "60", "0", "0"], &[]).await;
    let rec = ok(plain(&reviewer, "sendAssessmentFeedback", &rec).await, "sendAssessmentFeedback");
    assert!(rec["recheckUntil"].is_string());
    assert_code(&plain(&reviewer, "finalizeAssessment", &rec).await, "CONFLICT");
    assert_code(&recheck(&rongan, &rec, "   ").await, "BAD_USER_INPUT");
    let rec = ok(recheck(&rongan, &rec, "示范单位台账漏报一份").await, "requestAssessmentRecheck");
    assert_eq!(rec["status"], "RECHECK_REQUESTED");
    let rec = ok(
        resolve(&reviewer, &rec, "经复核补计一个示范单位", scores(&open.criteria, &["", "", "65"])).await,
        "resolveAssessmentRecheck",
    );
    assert_eq!(rec["status"], "FINAL");
    assert_eq!(rec["totalScore"], "91");
    assert_eq!(rec["reply"], "经复核补计一个示范单位");
}

#[tokio::test]
async fn wrong_roles_and_levels_are_refused() {
    let app = spawn_app().await;
    let round = open_city_round(&app, "FIELD_OVERRIDES_DESK", 5).await;
    let rec = round.record(RONGSHUI);
    let self_scores = scores(&round.criteria, &["10", "20", "70"]);
    // Only the assessee's own REPORTER self-assesses: not the city's reporter, not the county admin.
    for who in ["liuzhou.reporter", RONGSHUI_ADMIN, RONGSHUI_REVIEWER] {
        let body = scored(&app.actor(who).await, "saveSelfAssessment", &rec, self_scores.clone()).await;
        assert_code(&body, "FORBIDDEN");
    }
    let reporter = app.actor("rongshui.reporter").await;
    let rec = ok(scored(&reporter, "saveSelfAssessment", &rec, self_scores).await, "saveSelfAssessment");
    let rec = ok(plain(&reporter, "submitSelfAssessment", &rec).await, "submitSelfAssessment");
    let desk = scores(&round.criteria, &["8", "18", "60", "0", "0"]);
    // Desk verification: a REVIEWER of the round's level; the assessee's own reviewer sees its
    // record but is at the wrong level; a reporter lacks the role.
    assert_code(
        &scored(&app.actor(RONGSHUI_REVIEWER).await, "verifyAssessmentDesk", &rec, desk.clone()).await,
        "FORBIDDEN",
    );
    assert_code(&scored(&reporter, "verifyAssessmentDesk", &rec, desk.clone()).await, "FORBIDDEN");
    let reviewer = app.actor(CITY_REVIEWER).await;
    let rec = ok(scored(&reviewer, "verifyAssessmentDesk", &rec, desk).await, "verifyAssessmentDesk");
    // Field verification: only the assigned group (一组: the inspector), not another city user.
    for who in [CITY_ADMIN, CITY_REVIEWER] {
        let body = scored(&app.actor(who).await, "verifyAssessmentField", &rec, json!([])).await;
        assert_code(&body, "FORBIDDEN");
    }
    // Steps out of order are CONFLICT.
    assert_code(&plain(&reviewer, "sendAssessmentFeedback", &rec).await, "CONFLICT");
    assert_code(&plain(&reporter, "acceptAssessment", &rec).await, "CONFLICT");
    // Publishing needs every record FINAL.
    let publish = "mutation($id: ID!, $v: Int!) { publishAssessmentRound(id: $id, version: $v) { status } }";
    assert_code(&reviewer.gql(publish, json!({ "id": round.id, "v": round.version })).await, "CONFLICT");
    assert_code(
        &app.actor(CITY_VIEWER).await.gql(publish, json!({ "id": round.id, "v": round.version })).await,
        "FORBIDDEN",
    );
    // Schemes and rounds are the ADMIN's; a county admin cannot open a round over the city's
    // counties or with the city's scheme.
    assert_code(
        &app.actor(CITY_REVIEWER).await.gql(CREATE_SCHEME, json!({ "i": scheme_input("x") })).await,
        "FORBIDDEN",
    );
    let rongshui_admin = app.actor(RONGSHUI_ADMIN).await;
    let own =
        ok(rongshui_admin.gql(CREATE_SCHEME, json!({ "i": scheme_input("融水方案") })).await, "createAssessmentScheme");
    let input = |scheme: &Value, tenant: String| {
        json!({ "i": {
            "schemeId": scheme, "name": "x", "deadline": "2099-01-01", "combineRule": "FIELD_OVERRIDES_DESK",
            "excellentMin": "90", "goodMin": "80", "passMin": "60",
            "fieldGroups": [{ "name": "组", "memberIds": [rongshui_admin.user_id.clone()] }],
            "assessees": [{ "tenantId": tenant, "fieldGroup": "组" }] } })
    };
    let sanjiang = app.tenant_id(SANJIANG).await;
    let body = rongshui_admin.gql(OPEN_ROUND, input(&own["id"], sanjiang)).await;
    assert_code(&body, "NOT_FOUND");
    let city_scheme = app
        .actor(CITY_ADMIN)
        .await
        .gql("query($r: ID!) { assessmentRound(id: $r) { scheme { id } } }", json!({ "r": round.id }))
        .await;
    let anta = app.tenant_id("450225203").await;
    let body =
        rongshui_admin.gql(OPEN_ROUND, input(&city_scheme["data"]["assessmentRound"]["scheme"]["id"], anta)).await;
    assert_code(&body, "NOT_FOUND");
}

#[tokio::test]
async fn a_stale_version_is_a_conflict() {
    let app = spawn_app().await;
    let round = open_city_round(&app, "FIELD_OVERRIDES_DESK", 5).await;
    let reporter = app.actor("sanjiang.reporter").await;
    let rec = round.record(SANJIANG);
    ok(scored(&reporter, "saveSelfAssessment", &rec, scores(&round.criteria, &["1"])).await, "saveSelfAssessment");
    let stale = scored(&reporter, "saveSelfAssessment", &rec, scores(&round.criteria, &["2"])).await;
    assert_code(&stale, "CONFLICT");
    assert_eq!(stale["errors"][0]["extensions"]["field"], "version");
    let now = get_record(&reporter, &rec["id"]).await;
    assert_eq!(now["data"]["assessmentRecord"]["scores"][0]["selfScore"], "1");
}

#[tokio::test]
async fn schemes_are_versioned_and_frozen_once_a_round_uses_them() {
    let app = spawn_app().await;
    let admin = app.actor(CITY_ADMIN).await;
    let update = "mutation($id: ID!, $v: Int!, $i: AssessmentSchemeInput!) { updateAssessmentScheme(id: $id, version: $v, input: $i) { version bonusCap criteria { title } } }";
    let first = ok(admin.gql(CREATE_SCHEME, json!({ "i": scheme_input("年度方案") })).await, "createAssessmentScheme");
    assert_eq!(first["revision"], 1);
    let mut changed = scheme_input("年度方案");
    changed["bonusCap"] = json!("6");
    let upd = ok(
        admin.gql(update, json!({ "id": first["id"], "v": first["version"], "i": changed })).await,
        "updateAssessmentScheme",
    );
    assert_eq!(upd["bonusCap"], "6");
    assert_code(
        &admin.gql(update, json!({ "id": first["id"], "v": first["version"], "i": changed })).await,
        "CONFLICT",
    );
    let second = ok(admin.gql(CREATE_SCHEME, json!({ "i": scheme_input("年度方案") })).await, "createAssessmentScheme");
    assert_eq!(second["revision"], 2);

    // The round of the city (the scheme of `open_city_round`) froze its scheme.
    let round = open_city_round(&app, "FIELD_OVERRIDES_DESK", 5).await;
    let s = admin
        .gql(
            "query($r: ID!) { assessmentRound(id: $r) { scheme { id version frozenAt name } } }",
            json!({ "r": round.id }),
        )
        .await;
    let s = &s["data"]["assessmentRound"]["scheme"];
    assert!(s["frozenAt"].is_string());
    let body = admin.gql(update, json!({ "id": s["id"], "v": s["version"], "i": scheme_input("测试考评方案") })).await;
    assert_code(&body, "CONFLICT");
}

/// Takes one record from COMBINED to FINAL (feedback, accept, finalise).
async fn finish(app: &TestApp, code: &str, rec: Value) {
    let reviewer = app.actor(CITY_REVIEWER).await;
    let reporter = app.actor(reporter_of(code)).await;
    let rec = ok(plain(&reviewer, "sendAssessmentFeedback", &rec).await, "sendAssessmentFeedback");
    let rec = ok(plain(&reporter, "acceptAssessment", &rec).await, "acceptAssessment");
    ok(plain(&reviewer, "finalizeAssessment", &rec).await, "finalizeAssessment");
}

const RESULTS: &str = "query($r: ID!) { assessmentResults(roundId: $r) { rank code name total base bonus deskTotal grade gradeLabel aspects { aspect score } } }";

#[tokio::test]
async fn the_ranking_breaks_ties_by_base_then_desk_total_then_code() {
    let app = spawn_app().await;
    let round = open_city_round(&app, "FIELD_OVERRIDES_DESK", 5).await;
    let reviewer = app.actor(CITY_REVIEWER).await;
    // 融安: 80 + bonus 5 = 85. 融水 and 三江: 85 + 0, same desk total: equal on every score.
    let a = to_combined(&app, &round, RONGAN, &["10", "10", "60", "4", "1"], &[]).await;
    let b = to_combined(&app, &round, RONGSHUI, &["10", "15", "60", "0", "0"], &[]).await;
    let c = to_combined(&app, &round, SANJIANG, &["10", "20", "60", "0", "0"], &["", "15"]).await;
    assert_eq!(
        (a["totalScore"].as_str(), b["totalScore"].as_str(), c["totalScore"].as_str()),
        (Some("85"), Some("85"), Some("85"))
    );
    // No ranking before publication.
    assert_code(&reviewer.gql(RESULTS, json!({ "r": round.id })).await, "CONFLICT");
    for (code, rec) in [(RONGAN, a), (RONGSHUI, b), (SANJIANG, c)] {
        finish(&app, code, rec).await;
    }
    let publish = "mutation($id: ID!, $v: Int!) { publishAssessmentRound(id: $id, version: $v) { status } }";
    let published = reviewer.gql(publish, json!({ "id": round.id, "v": round.version })).await;
    assert_eq!(published["data"]["publishAssessmentRound"]["status"], "PUBLISHED", "{published}");

    let res = reviewer.gql(RESULTS, json!({ "r": round.id })).await;
    let rows = res["data"]["assessmentResults"].as_array().unwrap();
    let order: Vec<(&str, i64)> =
        rows.iter().map(|r| (r["code"].as_str().unwrap(), r["rank"].as_i64().unwrap())).collect();
    // 融水 and 三江 beat 融安 on base (85 > 80); 三江's desk total (90) beats 融水's (85).
    assert_eq!(order, [(SANJIANG, 1), (RONGSHUI, 2), (RONGAN, 3)]);
    assert_eq!(rows[0]["deskTotal"], "90");
    assert_eq!(rows[2]["bonus"], "5");
    assert_eq!(rows[0]["gradeLabel"], "良好");
    assert_eq!(
        rows[0]["aspects"],
        json!([{ "aspect": "组织领导", "score": "25" }, { "aspect": "创建成效", "score": "60" }])
    );
    // Published records no longer change; the assessee does not read the ranking.
    assert_code(&app.actor("rongan.reporter").await.gql(RESULTS, json!({ "r": round.id })).await, "NOT_FOUND");
}

#[tokio::test]
async fn a_full_tie_shares_the_rank_and_is_ordered_by_division_code() {
    let app = spawn_app().await;
    let round = open_city_round(&app, "FIELD_OVERRIDES_DESK", 5).await;
    let desk = ["10", "20", "40", "0", "0"];
    let mut recs = Vec::new();
    for code in [SANJIANG, RONGAN, RONGSHUI] {
        recs.push((code, to_combined(&app, &round, code, &desk, &[]).await));
    }
    for (code, rec) in recs {
        finish(&app, code, rec).await;
    }
    let reviewer = app.actor(CITY_REVIEWER).await;
    let publish = "mutation($id: ID!, $v: Int!) { publishAssessmentRound(id: $id, version: $v) { status } }";
    assert_ok(&reviewer.gql(publish, json!({ "id": round.id, "v": round.version })).await);
    let res = reviewer.gql(RESULTS, json!({ "r": round.id })).await;
    let order: Vec<(&str, i64, &str)> = res["data"]["assessmentResults"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["code"].as_str().unwrap(), r["rank"].as_i64().unwrap(), r["grade"].as_str().unwrap()))
        .collect();
    assert_eq!(order, [(RONGAN, 1, "PASS"), (RONGSHUI, 1, "PASS"), (SANJIANG, 1, "PASS")]);
}

/// NOT_FOUND when the caller has the role for the operation; FORBIDDEN (for the role) otherwise.
#[track_caller]
fn hidden(body: &Value, has_role: bool) {
    assert_code(body, if has_role { "NOT_FOUND" } else { "FORBIDDEN" });
}

/// A round of 鹿寨县 over its township 寨沙镇; 融水 (its sibling) must see and change nothing.
#[tokio::test]
async fn a_sibling_county_sees_and_changes_nothing() {
    let app = spawn_app().await;
    let luzhai_admin = app.actor(LUZHAI_ADMIN).await;
    let scheme =
        ok(luzhai_admin.gql(CREATE_SCHEME, json!({ "i": scheme_input("鹿寨方案") })).await, "createAssessmentScheme");
    let luzhai_reviewer = app.user_id(LUZHAI_REVIEWER).await;
    let zhaisha = app.tenant_id("450223102").await;
    let input = json!({
        "schemeId": scheme["id"], "name": "鹿寨县考评", "deadline": "2099-12-31", "combineRule": "FIELD_OVERRIDES_DESK",
        "excellentMin": "90", "goodMin": "80", "passMin": "60",
        "fieldGroups": [{ "name": "组", "memberIds": [luzhai_reviewer] }],
        "assessees": [{ "tenantId": zhaisha, "fieldGroup": "组" }],
    });
    let round = ok(luzhai_admin.gql(OPEN_ROUND, json!({ "i": input })).await, "openAssessmentRound");
    let rec = round["records"]["edges"][0]["node"].clone();
    let ids = json!({ "s": scheme["id"], "r": round["id"], "rec": rec["id"] });

    let criteria: Vec<String> =
        scheme["criteria"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect();
    let some = scores(&criteria, &["5"]);
    let reads = [
        "query($s: ID!) { assessmentScheme(id: $s) { id } }",
        "query($r: ID!) { assessmentRound(id: $r) { id } }",
        "query($rec: ID!) { assessmentRecord(id: $rec) { id } }",
        "query($r: ID!) { assessmentResults(roundId: $r) { rank } }",
    ];
    for who in [RONGSHUI_ADMIN, RONGSHUI_REVIEWER, ANTAI_REPORTER, "rongshui.reporter"] {
        let sibling = app.actor(who).await;
        for q in reads {
            let vars = ids.clone();
            assert_code(&sibling.gql(q, vars).await, "NOT_FOUND");
        }
        let lists = sibling.gql("{ assessmentSchemes(first: 50) { edges { node { name } } } assessmentRounds(first: 50) { edges { node { name } } } }", json!({})).await;
        let names = lists.to_string();
        assert!(!names.contains("鹿寨"), "{who} lists {names}");
        // Every step on the record: NOT_FOUND whenever the caller holds the step's role (the role
        // is checked first and says nothing about the record).
        let reporter = who.ends_with("reporter");
        let reviewer = who == RONGSHUI_REVIEWER;
        for op in ["saveSelfAssessment", "verifyAssessmentDesk", "verifyAssessmentField"] {
            let has_role = match op {
                "saveSelfAssessment" => reporter,
                "verifyAssessmentDesk" => reviewer,
                _ => true,
            };
            hidden(&scored(&sibling, op, &rec, some.clone()).await, has_role);
        }
        for op in ["prefillSelfAssessment", "submitSelfAssessment", "acceptAssessment"] {
            hidden(&plain(&sibling, op, &rec).await, reporter);
        }
        for op in ["combineAssessment", "sendAssessmentFeedback", "finalizeAssessment"] {
            hidden(&plain(&sibling, op, &rec).await, reviewer);
        }
        hidden(&recheck(&sibling, &rec, "x").await, reporter);
        hidden(&resolve(&sibling, &rec, "x", json!([])).await, reviewer);
        let publish = "mutation($id: ID!, $v: Int!) { publishAssessmentRound(id: $id, version: $v) { id } }";
        hidden(&sibling.gql(publish, json!({ "id": round["id"], "v": round["version"] })).await, reviewer);
        let update = "mutation($id: ID!, $i: AssessmentSchemeInput!) { updateAssessmentScheme(id: $id, version: 1, input: $i) { id } }";
        let body = sibling.gql(update, json!({ "id": scheme["id"], "i": scheme_input("鹿寨方案") })).await;
        hidden(&body, who == RONGSHUI_ADMIN);
        let export = app
            .client
            .get(app.url(&format!("/exports/assessment-rounds/{}/notice.csv", round["id"].as_str().unwrap())))
            .bearer_auth(&sibling.access)
            .send()
            .await
            .unwrap();
        assert_eq!(export.status().as_u16(), 404);
    }
    // The sibling admin's own attempt with the role: opening a round with 鹿寨's scheme.
    let rongshui_admin = app.actor(RONGSHUI_ADMIN).await;
    let mut steal = input.clone();
    steal["fieldGroups"] = json!([{ "name": "组", "memberIds": [rongshui_admin.user_id] }]);
    steal["assessees"] = json!([{ "tenantId": app.tenant_id("450225203").await, "fieldGroup": "组" }]);
    assert_code(&rongshui_admin.gql(OPEN_ROUND, json!({ "i": steal })).await, "NOT_FOUND");
    // Nothing changed: the record is where it was, at the same version.
    let now = get_record(&luzhai_admin, &rec["id"]).await["data"]["assessmentRecord"].clone();
    assert_eq!((now["status"].clone(), now["version"].clone()), (json!("SELF_ASSESSMENT"), rec["version"].clone()));
    assert!(now["scores"].as_array().unwrap().iter().all(|s| s["selfScore"].is_null()));
    // The assessee and its county see the record; the county sees the round.
    assert_ok(&app.actor(ZHAISHA_REPORTER).await.gql(reads[2], ids.clone()).await);
}

/// Within one city round, a county sees its own record only.
#[tokio::test]
async fn assessees_see_their_own_record_only() {
    let app = spawn_app().await;
    let round = open_city_round(&app, "FIELD_OVERRIDES_DESK", 5).await;
    let sanjiang = app.actor("sanjiang.reporter").await;
    let rongshui_rec = round.record(RONGSHUI);
    assert_code(&get_record(&sanjiang, &rongshui_rec["id"]).await, "NOT_FOUND");
    let body = scored(&sanjiang, "saveSelfAssessment", &rongshui_rec, scores(&round.criteria, &["1"])).await;
    assert_code(&body, "NOT_FOUND");
    let listed = sanjiang
        .gql("query($r: ID!) { assessmentRound(id: $r) { records(first: 10) { totalCount edges { node { assesseeTenant { code } } } } } }", json!({ "r": round.id }))
        .await;
    let recs = &listed["data"]["assessmentRound"]["records"];
    assert_eq!(recs["totalCount"], 1, "{listed}");
    assert_eq!(recs["edges"][0]["node"]["assesseeTenant"]["code"], SANJIANG);
}

fn xlsx_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a zip archive");
    for part in ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"] {
        assert!(zip.by_name(part).is_ok(), "missing {part}");
    }
    let mut sheet = String::new();
    zip.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut sheet).unwrap();
    let unescape = |s: &str| s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    sheet
        .split("<row ")
        .skip(1)
        .map(|row| {
            row.split("<c ")
                .skip(1)
                .map(|cell| {
                    let inner = |open: &str, close: &str| {
                        cell.split_once(open).and_then(|(_, rest)| rest.split_once(close)).map(|(v, _)| unescape(v))
                    };
                    inner("<t>", "</t>").or_else(|| inner("<v>", "</v>")).unwrap_or_default()
                })
                .collect()
        })
        .collect()
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

#[tokio::test]
async fn the_demo_notice_exports_as_xlsx_and_csv_with_the_api_ranking() {
    let app = spawn_app().await;
    let reviewer = app.actor(CITY_REVIEWER).await;
    let rounds = reviewer
        .gql("{ assessmentRounds(first: 10) { edges { node { id year status records(first: 20) { edges { node { status } } } } } } }", json!({}))
        .await;
    let rounds = rounds["data"]["assessmentRounds"]["edges"].as_array().unwrap().clone();
    let find = |y: i64| rounds.iter().find(|r| r["node"]["year"] == y).unwrap()["node"].clone();
    let (r2018, r2019) = (find(2018), find(2019));
    assert_eq!(r2018["status"], "PUBLISHED");
    assert_eq!(r2019["status"], "OPEN");
    let mut states: Vec<&str> =
        r2019["records"]["edges"].as_array().unwrap().iter().map(|e| e["node"]["status"].as_str().unwrap()).collect();
    states.sort_unstable();
    states.dedup();
    assert_eq!(states.len(), 9, "the 2019 demo round has a record in every state: {states:?}");

    let res = reviewer.gql(RESULTS, json!({ "r": r2018["id"] })).await;
    let expected = api_rows(&res["data"]["assessmentResults"]);
    assert_eq!(expected.len(), 10);

    let url = |r: &Value, f: &str| app.url(&format!("/exports/assessment-rounds/{}/{f}", r["id"].as_str().unwrap()));
    let resp = app.client.get(url(&r2018, "notice.xlsx")).bearer_auth(&reviewer.access).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert!(resp.headers()["content-type"].to_str().unwrap().contains("spreadsheetml"));
    let rows = xlsx_rows(&resp.bytes().await.unwrap());
    assert_eq!(rows[0][..3], ["名次", "被考评单位", "代码"]);
    assert_eq!(rows[1..], expected[..]);

    let resp = app.client.get(url(&r2018, "notice.csv")).bearer_auth(&reviewer.access).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let bytes = resp.bytes().await.unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 with a BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let csv: Vec<Vec<String>> = text.lines().map(|l| l.split(',').map(str::to_owned).collect()).collect();
    assert_eq!(csv[0], rows[0]);
    assert_eq!(csv[1..], expected[..]);

    // Authorised like the API.
    let anon = app.client.get(url(&r2018, "notice.xlsx")).send().await.unwrap();
    assert_eq!(anon.status().as_u16(), 401);
    let body: Value = anon.json().await.unwrap();
    assert_code(&body, "UNAUTHENTICATED");
    let bad = app.client.get(url(&r2018, "notice.csv")).bearer_auth("not-a-token").send().await.unwrap();
    assert_eq!(bad.status().as_u16(), 401);
    let county = app.actor("rongshui.reporter").await;
    let resp = app.client.get(url(&r2018, "notice.csv")).bearer_auth(&county.access).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 404);
    let body: Value = resp.json().await.unwrap();
    assert_code(&body, "NOT_FOUND");
    let resp = app.client.get(url(&r2019, "notice.xlsx")).bearer_auth(&reviewer.access).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 409, "not published");
}

#[tokio::test]
async fn a_criterion_linked_to_an_indicator_is_prefilled_from_its_completion() {
    let app = spawn_app().await;
    let admin = app.actor(CITY_ADMIN).await;
    let inds = admin.gql("{ indicators(first: 50) { edges { node { id code } } } }", json!({})).await;
    let activities = inds["data"]["indicators"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["code"] == "PUB_ACTIVITIES")
        .unwrap()["node"]["id"]
        .clone();
    let mut input = scheme_input("2019宣传考评");
    input["year"] = json!(2019);
    input["aspects"][0]["items"][0]["criteria"][0] =
        json!({ "title": "宣传活动", "maxScore": "15", "indicatorId": activities });
    let scheme = ok(admin.gql(CREATE_SCHEME, json!({ "i": input })).await, "createAssessmentScheme");
    let open = json!({ "i": {
        "schemeId": scheme["id"], "name": "2019", "deadline": "2019-12-31", "combineRule": "FIELD_OVERRIDES_DESK",
        "excellentMin": "90", "goodMin": "80", "passMin": "60",
        "fieldGroups": [{ "name": "组", "memberIds": [admin.user_id.clone()] }],
        "assessees": [{ "tenantId": app.tenant_id(SANJIANG).await, "fieldGroup": "组" }] } });
    let round = ok(admin.gql(OPEN_ROUND, open).await, "openAssessmentRound");
    let rec = round["records"]["edges"][0]["node"].clone();
    // 三江 reported 800 activities in 2019 (demo); its own target is 1000: 80% of 15 = 12.
    let target = "mutation($i: ID!) { setTarget(indicatorId: $i, period: \"2019\", value: \"1000\") { target } }";
    assert_ok(&app.actor("sanjiang.admin").await.gql(target, json!({ "i": activities })).await);
    let reporter = app.actor("sanjiang.reporter").await;
    let rec = ok(plain(&reporter, "prefillSelfAssessment", &rec).await, "prefillSelfAssessment");
    assert_eq!(rec["scores"][0]["selfScore"], "12", "{rec}");
    assert!(rec["scores"][1]["selfScore"].is_null(), "criteria without an indicator stay empty");
    assert_code(&plain(&app.actor(CITY_REVIEWER).await, "prefillSelfAssessment", &rec).await, "FORBIDDEN");
}
