//! Performance assessment (绩效考评): schemes, rounds, the per-assessee workflow with both
//! combine rules and the bonus cap, the recheck window, roles and levels, sibling isolation,
//! versions, the ranking's tie rule, and the notice export (xlsx and CSV) against the API.

use std::io::Read as _;

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

/// Full marks everywhere: every criterion at its maximum and both bonus items at theirs (4 + 3,
/// above the cap of 5). The total is the scheme's maximum (100 + 5), not more; a desk or field
/// score above a criterion's maximum is refused and leaves the record as it was.
#[tokio::test]
async fn full_marks_reach_the_schemes_maximum_total_and_no_more() {
    let app = spawn_app().await;
    let round = open_city_round(&app, "WEIGHTED_MEAN", 5).await;
    let full = ["10", "20", "70", "4", "3"];
    let reporter = app.actor("rongan.reporter").await;
    let reviewer = app.actor(CITY_REVIEWER).await;
    let inspector = app.actor(INSPECTOR).await;
    let rec = round.record(RONGAN);
    let rec =
        ok(scored(&reporter, "saveSelfAssessment", &rec, scores(&round.criteria, &full)).await, "saveSelfAssessment");
    let rec = ok(plain(&reporter, "submitSelfAssessment", &rec).await, "submitSelfAssessment");

    // The desk gives 领导小组 11 of 10, then 上级表彰 5 of 4 (though the cap is 5).
    for over in [["11", "20", "70", "4", "3"], ["10", "20", "70", "5", "3"]] {
        let body = scored(&reviewer, "verifyAssessmentDesk", &rec, scores(&round.criteria, &over)).await;
        assert_code(&body, "BAD_USER_INPUT");
        assert_eq!(body["errors"][0]["extensions"]["field"], "scores.score", "{body}");
    }
    // Still SUBMITTED at the same version: the next step goes through with it.
    let rec = ok(
        scored(&reviewer, "verifyAssessmentDesk", &rec, scores(&round.criteria, &full)).await,
        "verifyAssessmentDesk",
    );
    assert_eq!(rec["deskTotal"], "105", "100 + bonus 7 capped at 5");

    // The field group gives 工作方案 20.0001 of 20, then 经验推广 3.5 of 3.
    for over in [&["", "20.0001"][..], &["", "", "", "", "3.5"][..]] {
        let body = scored(&inspector, "verifyAssessmentField", &rec, scores(&round.criteria, over)).await;
        assert_code(&body, "BAD_USER_INPUT");
        assert_eq!(body["errors"][0]["extensions"]["field"], "scores.score", "{body}");
    }
    let rec = ok(
        scored(&inspector, "verifyAssessmentField", &rec, scores(&round.criteria, &full)).await,
        "verifyAssessmentField",
    );
    let rec = ok(plain(&reviewer, "combineAssessment", &rec).await, "combineAssessment");
    assert_eq!(finals(&rec), full);
    assert_eq!((rec["baseScore"].as_str(), rec["bonusScore"].as_str()), (Some("100"), Some("5")));
    let max = reviewer
        .gql(
            "query($r: ID!) { assessmentRound(id: $r) { scheme { maxTotal(kind: TENANT) } } }",
            json!({ "r": round.id }),
        )
        .await;
    assert_eq!(max["data"]["assessmentRound"]["scheme"]["maxTotal"], "105", "{max}");
    assert_eq!(rec["totalScore"], "105");
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
    assert_code(&reviewer.gql(PUBLISH, json!({ "id": round.id, "v": round.version })).await, "CONFLICT");
    assert_code(
        &app.actor(CITY_VIEWER).await.gql(PUBLISH, json!({ "id": round.id, "v": round.version })).await,
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
        one_group_input(scheme, &[&rongshui_admin.user_id], json!({ "tenantId": tenant }))
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

/// A field working group is made of the level's own users and the assessees are below it. The
/// city naming 鹿寨's reviewer (whom it sees) in a group is bad input; 融水 naming 鹿寨's reviewer
/// or 鹿寨's school finds neither. Either way no round is opened and the scheme is not frozen.
#[tokio::test]
async fn a_round_with_an_outsider_in_a_group_or_among_the_assessees_is_not_opened() {
    let app = spawn_app().await;
    let luzhai_reviewer = app.user_id(LUZHAI_REVIEWER).await;
    let city = app.actor(CITY_ADMIN).await;
    let before = rounds(&city).await;
    let scheme = ok(city.gql(CREATE_SCHEME, json!({ "i": scheme_input("市级方案") })).await, "createAssessmentScheme");
    let rongan = json!({ "tenantId": app.tenant_id(RONGAN).await });
    let body = city.gql(OPEN_ROUND, one_group_input(&scheme["id"], &[&city.user_id, &luzhai_reviewer], rongan)).await;
    assert_code(&body, "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "groups");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains(LUZHAI_REVIEWER), "{body}");
    assert_eq!(rounds(&city).await, before);
    assert!(!frozen(&city, &scheme["id"]).await);

    let rongshui = app.actor(RONGSHUI_ADMIN).await;
    let before = rounds(&rongshui).await;
    let scheme =
        ok(rongshui.gql(CREATE_SCHEME, json!({ "i": scheme_input("融水方案") })).await, "createAssessmentScheme");
    let hall = json!({ "unitId": app.unit_id("融水县政务服务中心").await });
    let school = json!({ "unitId": app.unit_id("鹿寨县民族中学").await });
    let body = rongshui.gql(OPEN_ROUND, one_group_input(&scheme["id"], &[&luzhai_reviewer], hall.clone())).await;
    assert_code(&body, "NOT_FOUND");
    assert_eq!(body["errors"][0]["message"], "user not found");
    let body = rongshui.gql(OPEN_ROUND, one_group_input(&scheme["id"], &[&rongshui.user_id], school)).await;
    assert_code(&body, "NOT_FOUND");
    assert_eq!(body["errors"][0]["message"], "unit not found");
    assert_eq!(rounds(&rongshui).await, before);
    assert!(!frozen(&rongshui, &scheme["id"]).await);

    // Its own user and its own unit: the round opens, with the unit's record.
    let round = ok(
        rongshui.gql(OPEN_ROUND, one_group_input(&scheme["id"], &[&rongshui.user_id], hall)).await,
        "openAssessmentRound",
    );
    assert_eq!(round["records"]["edges"][0]["node"]["assesseeTenant"]["code"], RONGSHUI);
    assert_eq!(rounds(&rongshui).await, before + 1);
    assert!(frozen(&rongshui, &scheme["id"]).await);
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
        finish(&app, &round, code, rec).await;
    }
    let published = reviewer.gql(PUBLISH, json!({ "id": round.id, "v": round.version })).await;
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
    publish_with(&app, &round, &["10", "20", "40", "0", "0"]).await;
    let reviewer = app.actor(CITY_REVIEWER).await;
    let res = reviewer.gql(RESULTS, json!({ "r": round.id })).await;
    let order: Vec<(&str, i64, &str)> = res["data"]["assessmentResults"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["code"].as_str().unwrap(), r["rank"].as_i64().unwrap(), r["grade"].as_str().unwrap()))
        .collect();
    assert_eq!(order, [(RONGAN, 1, "PASS"), (RONGSHUI, 1, "PASS"), (SANJIANG, 1, "PASS")]);
}

/// Once the round is published its records are the notice: no step moves one any more, whoever
/// tries and at the record's current version; the round is not published twice.
#[tokio::test]
async fn a_published_round_takes_no_further_step() {
    let app = spawn_app().await;
    let round = open_city_round(&app, "FIELD_OVERRIDES_DESK", 5).await;
    let done = publish_with(&app, &round, &["10", "20", "60", "0", "0"]).await;
    let rec = done.iter().find(|(code, _)| code == RONGAN).unwrap().1.clone();
    assert_eq!((rec["status"].as_str(), rec["totalScore"].as_str()), (Some("FINAL"), Some("90")));
    let reviewer = app.actor(CITY_REVIEWER).await;
    let reporter = app.actor("rongan.reporter").await;
    let inspector = app.actor(INSPECTOR).await;
    #[track_caller]
    fn refused(body: &Value) {
        assert_code(body, "CONFLICT");
        assert!(body["errors"][0]["message"].as_str().unwrap().contains("published"), "{body}");
    }
    let full = scores(&round.criteria, &["10", "20", "70", "4", "3"]);
    refused(&plain(&reviewer, "finalizeAssessment", &rec).await);
    refused(&scored(&reviewer, "verifyAssessmentDesk", &rec, full.clone()).await);
    refused(&scored(&reporter, "saveSelfAssessment", &rec, full.clone()).await);
    refused(&scored(&inspector, "verifyAssessmentField", &rec, full.clone()).await);
    for op in ["prefillSelfAssessment", "submitSelfAssessment", "acceptAssessment"] {
        refused(&plain(&reporter, op, &rec).await);
    }
    for op in ["combineAssessment", "sendAssessmentFeedback"] {
        refused(&plain(&reviewer, op, &rec).await);
    }
    refused(&recheck(&reporter, &rec, "分数偏低").await);
    refused(&resolve(&reviewer, &rec, "改分", full).await);
    refused(&reviewer.gql(PUBLISH, json!({ "id": round.id, "v": round.version + 1 })).await);

    let now = get_record(&reviewer, &rec["id"]).await["data"]["assessmentRecord"].clone();
    assert_eq!(
        (&now["status"], &now["version"], &now["totalScore"]),
        (&rec["status"], &rec["version"], &rec["totalScore"])
    );
    assert_eq!(finals(&now), finals(&rec));
    assert_eq!(now["timeline"].as_array().unwrap().len(), 9, "OPEN and the eight steps to FINAL only: {now}");
    let res = reviewer.gql(RESULTS, json!({ "r": round.id })).await;
    assert!(res["data"]["assessmentResults"].as_array().unwrap().iter().all(|r| r["total"] == "90"), "{res}");
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
    let round = open_luzhai_round(&app).await;
    let rec = round.record(ZHAISHA);
    let ids = json!({ "s": round.scheme_id, "r": round.id, "rec": rec["id"] });
    let some = scores(&round.criteria, &["5"]);
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
        hidden(&sibling.gql(PUBLISH, json!({ "id": round.id, "v": round.version })).await, reviewer);
        let update = "mutation($id: ID!, $i: AssessmentSchemeInput!) { updateAssessmentScheme(id: $id, version: 1, input: $i) { id } }";
        let body = sibling.gql(update, json!({ "id": round.scheme_id, "i": scheme_input("鹿寨方案") })).await;
        hidden(&body, who == RONGSHUI_ADMIN);
        assert_eq!(notice(&app, &sibling, &round.id, "notice.csv").await.status().as_u16(), 404);
    }
    // The sibling admin's own attempt with the role: opening a round with 鹿寨's scheme.
    let rongshui_admin = app.actor(RONGSHUI_ADMIN).await;
    let anta = json!({ "tenantId": app.tenant_id("450225203").await });
    let steal = one_group_input(&json!(round.scheme_id), &[&rongshui_admin.user_id], anta);
    assert_code(&rongshui_admin.gql(OPEN_ROUND, steal).await, "NOT_FOUND");
    // Nothing changed: the record is where it was, at the same version.
    let now = get_record(&luzhai_admin, &rec["id"]).await["data"]["assessmentRecord"].clone();
    assert_eq!((now["status"].clone(), now["version"].clone()), (json!("SELF_ASSESSMENT"), rec["version"].clone()));
    assert!(now["scores"].as_array().unwrap().iter().all(|s| s["selfScore"].is_null()));
    // The assessee and its county see the record; the county sees the round.
    assert_ok(&app.actor(ZHAISHA_REPORTER).await.gql(reads[2], ids.clone()).await);
}

/// 鹿寨县 takes its round over 寨沙镇 to the end and publishes it. Its reviewer (and the city
/// above) read the ranking and download the notice; 融水 finds neither the round nor its ranking,
/// in the API or as a file, though it knows the round's id.
#[tokio::test]
async fn a_published_county_round_stays_out_of_a_siblings_sight() {
    let app = spawn_app().await;
    let round = open_luzhai_round(&app).await;
    let done = publish_with(&app, &round, &["10", "20", "60", "4", "0"]).await;
    assert_eq!(done[0].1["totalScore"], "94");
    for who in [LUZHAI_REVIEWER, CITY_REVIEWER] {
        let reader = app.actor(who).await;
        let res = reader.gql(RESULTS, json!({ "r": round.id })).await;
        assert_ok(&res);
        let expected = api_rows(&res["data"]["assessmentResults"]);
        assert_eq!(expected, [["1", "寨沙镇", ZHAISHA, "30", "60", "90", "4", "94", "优秀"]]);
        let xlsx = notice(&app, &reader, &round.id, "notice.xlsx").await;
        assert_eq!(xlsx.status().as_u16(), 200, "{who}");
        assert_eq!(xlsx_rows(&xlsx.bytes().await.unwrap())[1..], expected[..]);
        let csv = notice(&app, &reader, &round.id, "notice.csv").await;
        assert_eq!(csv.status().as_u16(), 200, "{who}");
        assert_eq!(csv_rows(csv).await[1..], expected[..]);
    }
    for who in [RONGSHUI_ADMIN, RONGSHUI_REVIEWER] {
        let sibling = app.actor(who).await;
        assert_code(&sibling.gql(RESULTS, json!({ "r": round.id })).await, "NOT_FOUND");
        let body =
            sibling.gql("query($r: ID!) { assessmentRound(id: $r) { id status } }", json!({ "r": round.id })).await;
        assert_code(&body, "NOT_FOUND");
        for file in ["notice.xlsx", "notice.csv"] {
            let resp = notice(&app, &sibling, &round.id, file).await;
            assert_eq!(resp.status().as_u16(), 404, "{who} downloads {file}");
            let body: Value = resp.json().await.unwrap();
            assert_code(&body, "NOT_FOUND");
        }
    }
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

/// 融水's results are fed back; 三江, assessed in the same round, can neither accept them nor
/// object to them. 融水's record stays as it was, and 融水 itself then accepts.
#[tokio::test]
async fn an_assessee_cannot_answer_a_fellow_assessees_feedback() {
    let app = spawn_app().await;
    let round = open_city_round(&app, "FIELD_OVERRIDES_DESK", 5).await;
    let rec = to_combined(&app, &round, RONGSHUI, &["8", "18", "60", "0", "0"], &[]).await;
    let reviewer = app.actor(CITY_REVIEWER).await;
    let rec = ok(plain(&reviewer, "sendAssessmentFeedback", &rec).await, "sendAssessmentFeedback");
    assert_eq!(rec["status"], "FEEDBACK");
    let sanjiang = app.actor("sanjiang.reporter").await;
    assert_code(&plain(&sanjiang, "acceptAssessment", &rec).await, "NOT_FOUND");
    assert_code(&recheck(&sanjiang, &rec, "融水的分数偏高").await, "NOT_FOUND");

    let rongshui = app.actor("rongshui.reporter").await;
    let now = get_record(&rongshui, &rec["id"]).await["data"]["assessmentRecord"].clone();
    assert_eq!(
        (&now["status"], &now["version"], &now["objection"]),
        (&json!("FEEDBACK"), &rec["version"], &Value::Null)
    );
    assert_eq!(now["timeline"].as_array().unwrap().len(), 7, "OPEN and six steps to FEEDBACK: {now}");
    let rec = ok(plain(&rongshui, "acceptAssessment", &now).await, "acceptAssessment");
    assert_eq!(rec["status"], "ACCEPTED");
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
    let csv = csv_rows(resp).await;
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

#[tokio::test]
async fn weights_and_deadlines_out_of_range_are_bad_input_and_open_nothing() {
    let app = spawn_app().await;
    let city = app.actor(CITY_ADMIN).await;
    let before = rounds(&city).await;
    let scheme = ok(city.gql(CREATE_SCHEME, json!({ "i": scheme_input("权重方案") })).await, "createAssessmentScheme");
    let rongan = json!({ "tenantId": app.tenant_id(RONGAN).await });
    let mut vars = one_group_input(&scheme["id"], &[&city.user_id], rongan);
    vars["i"]["combineRule"] = json!("WEIGHTED_MEAN");
    // Two weights whose sum an Int cannot hold.
    for (field, desk, weight) in [("deskWeight", i32::MAX, 1), ("fieldWeight", 1, i32::MAX), ("deskWeight", -1, 1)] {
        let mut v = vars.clone();
        v["i"]["deskWeight"] = json!(desk);
        v["i"]["fieldWeight"] = json!(weight);
        let body = city.gql(OPEN_ROUND, v).await;
        assert_code(&body, "BAD_USER_INPUT");
        assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body}");
    }
    for deadline in ["0001-01-01", "9999-12-31", "1999-12-31"] {
        let mut v = vars.clone();
        v["i"]["deadline"] = json!(deadline);
        let body = city.gql(OPEN_ROUND, v).await;
        assert_code(&body, "BAD_USER_INPUT");
        assert_eq!(body["errors"][0]["extensions"]["field"], "deadline", "{body}");
    }
    assert_eq!(rounds(&city).await, before);
    assert!(!frozen(&city, &scheme["id"]).await);
}
