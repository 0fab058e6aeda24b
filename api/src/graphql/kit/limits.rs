//! Checks on a parsed document before it is validated or run: depth, aliases, directives and the
//! size of the selection once fragments are expanded.
//!
//! Each fragment is analysed once and its figures reused at every spread, so the analysis costs
//! time linear in the document even when fragments spread each other two by two (where the
//! expanded selection doubles with every fragment). The expanded size is what validation and
//! execution would walk, so a document past the budget is refused here, before they start.
//!
//! Introspection fields (`__schema`, `__type`) are not counted towards depth, so GraphiQL's
//! introspection query still works under a depth limit that real queries need.

use std::collections::HashMap;

use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, OperationType, Selection, SelectionSet};

use crate::settings::GraphqlSettings;

/// Fragments spread inside fragments deeper than this are refused (the walk below recurses once
/// per level; the parser's nesting limit bounds the other levels).
const MAX_SPREAD_NESTING: usize = 64;

#[derive(Debug, PartialEq, Eq)]
pub enum LimitError {
    TooDeep { depth: usize, max: usize },
    TooManyAliases { count: u64, max: usize },
    TooManySelections { count: u64, max: usize },
    TooManyDirectives { count: u64, max: usize },
    SpreadsTooDeep { max: usize },
}

impl std::fmt::Display for LimitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LimitError::TooDeep { depth, max } => {
                write!(f, "查询嵌套 {depth} 层，上限 {max} 层 / query is {depth} levels deep; the limit is {max}")
            }
            LimitError::TooManyAliases { count, max } => {
                write!(f, "查询使用 {count} 个别名，上限 {max} 个 / query uses {count} aliases; the limit is {max}")
            }
            LimitError::TooManySelections { count, max } => write!(
                f,
                "展开片段后查询选择 {count} 个字段，上限 {max} 个 / query selects {count} fields once fragments \
                 are expanded; the limit is {max}"
            ),
            LimitError::TooManyDirectives { count, max } => write!(
                f,
                "展开片段后查询使用 {count} 个指令，上限 {max} 个 / query uses {count} directives once fragments \
                 are expanded; the limit is {max}"
            ),
            LimitError::SpreadsTooDeep { max } => {
                write!(f, "片段嵌套超过 {max} 层 / fragments spread inside each other more than {max} levels deep")
            }
        }
    }
}

/// The limits a document is held to.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max_depth: usize,
    pub max_aliases: usize,
    pub max_selections: usize,
    pub max_directives: usize,
}

impl From<&GraphqlSettings> for Limits {
    fn from(s: &GraphqlSettings) -> Self {
        Self {
            max_depth: s.max_depth,
            max_aliases: s.max_aliases,
            max_selections: s.max_selections,
            max_directives: s.max_directives,
        }
    }
}

/// The type of the operation a request will run, if it can be told (`None`: unknown operation
/// name, or several operations and no name — validation reports that).
pub fn operation_type(doc: &ExecutableDocument, name: Option<&str>) -> Option<OperationType> {
    match (&doc.operations, name) {
        (DocumentOperations::Single(op), _) => Some(op.node.ty),
        (DocumentOperations::Multiple(ops), Some(name)) => ops.get(name).map(|op| op.node.ty),
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => ops.values().next().map(|op| op.node.ty),
        _ => None,
    }
}

/// Figures of a selection set with its fragments expanded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    /// Levels of (non-introspection) fields.
    pub depth: usize,
    pub aliases: u64,
    /// Fields selected, counting a fragment once per spread.
    pub selections: u64,
    pub directives: u64,
}

impl Figures {
    fn add(&mut self, other: Figures) {
        self.depth = self.depth.max(other.depth);
        self.aliases = self.aliases.saturating_add(other.aliases);
        self.selections = self.selections.saturating_add(other.selections);
        self.directives = self.directives.saturating_add(other.directives);
    }
}

/// The figures of every operation of the document, added up (depth: the deepest).
pub fn measure(doc: &ExecutableDocument) -> Result<Figures, LimitError> {
    let mut walker = Walker { doc, memo: HashMap::new(), open: Vec::new() };
    let mut total = Figures::default();
    for (_, op) in doc.operations.iter() {
        total.add(walker.set(&op.node.selection_set.node)?);
        total.directives = total.directives.saturating_add(op.node.directives.len() as u64);
    }
    Ok(total)
}

pub fn check(doc: &ExecutableDocument, limits: Limits) -> Result<Figures, LimitError> {
    let f = measure(doc)?;
    if f.selections > limits.max_selections as u64 {
        return Err(LimitError::TooManySelections { count: f.selections, max: limits.max_selections });
    }
    if f.depth > limits.max_depth {
        return Err(LimitError::TooDeep { depth: f.depth, max: limits.max_depth });
    }
    if f.aliases > limits.max_aliases as u64 {
        return Err(LimitError::TooManyAliases { count: f.aliases, max: limits.max_aliases });
    }
    if f.directives > limits.max_directives as u64 {
        return Err(LimitError::TooManyDirectives { count: f.directives, max: limits.max_directives });
    }
    Ok(f)
}

struct Walker<'a> {
    doc: &'a ExecutableDocument,
    /// Figures of each fragment, worked out at its first spread.
    memo: HashMap<&'a str, Figures>,
    /// Fragments being worked out (outermost first): a spread of one of them is a cycle, which
    /// validation reports; here it counts as nothing.
    open: Vec<&'a str>,
}

impl<'a> Walker<'a> {
    fn set(&mut self, set: &'a SelectionSet) -> Result<Figures, LimitError> {
        let mut total = Figures::default();
        for item in &set.items {
            let here = match &item.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    let inner = self.set(&field.selection_set.node)?;
                    let introspection = field.name.node.starts_with("__");
                    Figures {
                        depth: if introspection { 0 } else { 1 + inner.depth },
                        aliases: inner.aliases + u64::from(field.alias.is_some()),
                        selections: inner.selections.saturating_add(1),
                        directives: inner.directives.saturating_add(field.directives.len() as u64),
                    }
                }
                Selection::InlineFragment(frag) => {
                    let mut f = self.set(&frag.node.selection_set.node)?;
                    f.directives = f.directives.saturating_add(frag.node.directives.len() as u64);
                    f
                }
                Selection::FragmentSpread(spread) => {
                    let mut f = self.fragment(spread.node.fragment_name.node.as_str())?;
                    f.directives = f.directives.saturating_add(spread.node.directives.len() as u64);
                    f
                }
            };
            total.add(here);
        }
        Ok(total)
    }

    fn fragment(&mut self, name: &'a str) -> Result<Figures, LimitError> {
        if let Some(f) = self.memo.get(name) {
            return Ok(*f);
        }
        let Some((key, def)) = self.doc.fragments.get_key_value(name) else { return Ok(Figures::default()) };
        if self.open.contains(&name) {
            return Ok(Figures::default());
        }
        if self.open.len() >= MAX_SPREAD_NESTING {
            return Err(LimitError::SpreadsTooDeep { max: MAX_SPREAD_NESTING });
        }
        self.open.push(key.as_str());
        let mut f = self.set(&def.node.selection_set.node);
        self.open.pop();
        if let Ok(f) = &mut f {
            f.directives = f.directives.saturating_add(def.node.directives.len() as u64);
            self.memo.insert(key.as_str(), *f);
        }
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::parser::parse_query;

    const LIMITS: Limits = Limits { max_depth: 5, max_aliases: 2, max_selections: 10_000, max_directives: 8 };

    fn depth_limit(max_depth: usize) -> Limits {
        Limits { max_depth, max_aliases: 10, ..LIMITS }
    }

    #[test]
    fn depth_counts_fields_through_fragments_but_not_introspection() {
        let doc = parse_query("query { a { b { c } } } ").unwrap();
        assert!(check(&doc, depth_limit(3)).is_ok());
        assert_eq!(check(&doc, depth_limit(2)), Err(LimitError::TooDeep { depth: 3, max: 2 }));
        let doc = parse_query("query { a { ...F } } fragment F on T { b { c } }").unwrap();
        assert!(check(&doc, depth_limit(2)).is_err());
        let doc =
            parse_query("query { __schema { types { fields { type { ofType { ofType { name } } } } } } }").unwrap();
        assert!(check(&doc, depth_limit(1)).is_ok());
    }

    #[test]
    fn aliases_and_cycles() {
        let doc = parse_query("query { x: a y: a z: a }").unwrap();
        assert!(matches!(check(&doc, LIMITS), Err(LimitError::TooManyAliases { count: 3, .. })));
        let doc = parse_query("query { ...F } fragment F on Q { a { ...F } }").unwrap();
        assert!(check(&doc, LIMITS).is_ok());
    }

    #[test]
    fn doubling_fragments_are_measured_once_each() {
        let mut doc = "query { ...F0 }".to_owned();
        for i in 0..60 {
            doc.push_str(&format!(" fragment F{i} on Q {{ ...F{n} ...F{n} }}", n = i + 1));
        }
        doc.push_str(" fragment F60 on Q { a @include(if: true) }");
        let doc = parse_query(&doc).unwrap();
        let started = std::time::Instant::now();
        let f = measure(&doc).unwrap();
        assert!(started.elapsed() < std::time::Duration::from_millis(50));
        assert_eq!((f.selections, f.directives), (1 << 60, 1 << 60));
        assert!(matches!(check(&doc, LIMITS), Err(LimitError::TooManySelections { .. })));
    }

    #[test]
    fn a_long_chain_of_fragments_is_refused_not_walked() {
        let mut doc = "query { ...F0 }".to_owned();
        for i in 0..200 {
            doc.push_str(&format!(" fragment F{i} on Q {{ a ...F{} }}", i + 1));
        }
        let doc = parse_query(&doc).unwrap();
        assert_eq!(measure(&doc), Err(LimitError::SpreadsTooDeep { max: MAX_SPREAD_NESTING }));
    }

    #[test]
    fn directives_are_counted_once_expanded() {
        let doc = parse_query("query { ...F ...F ...F } fragment F on Q { a @skip(if: false) b @include(if: true) }")
            .unwrap();
        assert_eq!(measure(&doc).unwrap().directives, 6);
        let limits = Limits { max_directives: 5, ..LIMITS };
        assert!(matches!(check(&doc, limits), Err(LimitError::TooManyDirectives { count: 6, .. })));
    }

    #[test]
    fn tells_the_operation_type() {
        let doc = parse_query("mutation M { a } query Q { b }").unwrap();
        assert_eq!(operation_type(&doc, Some("M")), Some(OperationType::Mutation));
        assert_eq!(operation_type(&doc, None), None);
        let doc = parse_query("{ b }").unwrap();
        assert_eq!(operation_type(&doc, None), Some(OperationType::Query));
    }
}
