//! Lists as workbooks: the figures of a period and the rectification tasks, the same rows as
//! their queries, numbers as numbers; a tenant outside the scope is 404.

use calamine::{Data, Reader, Xlsx};
use serde_json::{Value, json};

use super::*;

/// The first sheet's rows (every cell as calamine reads it).
fn rows(bytes: &[u8]) -> Vec<Vec<Data>> {
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let name = wb.sheet_names()[0].clone();
    wb.worksheet_range(&name).unwrap().rows().map(<[Data]>::to_vec).collect()
}

/// Every current figure of the city's subtree whose period lies in 2019, by the API.
async fn figures_of_2019(actor: &Actor<'_>) -> Vec<Value> {
    let q = "query($a: String) { reports(filter: {includeSubtree: true}, first: 100, after: $a) { pageInfo { hasNextPage endCursor } edges { node { period value } } } }";
    let mut out = Vec::new();
    let mut after = Value::Null;
    loop {
        let body = actor.gql(q, json!({ "a": after })).await;
        let c = &body["data"]["reports"];
        out.extend(c["edges"].as_array().unwrap().iter().map(|e| e["node"].clone()));
        if c["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = c["pageInfo"]["endCursor"].clone();
    }
    out.retain(|r| r["period"].as_str().unwrap().starts_with("2019"));
    out
}

#[tokio::test]
async fn the_figures_of_a_period_are_the_rows_the_api_answers() {
    let app = spawn_app().await;
    let city = app.actor(CITY_REVIEWER).await;
    let (s, headers, bytes) = fetch(&app, Some(&city.access), "/exports/figures.xlsx?period=2019").await;
    assert_eq!(s, 200, "{}", String::from_utf8_lossy(&bytes));
    assert!(headers["content-disposition"].to_str().unwrap().contains("filename*=UTF-8''%E5%A1%AB"), "填报数据");
    let sheet = rows(&bytes);
    assert!(matches!(&sheet[0][0], Data::String(t) if t.contains("柳州市") && t.contains("2019")));
    let data: Vec<&Vec<Data>> = sheet[3..].iter().collect();
    let api = figures_of_2019(&city).await;
    assert_eq!(data.len(), api.len());
    let sum_sheet: f64 = data
        .iter()
        .map(|r| match &r[5] {
            Data::Float(f) => *f,
            other => panic!("a number: {other:?}"),
        })
        .sum();
    let sum_api: f64 = api.iter().map(|r| r["value"].as_str().unwrap().parse::<f64>().unwrap()).sum();
    assert!((sum_sheet - sum_api).abs() < 1e-6, "{sum_sheet} vs {sum_api}");

    let luzhai = app.actor(LUZHAI_ADMIN).await;
    let city_id = app.tenant_id("450200").await;
    assert_eq!(
        fetch(&app, Some(&luzhai.access), &format!("/exports/figures.xlsx?tenant={city_id}&period=2019")).await.0,
        404
    );
    let rongshui = app.actor(RONGSHUI_ADMIN).await;
    let luzhai_id = app.tenant_id("450223").await;
    assert_eq!(
        fetch(&app, Some(&rongshui.access), &format!("/exports/figures.xlsx?tenant={luzhai_id}&period=2019")).await.0,
        404
    );
    assert_eq!(fetch(&app, Some(&city.access), "/exports/figures.xlsx").await.0, 400);
    assert_eq!(fetch(&app, None, "/exports/figures.xlsx?period=2019").await.0, 401);
}

#[tokio::test]
async fn the_rectification_tasks_are_those_of_the_subtree() {
    let app = spawn_app().await;
    let city = app.actor(CITY_REVIEWER).await;
    let (s, _, bytes) = fetch(&app, Some(&city.access), "/exports/rectification-tasks.xlsx").await;
    assert_eq!(s, 200);
    let sheet = rows(&bytes);
    let codes = |sheet: &[Vec<Data>]| -> Vec<String> {
        let mut v: Vec<String> = sheet[3..].iter().map(|r| r[2].to_string()).collect();
        v.sort();
        v
    };
    assert_eq!(codes(&sheet), ["450225", "450225203", "450225208", "450226", "450226101"]);
    assert!(sheet[3..].iter().all(|r| matches!(r[7], Data::Float(_))), "overdue days as numbers");
    let rongshui = app.actor(RONGSHUI_REVIEWER).await;
    let (_, _, bytes) = fetch(&app, Some(&rongshui.access), "/exports/rectification-tasks.xlsx").await;
    assert_eq!(codes(&rows(&bytes)), ["450225", "450225203", "450225208"]);
    let sanjiang = app.tenant_id("450226").await;
    let path = format!("/exports/rectification-tasks.xlsx?tenant={sanjiang}");
    assert_eq!(fetch(&app, Some(&rongshui.access), &path).await.0, 404);
}

#[tokio::test]
async fn the_review_queue_and_a_published_batch_notice_are_workbooks() {
    let app = spawn_app().await;
    let city = app.actor(CITY_REVIEWER).await;
    let q = city.gql("{ reviewQueue(first: 100) { totalCount } }", json!({})).await;
    let (s, _, bytes) = fetch(&app, Some(&city.access), "/exports/review-queue.xlsx").await;
    assert_eq!(s, 200);
    let sheet = rows(&bytes);
    assert_eq!((sheet.len() - 3) as u64, q["data"]["reviewQueue"]["totalCount"].as_u64().unwrap(), "{q}");

    let batches = city.gql("{ batches(first: 50) { edges { node { id published name } } } }", json!({})).await;
    let edges = batches["data"]["batches"]["edges"].as_array().unwrap().clone();
    let published = edges.iter().find(|e| e["node"]["published"] == true).expect("the demo has a published batch");
    let id = published["node"]["id"].as_str().unwrap();
    let notice =
        city.gql("query($id: ID!) { batch(id: $id) { notice { entries { unitName } } } }", json!({ "id": id })).await;
    let (s, headers, bytes) = fetch(&app, Some(&city.access), &format!("/exports/batches/{id}/notice.xlsx")).await;
    assert_eq!(s, 200, "{}", String::from_utf8_lossy(&bytes));
    assert!(headers["content-disposition"].to_str().unwrap().contains("filename*=UTF-8''"));
    let sheet = rows(&bytes);
    let names: Vec<String> = sheet[3..].iter().map(|r| r[2].to_string()).collect();
    let expected: Vec<String> = notice["data"]["batch"]["notice"]["entries"]
        .as_array()
        .unwrap_or_else(|| panic!("{notice}"))
        .iter()
        .map(|e| e["unitName"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, expected);
    let sibling = app.actor(RONGSHUI_ADMIN).await;
    assert_eq!(fetch(&app, Some(&sibling.access), &format!("/exports/batches/{id}/notice.xlsx")).await.0, 404);
}

#[tokio::test]
async fn the_rollup_with_children_is_what_the_rollup_query_answers() {
    let app = spawn_app().await;
    let city = app.actor(CITY_REVIEWER).await;
    let (s, _, bytes) = fetch(&app, Some(&city.access), "/exports/rollup.xlsx?period=2019").await;
    assert_eq!(s, 200, "{}", String::from_utf8_lossy(&bytes));
    let sheet = rows(&bytes);
    let inds = city.gql("{ indicators(first: 100) { edges { node { id name } } } }", json!({})).await;
    let ids: Vec<Value> =
        inds["data"]["indicators"]["edges"].as_array().unwrap().iter().map(|e| e["node"]["id"].clone()).collect();
    let q = "query($i: [ID!]!) { rollup(period: \"2019\", indicatorIds: $i) { indicatorName actual children { tenant { code } actual } } }";
    let r = city.gql(q, json!({ "i": ids })).await;
    let answers = r["data"]["rollup"].as_array().unwrap_or_else(|| panic!("{r}"));
    let totals: Vec<&Vec<Data>> = sheet[3..].iter().filter(|row| row[2].to_string().ends_with("（合计）")).collect();
    assert_eq!(totals.len(), answers.len());
    for (row, a) in totals.iter().zip(answers) {
        assert_eq!(row[0].to_string(), a["indicatorName"].as_str().unwrap());
        match (&row[5], a["actual"].as_str()) {
            (Data::Float(f), Some(v)) => assert!((f - v.parse::<f64>().unwrap()).abs() < 1e-9),
            (Data::Empty, None) => {}
            (cell, v) => panic!("{cell:?} vs {v:?}"),
        }
    }
    let child_lines = sheet[3..].len() - totals.len();
    let children: usize = answers.iter().map(|a| a["children"].as_array().unwrap().len()).sum();
    assert_eq!(child_lines, children);
    let rongshui = app.actor(RONGSHUI_ADMIN).await;
    let luzhai = app.tenant_id("450223").await;
    assert_eq!(
        fetch(&app, Some(&rongshui.access), &format!("/exports/rollup.xlsx?tenant={luzhai}&period=2019")).await.0,
        404
    );
}
