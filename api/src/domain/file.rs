//! Ledger evidence files (台账): the kinds accepted, told by their content (never by the name or
//! the Content-Type a client sends), the name a file is kept under, where its content lives in
//! the storage, and the evidence reference (`file:<id>`) that attaches it.

use crate::domain::ids::FileId;
use crate::error::AppError;

/// The kinds of file accepted (`files.kinds` says which of them a deployment takes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Jpeg,
    Png,
    Pdf,
    Docx,
    Xlsx,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::Jpeg, Kind::Png, Kind::Pdf, Kind::Docx, Kind::Xlsx];

    /// The name in `files.kinds`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Jpeg => "jpeg",
            Kind::Png => "png",
            Kind::Pdf => "pdf",
            Kind::Docx => "docx",
            Kind::Xlsx => "xlsx",
        }
    }

    pub fn parse(raw: &str) -> Option<Kind> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw.trim().to_ascii_lowercase())
    }

    /// The media type a download is sent with.
    pub fn content_type(self) -> &'static str {
        match self {
            Kind::Jpeg => "image/jpeg",
            Kind::Png => "image/png",
            Kind::Pdf => "application/pdf",
            Kind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Kind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    /// Whether a browser may show it in the page (images, PDF) rather than only save it.
    pub fn inline(self) -> bool {
        matches!(self, Kind::Jpeg | Kind::Png | Kind::Pdf)
    }
}

/// What the first bytes of a file say it is. A ZIP container is a Word or Excel file only by the
/// parts it holds, so for one `zip_parts` lists its entry names (and is not called otherwise).
pub fn sniff(head: &[u8], zip_parts: impl FnOnce() -> Vec<String>) -> Option<Kind> {
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(Kind::Jpeg);
    }
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(Kind::Png);
    }
    if head.starts_with(b"%PDF-") {
        return Some(Kind::Pdf);
    }
    if head.starts_with(b"PK\x03\x04") {
        let parts = zip_parts();
        let has = |name: &str| parts.iter().any(|p| p == name);
        if has("[Content_Types].xml") {
            if has("word/document.xml") {
                return Some(Kind::Docx);
            }
            if has("xl/workbook.xml") {
                return Some(Kind::Xlsx);
            }
        }
    }
    None
}

/// Whether a file starting with `head` may turn out to be of an accepted kind: a chunked upload
/// is refused at its first piece when it cannot (the rest of a large file is not sent in vain).
/// A ZIP container may be a Word or Excel file; only its end tells.
pub fn plausible(head: &[u8], accepted: impl Fn(Kind) -> bool) -> bool {
    match sniff(head, || vec!["[Content_Types].xml".to_owned(), "word/document.xml".to_owned()]) {
        Some(Kind::Docx) => accepted(Kind::Docx) || accepted(Kind::Xlsx),
        Some(kind) => accepted(kind),
        None => false,
    }
}

/// The most characters a file name keeps.
pub const NAME_MAX_CHARS: usize = 200;

/// The name a file is kept under: the last path segment of what the client sent (browsers on
/// Windows once sent `C:\…\照片.jpg`), without control characters, at most
/// [`NAME_MAX_CHARS`] (the extension kept); a blank name becomes `file.<kind>`.
pub fn clean_name(raw: &str, kind: Kind) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = last.chars().filter(|c| !c.is_control()).collect::<String>().trim().to_owned();
    if clean.is_empty() || clean == "." || clean == ".." {
        return format!("file.{}", kind.as_str());
    }
    if clean.chars().count() <= NAME_MAX_CHARS {
        return clean;
    }
    let ext: String = match clean.rsplit_once('.') {
        Some((_, e)) if e.chars().count() <= 10 => format!(".{e}"),
        _ => String::new(),
    };
    let keep = NAME_MAX_CHARS - ext.chars().count();
    clean.chars().take(keep).chain(ext.chars()).collect()
}

/// Where the content with this SHA-256 (lower-case hex) is kept: `sha256/ab/cd/abcd…`, so that
/// no folder of the local storage grows past 65,536 entries of folders.
pub fn content_key(sha256: &str) -> String {
    let a = sha256.get(0..2).unwrap_or("00");
    let b = sha256.get(2..4).unwrap_or("00");
    format!("sha256/{a}/{b}/{sha256}")
}

/// The evidence reference that attaches a file: `file:<id>` (what `File.reference` gives).
pub fn reference(id: FileId) -> String {
    format!("file:{id}")
}

/// The file an evidence reference names, if it names one: `file:<id>`. Anything else (a link, a
/// description of a paper ledger) is free text. `file:` with no valid id is an error, since the
/// client meant a file.
pub fn referenced(field: &str, r: &str) -> Result<Option<FileId>, AppError> {
    let Some(rest) = r.trim().strip_prefix("file:") else { return Ok(None) };
    match rest.parse::<i64>() {
        Ok(id) if id > 0 => Ok(Some(FileId(id))),
        _ => Err(AppError::bad_input(
            field,
            format!("{r:?} 不是文件引用（应为 file:<编号>）/ {r:?} is not a file reference (expected file:<id>)"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none() -> Vec<String> {
        vec![]
    }

    #[test]
    fn kinds_are_told_by_their_content() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], none), Some(Kind::Jpeg));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0", none), Some(Kind::Png));
        assert_eq!(sniff(b"%PDF-1.7\n", none), Some(Kind::Pdf));
        assert_eq!(sniff(b"GIF89a", none), None);
        assert_eq!(sniff(b"<html>", none), None);
        let zip = b"PK\x03\x04rest";
        let parts = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
        assert_eq!(sniff(zip, || parts(&["[Content_Types].xml", "word/document.xml"])), Some(Kind::Docx));
        assert_eq!(sniff(zip, || parts(&["[Content_Types].xml", "xl/workbook.xml"])), Some(Kind::Xlsx));
        assert_eq!(sniff(zip, || parts(&["word/document.xml"])), None, "a plain zip is not Word");
        assert_eq!(sniff(zip, none), None);
    }

    #[test]
    fn a_first_piece_tells_whether_the_file_can_be_accepted() {
        let all = |_: Kind| true;
        assert!(plausible(b"\x89PNG\r\n\x1a\n", all));
        assert!(plausible(b"PK\x03\x04", |k| k == Kind::Xlsx), "a zip may be an Excel file");
        assert!(!plausible(b"PK\x03\x04", |k| k == Kind::Pdf));
        assert!(!plausible(b"GIF89a", all));
        assert!(!plausible(b"%PDF-1.7", |k| k == Kind::Jpeg));
    }

    #[test]
    fn names_keep_their_last_segment_and_extension() {
        assert_eq!(clean_name("C:\\台账\\照片.jpg", Kind::Jpeg), "照片.jpg");
        assert_eq!(clean_name("../../etc/passwd", Kind::Pdf), "passwd");
        assert_eq!(clean_name("  ", Kind::Png), "file.png");
        assert_eq!(clean_name("a\u{0}b.pdf", Kind::Pdf), "ab.pdf");
        let long = format!("{}.xlsx", "表".repeat(300));
        let kept = clean_name(&long, Kind::Xlsx);
        assert_eq!(kept.chars().count(), NAME_MAX_CHARS);
        assert!(kept.ends_with(".xlsx"));
    }

    #[test]
    fn references_name_files_or_are_free_text() {
        assert_eq!(referenced("evidence", "file:12").unwrap(), Some(FileId(12)));
        assert_eq!(referenced("evidence", "https://example.cn/a.pdf").unwrap(), None);
        assert_eq!(referenced("evidence", "2020年台账第3册").unwrap(), None);
        assert!(referenced("evidence", "file:abc").is_err());
        assert!(referenced("evidence", "file:-1").is_err());
        assert_eq!(reference(FileId(7)), "file:7");
        assert_eq!(content_key("abcdef"), "sha256/ab/cd/abcdef");
    }
}
