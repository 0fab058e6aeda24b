//! Excel imports (导入): a workbook made from a downloaded template (`http::templates`), filled
//! in by people in a spreadsheet program, uploaded as a file (`POST /files`), then dry-run and
//! applied through the same rules as the API (`decomposition`).
//!
//! A template names what it is for in a hidden sheet: the template kind and version, the tenant,
//! the period and the indicator of each column. An import refuses a workbook made for another
//! tenant, kind or version, and one too big to be a filled-in template (more than
//! [`MAX_ENTRIES`] parts, [`MAX_UNPACKED`] bytes unpacked or [`MAX_ROWS`] rows: zip bombs and
//! oversize sheets) before reading a cell.

pub mod decomposition;
pub mod figures;
pub mod plan;

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use crate::auth::Scope;
use crate::domain::file::Kind;
use crate::domain::ids::FileId;
use crate::domain::sheet::{Cell, half_width};
use crate::error::AppError;
use crate::service::files;
use crate::service::tenants::Tenant;
use crate::state::AppState;

/// The hidden sheet of a template.
pub const META_SHEET: &str = "_shiliu";
/// What its first cell says.
pub const MARK: &str = "shiliu-template";
/// The largest workbook taken (bytes as uploaded).
pub const MAX_FILE: i64 = 5 << 20;
/// The most parts a workbook may have.
pub const MAX_ENTRIES: usize = 200;
/// The most its parts may unpack to, in all: a template of 20,000 figures unpacks to about
/// 1 MiB, so this is room enough, and small enough that reading one never takes seconds.
pub const MAX_UNPACKED: u64 = 20 << 20;
/// The most rows a sheet of a template may have (a city's counties or a county's townships,
/// many times over).
pub const MAX_ROWS: usize = 5_000;
/// The most columns (indicators and the two naming columns).
pub const MAX_COLS: usize = 300;

/// A sheet's cells by row, as read (rows and columns from 0, as in the file).
pub struct Sheet {
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        self.rows.get(row).and_then(|r| r.get(col)).unwrap_or(&Cell::Empty)
    }

    /// A cell's text (a number as written), trimmed, digits half-width.
    pub fn text(&self, row: usize, col: usize) -> String {
        match self.cell(row, col) {
            Cell::Text(t) => half_width(t).trim().to_owned(),
            Cell::Number(f) => format!("{f}"),
            _ => String::new(),
        }
    }
}

fn unreadable() -> AppError {
    AppError::bad_input(
        "fileId",
        "无法读取该 Excel 文件，请用模板重新填写 / the workbook cannot be read; fill in the template again",
    )
}

/// Refuses a ZIP that could unpack to far more than a template ever holds, by its directory.
fn check_container(bytes: &[u8]) -> Result<(), AppError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| unreadable())?;
    let too_big = || {
        AppError::bad_input(
            "fileId",
            "文件内容过大，不像填好的模板 / the workbook unpacks to far more than a filled-in template",
        )
    };
    if zip.len() > MAX_ENTRIES {
        return Err(too_big());
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let size = zip.by_index_raw(i).map(|f| f.size()).unwrap_or(u64::MAX);
        total = total.saturating_add(size);
    }
    if total > MAX_UNPACKED { Err(too_big()) } else { Ok(()) }
}

/// Reads the named sheets of a workbook (absent ones are None). Blocking: call it off the
/// runtime (`tokio::task::spawn_blocking`).
pub fn read_sheets(bytes: Vec<u8>, names: &[&str]) -> Result<Vec<Option<Sheet>>, AppError> {
    check_container(&bytes)?;
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|_| unreadable())?;
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        if !wb.sheet_names().iter().any(|n| n == name) {
            out.push(None);
            continue;
        }
        let range = wb.worksheet_range(name).map_err(|_| unreadable())?;
        let (start_row, start_col) = range.start().unwrap_or((0, 0));
        let (height, width) = range.get_size();
        if start_row as usize + height > MAX_ROWS || start_col as usize + width > MAX_COLS {
            return Err(AppError::bad_input(
                "fileId",
                format!(
                    "表格超过 {MAX_ROWS} 行或 {MAX_COLS} 列 / the sheet has more than {MAX_ROWS} rows or {MAX_COLS} columns"
                ),
            ));
        }
        let mut rows = vec![vec![Cell::Empty; start_col as usize + width]; start_row as usize + height];
        for (r, c, data) in range.used_cells() {
            rows[start_row as usize + r][start_col as usize + c] = cell_of(data);
        }
        out.push(Some(Sheet { rows }));
    }
    Ok(out)
}

fn cell_of(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Text(i.to_string()),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::Error(e) => Cell::Error(e.to_string()),
        Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) => Cell::Error("日期 / a date".to_owned()),
    }
}

/// An uploaded workbook's hidden sheet and main sheet `sheet` (refused when missing), and the
/// caller's home tenant: the first steps of every import.
pub async fn load(
    state: &AppState,
    scope: &Scope,
    file_id: FileId,
    sheet: &'static str,
) -> Result<(Option<Sheet>, Sheet, Tenant), AppError> {
    let file = files::get(state, scope, file_id).await.map_err(|e| match e {
        AppError::NotFound { entity } => AppError::NotFoundAt { entity, field: "fileId".to_owned() },
        e => e,
    })?;
    if file.content_type != Kind::Xlsx.content_type() || file.size > MAX_FILE {
        return Err(AppError::bad_input(
            "fileId",
            format!(
                "请上传填好的 .xlsx 模板（不超过 {} MB）/ upload the filled-in .xlsx template (at most {MAX_FILE} bytes)",
                MAX_FILE >> 20
            ),
        ));
    }
    let key = crate::domain::file::content_key(&file.sha256);
    let bytes = state
        .blobs
        .get_bytes(&key)
        .await?
        .ok_or_else(|| AppError::internal("an uploaded file's content is missing"))?;
    let mut sheets = tokio::task::spawn_blocking(move || read_sheets(bytes.to_vec(), &[META_SHEET, sheet]))
        .await
        .map_err(AppError::internal)??;
    let main = sheets.pop().flatten();
    let meta = sheets.pop().flatten();
    let home = crate::service::tenants::get(&state.db, scope, scope.home()).await?;
    let main = main.ok_or_else(|| {
        AppError::bad_input("fileId", format!("模板缺少“{sheet}”工作表 / the sheet {sheet} is missing"))
    })?;
    Ok((meta, main, home))
}
