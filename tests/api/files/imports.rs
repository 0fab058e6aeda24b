//! The decomposition table from Excel: the city's ADMIN downloads the template, fills in quotas
//! for its 10 counties as a spreadsheet program would (typed text, full-width digits, thousands
//! separators, a formula), dry-runs, is shown the two bad cells, fixes them and imports; the
//! table matches, the template downloaded again holds the same figures, and a template of
//! another tenant, a workbook that is no template and a zip bomb change nothing.

use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{Formula, Workbook};
use serde_json::{Value, json};

use super::*;

const IMPORT: &str = "mutation($f: ID!, $a: Boolean!) { importDecomposition(fileId: $f, apply: $a) { applied period created changed unchanged refused tenant { code } cells { cell code name indicatorName action before after message } } }";
const DECOMPOSE: &str = "query($i: ID!, $p: String!) { decomposition(indicatorId: $i, period: $p) { ownTarget children { tenant { code } quota } } }";

/// A cell as a spreadsheet program writes it back.
#[derive(Clone, Debug)]
enum Put {
    Text(String),
    Number(f64),
    Formula(&'static str, &'static str),
    Blank,
}

/// Every sheet of a workbook as cells by row.
fn read(bytes: &[u8]) -> Vec<(String, Vec<Vec<Put>>)> {
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).unwrap();
            let (h, w) = range.end().map_or((0, 0), |(r, c)| (r as usize + 1, c as usize + 1));
            let mut rows = vec![vec![Put::Blank; w]; h];
            for (r, c, d) in range.used_cells() {
                let (r, c) = (r + range.start().unwrap().0 as usize, c + range.start().unwrap().1 as usize);
                rows[r][c] = match d {
                    Data::String(s) => Put::Text(s.clone()),
                    Data::Float(f) => Put::Number(*f),
                    Data::Int(i) => Put::Number(*i as f64),
                    _ => Put::Blank,
                };
            }
            (name, rows)
        })
        .collect()
}

/// Writes the sheets back (the second hidden, as the template has it).
fn write(sheets: &[(String, Vec<Vec<Put>>)]) -> Vec<u8> {
    let mut wb = Workbook::new();
    for (i, (name, rows)) in sheets.iter().enumerate() {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, put) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match put {
                    Put::Text(t) => drop(ws.write_string(r, c, t).unwrap()),
                    Put::Number(n) => drop(ws.write_number(r, c, *n).unwrap()),
                    Put::Formula(f, v) => drop(ws.write_formula(r, c, Formula::new(*f).set_result(*v)).unwrap()),
                    Put::Blank => {}
                }
            }
        }
        if i == 1 {
            ws.set_hidden(true);
        }
    }
    wb.save_to_buffer().unwrap()
}

async fn template(app: &TestApp, actor: &Actor<'_>, period: &str) -> Vec<(String, Vec<Vec<Put>>)> {
    let (s, headers, bytes) =
        fetch(app, Some(&actor.access), &format!("/exports/decomposition-template.xlsx?period={period}")).await;
    assert_eq!(s, 200, "{}", String::from_utf8_lossy(&bytes));
    assert!(headers["content-disposition"].to_str().unwrap().contains("filename*=UTF-8''"));
    read(&bytes)
}

async fn import(actor: &Actor<'_>, sheets: &[(String, Vec<Vec<Put>>)], apply: bool) -> Value {
    let f = upload(actor, "任务分解表.xlsx", &write(sheets)).await;
    actor.gql(IMPORT, json!({ "f": f["id"], "a": apply })).await
}

fn refused(plan: &Value) -> Vec<String> {
    plan["cells"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["action"] == "REFUSED")
        .map(|c| c["cell"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_city_imports_quotas_for_its_counties_after_fixing_the_cells_it_is_shown() {
    let app = spawn_app().await;
    let city = app.actor(CITY_ADMIN).await;
    let mut sheets = template(&app, &city, "2020").await;
    assert_eq!(sheets.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["任务分解表", "_shiliu"]);
    let main = &sheets[0].1;
    let codes: Vec<String> = main[3..]
        .iter()
        .map(|r| match &r[0] {
            Put::Text(t) => t.clone(),
            _ => String::new(),
        })
        .collect();
    assert_eq!(codes.len(), 10, "one row per county: {codes:?}");
    assert!(matches!(&main[2][0], Put::Text(t) if t == "450200"));
    let indicator_id = match &sheets[1].1[3][2] {
        Put::Text(t) => t.clone(),
        other => panic!("{other:?}"),
    };
    let unit = match &main[1][2] {
        Put::Text(t) => t.split('（').nth(1).unwrap().trim_end_matches('）').to_owned(),
        other => panic!("{other:?}"),
    };

    // Quotas for the ten counties in column C, typed every way; two of them wrong.
    let typed = ["1,200", "１５", "30", &format!("40{unit}"), "bad", "-5", "60", "70", "80", "90"];
    for (j, t) in typed.iter().enumerate() {
        sheets[0].1[3 + j][2] = Put::Text((*t).to_owned());
    }
    sheets[0].1[3 + 2][2] = Put::Formula("=10+20", "30");
    sheets[0].1[2][2] = Put::Number(5000.0);
    let dry = import(&city, &sheets, false).await;
    assert_ok(&dry);
    let plan = &dry["data"]["importDecomposition"];
    assert_eq!(plan["applied"], false);
    assert_eq!(refused(plan), ["C8", "C9"], "{plan}");
    let c8 = plan["cells"].as_array().unwrap().iter().find(|c| c["cell"] == "C8").unwrap();
    assert!(c8["message"].as_str().unwrap().contains("不是数字"), "{c8}");
    let first = plan["cells"].as_array().unwrap().iter().find(|c| c["cell"] == "C4").unwrap();
    assert_eq!((first["after"].as_str(), first["code"].as_str()), (Some("1200"), Some(codes[0].as_str())));
    // Applying while cells are refused names them all and writes nothing.
    let refused_apply = import(&city, &sheets, true).await;
    assert_code(&refused_apply, "BAD_USER_INPUT");
    let lines = refused_apply["errors"][0]["extensions"]["lines"].as_array().unwrap();
    assert_eq!(lines.iter().map(|l| l["field"].as_str().unwrap()).collect::<Vec<_>>(), ["C8", "C9"]);
    let d = city.gql(DECOMPOSE, json!({ "i": indicator_id, "p": "2020" })).await;
    assert!(d["data"]["decomposition"]["children"].as_array().unwrap().iter().all(|c| c["quota"].is_null()), "{d}");

    sheets[0].1[3 + 4][2] = Put::Number(50.0);
    sheets[0].1[3 + 5][2] = Put::Text(" ５５ ".to_owned());
    let dry = import(&city, &sheets, false).await;
    let plan = &dry["data"]["importDecomposition"];
    assert_eq!((plan["refused"].as_u64(), plan["created"].as_u64()), (Some(0), Some(11)), "{dry}");
    let done = import(&city, &sheets, true).await;
    assert_ok(&done);
    assert_eq!(done["data"]["importDecomposition"]["applied"], true);

    let d = city.gql(DECOMPOSE, json!({ "i": indicator_id, "p": "2020" })).await;
    let table = &d["data"]["decomposition"];
    assert_eq!(table["ownTarget"], "5000");
    let quotas: Vec<&str> =
        table["children"].as_array().unwrap().iter().map(|c| c["quota"].as_str().unwrap()).collect();
    assert_eq!(quotas, ["1200", "15", "30", "40", "50", "55", "60", "70", "80", "90"]);
    let audit =
        city.gql("{ auditLog(first: 5, filter: {action: \"decomposition.import\"}) { totalCount } }", json!({})).await;
    assert_eq!(audit["data"]["auditLog"]["totalCount"], 1, "{audit}");

    // The template downloaded again holds the imported figures; importing it changes nothing.
    let again = template(&app, &city, "2020").await;
    assert!(matches!(again[0].1[3][2], Put::Number(n) if n == 1200.0));
    assert!(matches!(again[0].1[8][2], Put::Number(n) if n == 55.0));
    let same = import(&city, &again, true).await;
    let plan = &same["data"]["importDecomposition"];
    assert_eq!(
        (plan["applied"].as_bool(), plan["refused"].as_u64(), plan["changed"].as_u64()),
        (Some(false), Some(0), Some(0)),
        "{same}"
    );
    assert!(plan["unchanged"].as_u64().unwrap() >= 11);
}

#[tokio::test]
async fn another_tenants_template_a_plain_workbook_and_a_zip_bomb_change_nothing() {
    let app = spawn_app().await;
    let luzhai = app.actor(LUZHAI_ADMIN).await;
    let rongshui = app.actor(RONGSHUI_ADMIN).await;
    let mut sheets = template(&app, &luzhai, "2019").await;
    sheets[0].1[3][2] = Put::Number(7.0);
    // 鹿寨's own file is not even visible to 融水.
    let f = upload(&luzhai, "鹿寨.xlsx", &write(&sheets)).await;
    let body = rongshui.gql(IMPORT, json!({ "f": f["id"], "a": false })).await;
    assert_code(&body, "NOT_FOUND");
    assert_eq!(body["errors"][0]["extensions"]["field"], "fileId");
    // Uploaded by 融水 itself, the template is still 鹿寨's.
    let body = import(&rongshui, &sheets, true).await;
    assert_code(&body, "BAD_USER_INPUT");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("450223"), "{body}");
    // A reporter may not import; a workbook without the hidden sheet is no template.
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    assert_code(&import(&reporter, &sheets, false).await, "FORBIDDEN");
    assert_code(&import(&luzhai, &sheets[..1], false).await, "BAD_USER_INPUT");
    // Parts that would unpack to 60 MiB.
    let bomb = {
        use std::io::Write as _;
        let mut out = std::io::Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for p in ["[Content_Types].xml", "xl/workbook.xml"] {
            z.start_file(p, opts).unwrap();
            z.write_all(b"<x/>").unwrap();
        }
        z.start_file("xl/worksheets/sheet1.xml", opts.large_file(true)).unwrap();
        let zeros = vec![b' '; 1 << 20];
        for _ in 0..60 {
            z.write_all(&zeros).unwrap();
        }
        z.finish().unwrap();
        out.into_inner()
    };
    let f = upload(&luzhai, "bomb.xlsx", &bomb).await;
    let body = luzhai.gql(IMPORT, json!({ "f": f["id"], "a": true })).await;
    assert_code(&body, "BAD_USER_INPUT");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("过大"), "{body}");
    let d = luzhai.gql(DECOMPOSE, json!({ "i": indicator(&luzhai, "PUB_ACTIVITIES").await, "p": "2019" })).await;
    assert_ok(&d);
    let audit = luzhai
        .gql("{ auditLog(first: 5, filter: {action: \"decomposition.import\"}) { totalCount } }", json!({}))
        .await;
    assert_eq!(audit["data"]["auditLog"]["totalCount"], 0);
}

const IMPORT_FIGURES: &str = "mutation($f: ID!, $a: Boolean!) { importFigures(fileId: $f, apply: $a) { kind applied period created changed unchanged refused cells { cell code name action before after message } } }";

#[tokio::test]
async fn a_township_imports_its_figures_of_a_month_and_its_units() {
    let app = spawn_app().await;
    let reporter = app.actor(ZHAISHA_REPORTER).await;
    let (s, _, bytes) = fetch(&app, Some(&reporter.access), "/exports/figures-template.xlsx?period=2021-04").await;
    assert_eq!(s, 200, "{}", String::from_utf8_lossy(&bytes));
    let mut sheets = read(&bytes);
    assert_eq!(sheets[0].0, "填报数据");
    let main = &sheets[0].1;
    assert!(matches!(&main[2][0], Put::Text(t) if t == "450223102"), "the township's own row first");
    let unit_row = main.iter().position(|r| matches!(&r[0], Put::Text(t) if t.starts_with('U'))).expect("a unit row");
    let width = main[1].len();
    assert!(width > 3, "indicator columns");
    // Own figures in the first two columns, one unit's in the first; one bad cell.
    sheets[0].1[2][2] = Put::Text("１,２００".to_owned());
    sheets[0].1[2][3] = Put::Number(7.0);
    sheets[0].1[unit_row][2] = Put::Text("-3".to_owned());
    let send = |sheets: &[(String, Vec<Vec<Put>>)], apply: bool| {
        let bytes = write(sheets);
        let reporter = &reporter;
        async move {
            let f = upload(reporter, "填报.xlsx", &bytes).await;
            reporter.gql(IMPORT_FIGURES, json!({ "f": f["id"], "a": apply })).await
        }
    };
    let dry = send(&sheets, false).await;
    assert_ok(&dry);
    let plan = &dry["data"]["importFigures"];
    assert_eq!(plan["kind"], "figures");
    let bad = format!("C{}", unit_row + 1);
    assert_eq!(refused(plan), [bad], "{plan}");
    assert_code(&send(&sheets, true).await, "BAD_USER_INPUT");
    sheets[0].1[unit_row][2] = Put::Number(3.0);
    let done = send(&sheets, true).await;
    assert_ok(&done);
    let plan = &done["data"]["importFigures"];
    assert_eq!((plan["applied"].as_bool(), plan["created"].as_u64()), (Some(true), Some(3)), "{done}");
    // The template again holds them; importing it again changes nothing.
    let (_, _, bytes) = fetch(&app, Some(&reporter.access), "/exports/figures-template.xlsx?period=2021-04").await;
    let again = read(&bytes);
    assert!(matches!(again[0].1[2][2], Put::Number(n) if n == 1200.0));
    assert!(matches!(again[0].1[unit_row][2], Put::Number(n) if n == 3.0));
    let same = send(&again, true).await;
    let plan = &same["data"]["importFigures"];
    assert_eq!((plan["applied"].as_bool(), plan["unchanged"].as_u64()), (Some(false), Some(3)), "{same}");
    // A sibling's template is refused; a VIEWER may not import.
    let anta = app.actor(ANTAI_REPORTER).await;
    let f = upload(&anta, "x.xlsx", &write(&sheets)).await;
    assert_code(&anta.gql(IMPORT_FIGURES, json!({ "f": f["id"], "a": false })).await, "BAD_USER_INPUT");
    let viewer = app.actor("zhaisha.viewer").await;
    assert_code(&viewer.gql(IMPORT_FIGURES, json!({ "f": f["id"], "a": false })).await, "FORBIDDEN");
}
