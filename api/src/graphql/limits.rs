//! Checks on a parsed document before it runs: depth and alias count. Introspection fields
//! (`__schema`, `__type`) are not counted towards depth, so GraphiQL's introspection query still
//! works under a depth limit that real queries need.

use std::collections::HashSet;

use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, OperationType, Selection, SelectionSet};

#[derive(Debug, PartialEq, Eq)]
pub enum LimitError {
    TooDeep { depth: usize, max: usize },
    TooManyAliases { count: usize, max: usize },
}

impl std::fmt::Display for LimitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LimitError::TooDeep { depth, max } => write!(f, "query is {depth} levels deep; the limit is {max}"),
            LimitError::TooManyAliases { count, max } => write!(f, "query uses {count} aliases; the limit is {max}"),
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

pub fn check(doc: &ExecutableDocument, max_depth: usize, max_aliases: usize) -> Result<(), LimitError> {
    let mut walker = Walker { doc, aliases: 0, visiting: HashSet::new() };
    let mut depth = 0;
    for (_, op) in doc.operations.iter() {
        depth = depth.max(walker.depth(&op.node.selection_set.node));
    }
    if depth > max_depth {
        return Err(LimitError::TooDeep { depth, max: max_depth });
    }
    if walker.aliases > max_aliases {
        return Err(LimitError::TooManyAliases { count: walker.aliases, max: max_aliases });
    }
    Ok(())
}

struct Walker<'a> {
    doc: &'a ExecutableDocument,
    aliases: usize,
    /// Fragments on the current path: a cycle is a validation error, not a reason to loop.
    visiting: HashSet<&'a str>,
}

impl<'a> Walker<'a> {
    fn depth(&mut self, set: &'a SelectionSet) -> usize {
        let mut deepest = 0;
        for item in &set.items {
            let d = match &item.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    if field.alias.is_some() {
                        self.aliases += 1;
                    }
                    if field.name.node.starts_with("__") { 0 } else { 1 + self.depth(&field.selection_set.node) }
                }
                Selection::InlineFragment(frag) => self.depth(&frag.node.selection_set.node),
                Selection::FragmentSpread(spread) => {
                    let name = spread.node.fragment_name.node.as_str();
                    match self.doc.fragments.get(name) {
                        Some(def) if self.visiting.insert(name) => {
                            let d = self.depth(&def.node.selection_set.node);
                            self.visiting.remove(name);
                            d
                        }
                        _ => 0,
                    }
                }
            };
            deepest = deepest.max(d);
        }
        deepest
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::parser::parse_query;

    #[test]
    fn depth_counts_fields_through_fragments_but_not_introspection() {
        let doc = parse_query("query { a { b { c } } } ").unwrap();
        assert_eq!(check(&doc, 3, 10), Ok(()));
        assert_eq!(check(&doc, 2, 10), Err(LimitError::TooDeep { depth: 3, max: 2 }));
        let doc = parse_query("query { a { ...F } } fragment F on T { b { c } }").unwrap();
        assert!(check(&doc, 2, 10).is_err());
        let doc =
            parse_query("query { __schema { types { fields { type { ofType { ofType { name } } } } } } }").unwrap();
        assert_eq!(check(&doc, 1, 10), Ok(()));
    }

    #[test]
    fn aliases_and_cycles() {
        let doc = parse_query("query { x: a y: a z: a }").unwrap();
        assert!(check(&doc, 5, 2).is_err());
        let doc = parse_query("query { ...F } fragment F on Q { a { ...F } }").unwrap();
        assert_eq!(check(&doc, 5, 2), Ok(()));
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
