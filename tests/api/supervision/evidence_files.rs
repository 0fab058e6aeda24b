//! Uploaded files as rectification evidence: a township reporter attaches a photo from a phone,
//! the inspecting city opens it, a sibling county cannot; evidence may name only the assignee's
//! own files (a sibling's and the county's above are not even visible to it), and every wrong
//! reference is named at once with nothing changed.

use super::*;
use crate::files::{PNG, fetch, jpeg, upload};

const TASK_FILES: &str =
    "query($id: ID!) { rectificationTask(id: $id) { status evidence files { id name contentType size url } } }";

#[tokio::test]
async fn a_photo_attached_to_a_rectification_is_opened_by_the_city_and_not_by_a_sibling() {
    let app = spawn_app().await;
    let (_, t) = city_task_for_zhaisha(&app, day(-2), day(10)).await;
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let photo = upload(&reporter, "整改后照片.jpg", &jpeg(5000)).await;
    let t = ok(start(&reporter, &t).await, "startRectification");
    let refs = [photo["reference"].as_str().unwrap(), "纸质台账第3册"];
    let t = ok(submit(&reporter, &t, "宣传栏已更新", &refs).await, "submitRectification");
    assert_eq!(t["status"], "SUBMITTED");

    let city = app.actor(CITY_REVIEWER).await;
    let task = ok(city.gql(TASK_FILES, json!({ "id": t["id"] })).await, "rectificationTask");
    assert_eq!(task["evidence"], json!(refs));
    let files = task["files"].as_array().unwrap();
    assert_eq!(files.len(), 1, "the free-text reference is no file: {task}");
    assert_eq!((files[0]["id"].clone(), files[0]["name"].as_str()), (photo["id"].clone(), Some("整改后照片.jpg")));
    let (s, _, bytes) = fetch(&app, None, files[0]["url"].as_str().unwrap()).await;
    assert_eq!((s, bytes), (200, jpeg(5000)), "the city opens the photo by the link it was given");
    let path = format!("/files/{}", photo["id"].as_str().unwrap());
    assert_eq!(fetch(&app, Some(&city.access), &path).await.0, 200);

    let rongshui = app.actor(RONGSHUI_REVIEWER).await;
    assert_code(&rongshui.gql(TASK_FILES, json!({ "id": t["id"] })).await, "NOT_FOUND");
    assert_eq!(fetch(&app, Some(&rongshui.access), &path).await.0, 404);
}

#[tokio::test]
async fn evidence_names_only_the_assignees_own_files_and_every_wrong_one_at_once() {
    let app = spawn_app().await;
    let (_, t) = city_task_for_zhaisha(&app, day(-2), day(10)).await;
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let t = ok(start(&reporter, &t).await, "startRectification");
    let own = upload(&reporter, "a.png", PNG).await;
    let sibling = upload(&app.actor(ANTAI_REPORTER).await, "b.png", PNG).await;
    let county = upload(&app.actor(LUZHAI_ADMIN).await, "c.png", PNG).await;
    let refs = [
        own["reference"].as_str().unwrap(),
        sibling["reference"].as_str().unwrap(),
        county["reference"].as_str().unwrap(),
        "file:oops",
        "file:999999",
    ];
    let body = submit(&reporter, &t, "已整改", &refs).await;
    let lines = body["errors"][0]["extensions"]["lines"].as_array().unwrap_or_else(|| panic!("{body}"));
    let at: Vec<(&str, &str)> =
        lines.iter().map(|l| (l["field"].as_str().unwrap(), l["code"].as_str().unwrap())).collect();
    assert_eq!(
        at,
        [
            ("evidence[1]", "NOT_FOUND"),
            ("evidence[2]", "NOT_FOUND"),
            ("evidence[3]", "BAD_USER_INPUT"),
            ("evidence[4]", "NOT_FOUND"),
        ],
        "{body}"
    );
    let now = ok(reporter.gql(TASK_FILES, json!({ "id": t["id"] })).await, "rectificationTask");
    assert_eq!((now["status"].as_str(), now["evidence"].clone()), (Some("IN_PROGRESS"), json!([])), "nothing changed");
    let t = ok(submit(&reporter, &t, "已整改", &[own["reference"].as_str().unwrap()]).await, "submitRectification");
    assert_eq!(t["status"], "SUBMITTED");
}
