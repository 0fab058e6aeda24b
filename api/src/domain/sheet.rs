//! Cells of a spreadsheet filled in by people: where a cell is (`D7`), and what figure it holds.
//! Offices type figures every way a spreadsheet lets them: full-width digits (１２３), thousands
//! separators (1,234 or 1，234), the unit after the number (12万元, 85%), spaces; a formula's
//! cell holds the value it last computed. A blank cell is no figure (left as it is); 0 is zero.
//! Numbers come exactly: a text as written, a number through the shortest decimal that reads
//! back as the same binary number (what Excel shows and stores, up to 15 significant digits),
//! never through further rounding.

use std::str::FromStr;

use rust_decimal::Decimal;

/// A cell as the reader gives it.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Number(f64),
    Text(String),
    Bool(bool),
    /// A formula that failed (`#DIV/0!`, `#REF!`).
    Error(String),
}

/// The A1 name of a cell, from 0-based row and column: (6, 3) is `D7`.
pub fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        c = (c - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row + 1).to_string()
}

/// Full-width digits and signs as their ASCII forms; ideographic spaces as spaces.
pub fn half_width(raw: &str) -> String {
    raw.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' | '。' => '.',
            '，' => ',',
            '－' | '—' => '-',
            '＋' => '+',
            '％' => '%',
            '\u{3000}' => ' ',
            other => other,
        })
        .collect()
}

/// The figure a cell holds, for an indicator measured in `unit`: None for a blank cell, or why
/// it is no figure (in Chinese, then English).
pub fn figure(cell: &Cell, unit: &str) -> Result<Option<Decimal>, String> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(f) if f.is_finite() => Decimal::from_str(&format!("{f}"))
            .or_else(|_| Decimal::from_scientific(&format!("{f:e}")))
            .map(Some)
            .map_err(|_| format!("数字 {f} 超出范围 / the number {f} is out of range")),
        Cell::Number(_) => Err("不是有效数字 / not a valid number".to_owned()),
        Cell::Bool(_) => Err("应填数字，不是真/假 / a figure is expected, not TRUE or FALSE".to_owned()),
        Cell::Error(e) => Err(format!("公式出错（{e}），请修正 / the formula failed ({e}); correct it")),
        Cell::Text(t) => text_figure(t, unit),
    }
}

fn text_figure(raw: &str, unit: &str) -> Result<Option<Decimal>, String> {
    let mut t: String = half_width(raw).chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() {
        return Ok(None);
    }
    let unit_ascii = half_width(unit);
    for suffix in [unit_ascii.as_str(), "%"] {
        if !suffix.is_empty() && t.len() > suffix.len() && t.ends_with(suffix) {
            if suffix == "%" && unit_ascii != "%" {
                return Err(format!(
                    "“{raw}”是百分数，本指标的单位是{unit} / {raw:?} is a percentage; the indicator counts {unit}"
                ));
            }
            t.truncate(t.len() - suffix.len());
            break;
        }
    }
    let grouped = t.contains(',');
    if grouped && !thousands_ok(&t) {
        return Err(format!("“{raw}”的千分位不对 / {raw:?} has misplaced thousands separators"));
    }
    let plain = t.replace(',', "");
    let ok = !plain.is_empty()
        && plain.trim_start_matches(['-', '+']).chars().all(|c| c.is_ascii_digit() || c == '.')
        && plain.matches('.').count() <= 1
        && plain.chars().any(|c| c.is_ascii_digit());
    if !ok {
        return Err(format!("“{raw}”不是数字 / {raw:?} is not a number"));
    }
    Decimal::from_str(plain.trim_start_matches('+'))
        .map(Some)
        .map_err(|_| format!("“{raw}”超出范围 / {raw:?} is out of range"))
}

/// `1,234,567.5`: groups of three after the first, commas only in the whole part.
fn thousands_ok(t: &str) -> bool {
    let whole = t.trim_start_matches(['-', '+']).split('.').next().unwrap_or_default();
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or_default();
    (1..=3).contains(&first.len())
        && groups.all(|g| g.len() == 3)
        && !t.split('.').nth(1).is_some_and(|f| f.contains(','))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<Decimal> {
        Some(Decimal::from_str(s).unwrap())
    }

    #[test]
    fn cells_are_named_as_spreadsheets_name_them() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(6, 3), "D7");
        assert_eq!(cell_name(9, 25), "Z10");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(1, 701), "ZZ2");
        assert_eq!(cell_name(1, 702), "AAA2");
    }

    #[test]
    fn figures_are_read_the_ways_offices_type_them() {
        let t = |s: &str| figure(&Cell::Text(s.to_owned()), "万元");
        assert_eq!(t("1,234.5"), Ok(d("1234.5")));
        assert_eq!(t("１２３４"), Ok(d("1234")));
        assert_eq!(t("1，234"), Ok(d("1234")));
        assert_eq!(t(" 12万元 "), Ok(d("12")));
        assert_eq!(t("0"), Ok(d("0")));
        assert_eq!(t("   "), Ok(None));
        assert_eq!(t("0.1"), Ok(d("0.1")));
        assert!(t("12,34").is_err());
        assert!(t("1.2.3").is_err());
        assert!(t("十二").is_err());
        assert!(t("85%").is_err(), "a percentage for a 万元 indicator");
        assert_eq!(figure(&Cell::Text("85%".into()), "%"), Ok(d("85")));
        assert_eq!(figure(&Cell::Text("85％".into()), "%"), Ok(d("85")));
        assert_eq!(figure(&Cell::Empty, "场"), Ok(None));
        assert!(figure(&Cell::Error("#DIV/0!".into()), "场").is_err());
        assert!(figure(&Cell::Bool(true), "场").is_err());
    }

    #[test]
    fn numbers_come_exactly_as_excel_keeps_them() {
        assert_eq!(figure(&Cell::Number(0.1), "万元"), Ok(d("0.1")));
        assert_eq!(figure(&Cell::Number(1234.56), "万元"), Ok(d("1234.56")));
        assert_eq!(figure(&Cell::Number(120.0), "场"), Ok(d("120")));
        assert_eq!(figure(&Cell::Number(0.1 + 0.2), "万元"), Ok(d("0.30000000000000004")));
        assert!(figure(&Cell::Number(f64::NAN), "场").is_err());
    }
}
