//! Uploaded files as self-assessment evidence (台账): 寨沙镇 attaches its own, the assessing
//! county opens them, a sibling cannot; another tenant's file is refused with nothing saved.

use super::*;
use crate::files::{PNG, fetch, upload};

#[tokio::test]
async fn self_assessment_evidence_takes_the_assessees_own_files() {
    let app = spawn_app().await;
    let round = open_luzhai_round(&app).await;
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let own = upload(&reporter, "领导小组文件.pdf", b"%PDF-1.4\n").await;
    let theirs = upload(&app.actor(ANTAI_REPORTER).await, "x.png", PNG).await;
    let rec = round.record(ZHAISHA);
    let with = |r: &Value| json!([{ "criterionId": round.criteria[0], "score": "10", "comment": "", "evidence": [r, "纸质台账"] }]);

    let refused = scored(&reporter, "saveSelfAssessment", &rec, with(&theirs["reference"])).await;
    assert_code(&refused, "NOT_FOUND");
    assert_eq!(refused["errors"][0]["extensions"]["field"], "scores[0].evidence[0]");
    let unchanged = ok(get_record(&reporter, &rec["id"]).await, "assessmentRecord");
    assert_eq!(unchanged["version"], rec["version"], "nothing saved");

    let saved = ok(scored(&reporter, "saveSelfAssessment", &rec, with(&own["reference"])).await, "saveSelfAssessment");
    let q = "query($id: ID!) { assessmentRecord(id: $id) { scores { evidence files { id name url } } } }";
    let county = app.actor(LUZHAI_REVIEWER).await;
    let got = ok(county.gql(q, json!({ "id": saved["id"] })).await, "assessmentRecord");
    let first = &got["scores"][0];
    assert_eq!(first["files"][0]["id"], own["id"], "{got}");
    let (s, _, bytes) = fetch(&app, None, first["files"][0]["url"].as_str().unwrap()).await;
    assert_eq!((s, bytes.as_slice()), (200, b"%PDF-1.4\n".as_slice()));
    let sibling = app.actor(RONGSHUI_REVIEWER).await;
    assert_code(&sibling.gql(q, json!({ "id": saved["id"] })).await, "NOT_FOUND");
    let path = format!("/files/{}", own["id"].as_str().unwrap());
    assert_eq!(fetch(&app, Some(&sibling.access), &path).await.0, 404);
}
