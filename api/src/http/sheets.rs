//! The workbooks and CSV files of the exports (see `exports`): written with `rust_xlsxwriter`,
//! each sheet with a title row (what, which tenant, which period or round, when exported in China
//! time), a frozen header naming units, column widths and numbers as numbers; CSV cells that a
//! spreadsheet would run as a formula are neutralised.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use crate::error::AppError;
use crate::service::targets;

/// When an export was made, as people read it: `2026-12-06 14:05`, China time (UTC+8).
pub(super) fn china_time(now: chrono::DateTime<chrono::Utc>) -> Result<String, AppError> {
    let china = chrono::FixedOffset::east_opt(8 * 3600).ok_or_else(|| AppError::internal("UTC+8 offset"))?;
    Ok(now.with_timezone(&china).format("%Y-%m-%d %H:%M").to_string())
}

/// A sheet name Excel takes: at most 31 characters, none of `[]:*?/\`, unique in the workbook.
fn sheet_name(name: &str, taken: &[String]) -> String {
    let clean: String = name.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(28).collect();
    let clean = if clean.trim().is_empty() { "指标".to_owned() } else { clean };
    let mut candidate = clean.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&candidate)) {
        candidate = format!("{clean}({n})");
        n += 1;
    }
    candidate
}

/// The decomposition table as a workbook: one sheet per indicator (see the module doc).
pub fn decomposition_xlsx(
    tenant: &str,
    period: &str,
    tables: &[targets::Decomposition],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<u8>, AppError> {
    let heading = SheetHeading { tenant, period, exported: china_time(now)? };
    let formats = SheetFormats::new();
    let mut wb = Workbook::new();
    let mut taken = Vec::new();
    let build = |wb: &mut Workbook, taken: &mut Vec<String>| -> Result<(), XlsxError> {
        for d in tables {
            decomposition_sheet(wb, taken, d, &heading, &formats)?;
        }
        if tables.is_empty() {
            wb.add_worksheet().write_string(
                0,
                0,
                format!("任务分解表 · {tenant} · {period} · 无指标 / no indicators"),
            )?;
        }
        Ok(())
    };
    build(&mut wb, &mut taken).map_err(AppError::internal)?;
    wb.save_to_buffer().map_err(AppError::internal)
}

/// What every sheet's title names besides the indicator: the tenant, the period and when the
/// table was exported (China time).
struct SheetHeading<'a> {
    tenant: &'a str,
    period: &'a str,
    exported: String,
}

/// The cell formats of a decomposition sheet.
struct SheetFormats {
    title: Format,
    head: Format,
    percent: Format,
    own_line: Format,
}

impl SheetFormats {
    /// The title in bold 14 pt, a bold wrapped centred header, percentages, the own line bold.
    fn new() -> Self {
        SheetFormats {
            title: Format::new().set_bold().set_font_size(14),
            head: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            percent: Format::new().set_num_format("0.00%"),
            own_line: Format::new().set_bold(),
        }
    }
}

/// Writes a figure as a number (with the format, if any), as text when it does not fit an
/// f64, and nothing when there is none.
pub(super) fn number(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    v: Option<Decimal>,
    f: Option<&Format>,
) -> Result<(), XlsxError> {
    match (v, v.and_then(|v| v.to_f64())) {
        (_, Some(x)) => match f {
            Some(f) => ws.write_number_with_format(r, c, x, f).map(|_| ()),
            None => ws.write_number(r, c, x).map(|_| ()),
        },
        (Some(v), None) => ws.write_string(r, c, v.to_string()).map(|_| ()),
        (None, None) => Ok(()),
    }
}

/// One indicator's sheet: the title row, the frozen header naming each figure's unit, the
/// tenant's own line, then one line per child. `taken` holds the sheet names already used.
fn decomposition_sheet(
    wb: &mut Workbook,
    taken: &mut Vec<String>,
    d: &targets::Decomposition,
    heading: &SheetHeading<'_>,
    formats: &SheetFormats,
) -> Result<(), XlsxError> {
    let SheetHeading { tenant, period, exported } = heading;
    let unit = &d.indicator.measure_unit;
    let name = sheet_name(&d.indicator.name, taken);
    taken.push(name.clone());
    let ws = wb.add_worksheet();
    ws.set_name(&name)?;
    let header = [
        "单位 / Tenant".to_owned(),
        "代码 / Code".to_owned(),
        format!("本级目标（{unit}）"),
        format!("配额（{unit}）"),
        format!("已下达（{unit}）"),
        format!("缺口（{unit}）"),
        format!("完成值（{unit}）"),
        "完成率（%）".to_owned(),
    ];
    let last = (header.len() - 1) as u16;
    let title = format!(
        "任务分解表 · {tenant} · {}（{unit}）· {period} · 导出于 {exported}（北京时间 UTC+8）",
        d.indicator.name
    );
    ws.merge_range(0, 0, 0, last, &title, &formats.title)?;
    ws.set_row_height(0, 24)?;
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, h, &formats.head)?;
    }
    ws.set_row_height(2, 32)?;
    ws.set_freeze_panes(3, 1)?;
    for (c, w) in [24.0, 14.0, 16.0, 16.0, 16.0, 16.0, 16.0, 12.0].into_iter().enumerate() {
        ws.set_column_width(c as u16, w)?;
    }
    ws.write_string_with_format(3, 0, format!("{}（本级）", d.tenant.name), &formats.own_line)?;
    ws.write_string(3, 1, &d.tenant.code)?;
    number(ws, 3, 2, d.own_target, None)?;
    number(ws, 3, 3, d.quota_received, None)?;
    number(ws, 3, 4, Some(d.handed_down), None)?;
    number(ws, 3, 5, d.gap, None)?;
    number(ws, 3, 6, d.actual, None)?;
    number(ws, 3, 7, d.completion, Some(&formats.percent))?;
    for (i, c) in d.children.iter().enumerate() {
        let r = 4 + i as u32;
        ws.write_string(r, 0, &c.tenant.name)?;
        ws.write_string(r, 1, &c.tenant.code)?;
        number(ws, r, 2, c.own_target, None)?;
        number(ws, r, 3, c.quota, None)?;
        number(ws, r, 6, c.actual, None)?;
        number(ws, r, 7, c.completion, Some(&formats.percent))?;
    }
    Ok(())
}

/// The published ranking of a round (`table`: the header, then one row per assessee, as
/// `assessments::notice_table` makes it) as a one-sheet workbook 通报: the title row, the frozen
/// header, the rank and every score as numbers.
pub fn notice_xlsx(
    round: &str,
    tenant: &str,
    table: &[Vec<String>],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<u8>, AppError> {
    let exported = china_time(now)?;
    let formats = SheetFormats::new();
    let numeric = numeric_columns(table);
    let mut wb = Workbook::new();
    let build = |wb: &mut Workbook| -> Result<(), XlsxError> {
        let ws = wb.add_worksheet();
        ws.set_name("通报")?;
        let width = table.first().map_or(1, Vec::len).max(1);
        let title = format!("{round} · 考评结果通报 · {tenant} · 导出于 {exported}（北京时间 UTC+8）");
        if width > 1 {
            ws.merge_range(0, 0, 0, (width - 1) as u16, &title, &formats.title)?;
        } else {
            ws.write_string_with_format(0, 0, &title, &formats.title)?;
        }
        ws.set_row_height(0, 24)?;
        for (r, row) in table.iter().enumerate() {
            let at = 2 + r as u32;
            for (c, cell) in row.iter().enumerate() {
                let c16 = c as u16;
                if r == 0 {
                    ws.write_string_with_format(at, c16, cell, &formats.head)?;
                } else if numeric.get(c).copied().unwrap_or(false)
                    && let Ok(v) = cell.parse::<Decimal>()
                {
                    number(ws, at, c16, Some(v), None)?;
                } else {
                    ws.write_string(at, c16, cell)?;
                }
            }
        }
        ws.set_row_height(2, 32)?;
        ws.set_freeze_panes(3, 2)?;
        for c in 0..width {
            let w = match c {
                0 => 8.0,
                1 => 24.0,
                2 => 14.0,
                _ => 12.0,
            };
            ws.set_column_width(c as u16, w)?;
        }
        Ok(())
    };
    build(&mut wb).map_err(AppError::internal)?;
    wb.save_to_buffer().map_err(AppError::internal)
}

/// Columns written as numbers: rank, and the scores (everything between the code and the grade).
fn numeric_columns(table: &[Vec<String>]) -> Vec<bool> {
    let n = table.first().map(Vec::len).unwrap_or(0);
    (0..n).map(|i| i == 0 || (i >= 3 && i + 1 < n)).collect()
}

/// CSV: UTF-8 with BOM, CRLF, fields quoted when they hold a comma, quote or line break.
pub fn csv(table: &[Vec<String>]) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    for row in table {
        let cells: Vec<String> = row
            .iter()
            .map(|c| {
                let c = &neutralised(c);
                if c.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.to_string()
                }
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// A cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab or a carriage
/// return first) gets a leading `'`, which shows it as the text it is; numbers stay numbers.
fn neutralised(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<Decimal>().is_err() { format!("'{cell}").into() } else { cell.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_neutralises_formulas_but_not_numbers() {
        let t = vec![vec!["a,b".to_owned(), "say \"hi\"".to_owned()]];
        assert_eq!(csv(&t), "\u{feff}\"a,b\",\"say \"\"hi\"\"\"\r\n".as_bytes());
        let t =
            vec![vec!["=HYPERLINK(\"x\")".to_owned(), "-5".to_owned(), "+86 771".to_owned(), "@SUM(A1)".to_owned()]];
        assert_eq!(csv(&t), "\u{feff}\"'=HYPERLINK(\"\"x\"\")\",-5,'+86 771,'@SUM(A1)\r\n".as_bytes());
    }

    #[test]
    fn a_notice_is_a_workbook_with_a_title_row() {
        let table = vec![
            vec!["名次".to_owned(), "被考评单位".to_owned(), "代码".to_owned(), "总分".to_owned(), "等次".to_owned()],
            vec!["1".to_owned(), "寨沙镇".to_owned(), "450223102".to_owned(), "94.5".to_owned(), "优秀".to_owned()],
        ];
        let bytes = notice_xlsx("2018年度考评", "鹿寨县", &table, chrono::Utc::now()).expect("a workbook");
        assert_eq!(&bytes[..2], b"PK");
    }
}
