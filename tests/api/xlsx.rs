//! Reading the workbooks the exports write (the zip's parts, shared strings resolved).

use std::io::Read as _;

/// Every sheet of a workbook: its name and its rows of cells (strings resolved).
pub fn workbook(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a zip archive");
    let mut read = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap_or_else(|_| panic!("missing {name}")).read_to_string(&mut s).unwrap();
        s
    };
    let unescape = |s: &str| s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    let between = |s: &str, open: &str, close: &str| -> Option<String> {
        let start = s.find(open)? + open.len();
        let rest = &s[start..];
        let start = rest.find('>')? + 1;
        Some(rest[start..start + rest[start..].find(close)?].to_owned())
    };
    let shared: Vec<String> = read("xl/sharedStrings.xml")
        .split("<si>")
        .skip(1)
        .map(|si| unescape(&between(si, "<t", "</t>").unwrap_or_default()))
        .collect();
    let book = read("xl/workbook.xml");
    let names: Vec<String> = book
        .split("<sheet ")
        .skip(1)
        .map(|s| unescape(s.split("name=\"").nth(1).unwrap().split('"').next().unwrap()))
        .collect();
    let mut out = Vec::new();
    for (i, name) in names.into_iter().enumerate() {
        let sheet = read(&format!("xl/worksheets/sheet{}.xml", i + 1));
        let mut rows: Vec<Vec<String>> = Vec::new();
        for row in sheet.split("<row ").skip(1) {
            let r: usize = row.split("r=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
            let cells = {
                let mut cells = Vec::new();
                for c in row.split("<c ").skip(1) {
                    let at = c.split("r=\"").nth(1).unwrap().split('"').next().unwrap();
                    let col =
                        at.bytes().take_while(u8::is_ascii_alphabetic).fold(0, |n, b| n * 26 + (b - b'A' + 1) as usize)
                            - 1;
                    let head = &c[..c.find('>').unwrap()];
                    let v = between(c, "<v", "</v>").unwrap_or_default();
                    let text = if head.contains("t=\"s\"") { shared[v.parse::<usize>().unwrap()].clone() } else { v };
                    cells.resize(col + 1, String::new());
                    cells[col] = text;
                }
                cells
            };
            rows.resize(r, Vec::new());
            rows[r - 1] = cells;
        }
        out.push((name, rows));
    }
    out
}
