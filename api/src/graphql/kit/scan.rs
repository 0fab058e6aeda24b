//! A linear pre-scan of a GraphQL document, run before the parser sees it.
//!
//! The parser recurses once per level of nesting (selection sets, list and object values, list
//! types), so a small document nested a few thousand levels deep overflows a worker's stack and
//! aborts the process. This scan walks the text once, with no recursion, and counts the deepest
//! nesting of `{`, `[` and `(` outside strings and comments, and the number of tokens; a document
//! past either limit is refused before it is parsed.

/// Why a document was refused before parsing.
#[derive(Debug, PartialEq, Eq)]
pub enum ScanError {
    TooDeep { max: usize },
    TooManyTokens { max: usize },
}

impl std::fmt::Display for ScanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScanError::TooDeep { max } => {
                write!(f, "文档嵌套超过 {max} 层 / the document nests deeper than {max} levels")
            }
            ScanError::TooManyTokens { max } => {
                write!(f, "文档超过 {max} 个词法单元 / the document has more than {max} tokens")
            }
        }
    }
}

/// What the scan found in a document within its limits.
#[derive(Debug, PartialEq, Eq)]
pub struct Scanned {
    pub depth: usize,
    pub tokens: usize,
}

/// Scans `source`, stopping at the first limit passed (so the cost is bounded by the limits,
/// not only by the length).
pub fn scan(source: &str, max_depth: usize, max_tokens: usize) -> Result<Scanned, ScanError> {
    let bytes = source.as_bytes();
    let (mut i, mut depth, mut deepest, mut tokens) = (0usize, 0usize, 0usize, 0usize);
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b' ' | b'\t' | b'\n' | b'\r' | b',' => {
                i += 1;
                continue;
            }
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
                continue;
            }
            _ => {}
        }
        tokens += 1;
        if tokens > max_tokens {
            return Err(ScanError::TooManyTokens { max: max_tokens });
        }
        match b {
            b'{' | b'[' | b'(' => {
                depth += 1;
                deepest = deepest.max(depth);
                if depth > max_depth {
                    return Err(ScanError::TooDeep { max: max_depth });
                }
                i += 1;
            }
            b'}' | b']' | b')' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'"' if bytes[i..].starts_with(b"\"\"\"") => i = skip_block_string(bytes, i + 3),
            b'"' => i = skip_string(bytes, i + 1),
            b'.' if bytes[i..].starts_with(b"...") => i += 3,
            b if is_name_or_number(b) => {
                while i < bytes.len() && (is_name_or_number(bytes[i]) || is_number_tail(bytes, i)) {
                    i += 1;
                }
            }
            // Any other character is one token (a punctuator, or something the parser rejects).
            _ => i += source[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    Ok(Scanned { depth: deepest, tokens })
}

fn is_name_or_number(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// `.`, `+` inside a number such as `1.5e+3`.
fn is_number_tail(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'.' => i + 1 < bytes.len() && bytes[i + 1].is_ascii_digit() && !bytes[i..].starts_with(b".."),
        b'+' => i > 0 && matches!(bytes[i - 1], b'e' | b'E'),
        _ => false,
    }
}

/// From just after an opening `"`: past the closing quote (or the end of the line, where the
/// parser will report the unterminated string).
fn skip_string(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            b'\n' | b'\r' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// From just after an opening `"""`: past the closing `"""`; `\"""` does not close it.
fn skip_block_string(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        if bytes[i..].starts_with(b"\\\"\"\"") {
            i += 4;
        } else if bytes[i..].starts_with(b"\"\"\"") {
            return i + 3;
        } else {
            i += 1;
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_nesting_of_selections_values_and_types() {
        let s = scan("query($v: [[Int]]) { a(x: {y: [1, 2]}) { b } }", 10, 100).unwrap();
        assert_eq!(s.depth, 4);
        let deep = format!("{{ a(x: {}{}) }}", "[".repeat(3000), "]".repeat(3000));
        assert_eq!(scan(&deep, 32, 100_000), Err(ScanError::TooDeep { max: 32 }));
    }

    #[test]
    fn brackets_in_strings_block_strings_and_comments_do_not_count() {
        let doc = "{ a(s: \"{{{[[[\\\"(((\") # {{{{{{\n b(s: \"\"\"{{{ \\\"\"\" [[[ \"\"\") }";
        assert_eq!(scan(doc, 2, 100).unwrap().depth, 2);
        // A block string's `\"""` does not end it, so the brackets after it are still inside.
        let doc = "{ a(s: \"\"\" \\\"\"\" {{{{ \"\"\") }";
        assert_eq!(scan(doc, 2, 100).unwrap().depth, 2);
    }

    #[test]
    fn counts_tokens() {
        assert_eq!(scan("{ a b(x: 1.5e+3) ...F }", 5, 100).unwrap().tokens, 11);
        let many = format!("{{ {} }}", "a ".repeat(50));
        assert_eq!(scan(&many, 5, 40), Err(ScanError::TooManyTokens { max: 40 }));
    }
}
