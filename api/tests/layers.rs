//! The layers of `api/src`, checked on every test run: a module may use only modules of the
//! layers below its own (and itself), so no import can make a cycle between layers.
//!
//! ```text
//! app        main, lib > cli > startup       (composition: builds and runs everything)
//! http       the HTTP endpoints              → graphql and below
//! graphql    the schema, thin resolvers      → service and below
//! service    workflows, the one write path   → state and below
//! state      what every request shares       → auth and below
//! auth       tokens, principal, scope        → store and below
//! store      named bypasses of the scope; cache; file storage (blobs); events; telemetry; db
//! domain     pure rules and values
//! error      settings
//! ```

// A test: a file it cannot read is a failure to report, which is what expect does.
#![allow(clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Each top-level module of `api/src` and its layer (higher may use lower).
const LAYERS: &[(&str, u8)] = &[
    ("main", 11),
    ("lib", 11),
    ("cli", 10),
    ("startup", 9),
    ("http", 8),
    ("graphql", 7),
    ("service", 6),
    ("state", 5),
    ("auth", 4),
    ("store", 3),
    ("cache", 3),
    ("blobs", 3),
    ("events", 3),
    ("telemetry", 3),
    ("db", 3),
    ("domain", 2),
    ("error", 1),
    ("settings", 1),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("api/src is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The modules `crate::<name>` names in the code of `text` (comments left out).
fn used_modules(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let name: String = after.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if !name.is_empty() {
                out.push((n + 1, name));
            }
            rest = after;
        }
    }
    out
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let layers: BTreeMap<&str, u8> = LAYERS.iter().copied().collect();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    let mut checked = 0;
    for file in &files {
        let relative = file.strip_prefix(&src).expect("under src");
        let first = relative.components().next().expect("a path").as_os_str().to_string_lossy().into_owned();
        let module = first.trim_end_matches(".rs").to_owned();
        let Some(&own) = layers.get(module.as_str()) else {
            wrong.push(format!("{}: module {module} has no layer in tests/layers.rs", relative.display()));
            continue;
        };
        let text = std::fs::read_to_string(file).expect("a source file");
        for (line, used) in used_modules(&text) {
            checked += 1;
            if used == module {
                continue;
            }
            match layers.get(used.as_str()) {
                Some(&theirs) if theirs < own => {}
                Some(&theirs) => wrong.push(format!(
                    "{}:{line}: {module} (layer {own}) uses {used} (layer {theirs}): only lower layers may be used",
                    relative.display()
                )),
                None => wrong.push(format!("{}:{line}: uses crate::{used}, which has no layer", relative.display())),
            }
        }
    }
    assert!(files.len() > 50 && checked > 300, "the sources were read ({} files, {checked} uses)", files.len());
    assert!(wrong.is_empty(), "imports against the layers:\n{}", wrong.join("\n"));
}

#[test]
fn the_reader_sees_through_comments_and_paths() {
    let used = used_modules("use crate::a::b;\n// crate::c\nlet x = crate::d::e(crate::f::g);\n");
    assert_eq!(used, [(1, "a".to_owned()), (3, "d".to_owned()), (3, "f".to_owned())]);
}
