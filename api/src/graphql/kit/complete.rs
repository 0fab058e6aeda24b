//! The response as the GraphQL spec shapes it, whatever order the fields finished in.
//!
//! async-graphql 7.2 resolves the fields of an object concurrently and puts each into the answer
//! when it finishes (so `{ me { tenant user roles } }` can come back as `user, roles, tenant`),
//! and a field whose resolver fails is simply left out of its object, even when its type is
//! non-null. The spec wants both otherwise: an object's keys in the order CollectFields gives
//! (the selection set with fragments merged, first occurrence wins), and a failed non-null field
//! making its parent null, up to the nearest nullable position (the error itself is already in
//! `errors`).
//!
//! This module does it once for every request, in the execution layer: once the operation has run
//! (so the document passed validation: its fragments exist and do not cycle), [`Plan::of`] collects
//! the fields of each selection as the spec's CollectFields does (with `@skip`/`@include` decided
//! from the request's Boolean variables), and [`Completion::apply`] walks the answer with that plan
//! and the schema's field types. A failed field is recognised as a selected key missing from its
//! object. The plan is bounded by the expanded selection size that [`super::limits`] already
//! enforces, and the walk is linear in the answer.

use std::collections::{HashMap, HashSet};

use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::{
    BaseType, Directive, DocumentOperations, ExecutableDocument, OperationDefinition, OperationType, Selection,
    SelectionSet, Type, TypeKind, TypeSystemDefinition,
};
use async_graphql::{Name, Positioned, Value, Variables};

/// The values of a request's Boolean variables: all that `@skip` and `@include` can depend on,
/// kept while the request runs (the variables themselves go with it and may be large).
#[derive(Debug, Default)]
pub struct Conditions(HashMap<Name, bool>);

impl Conditions {
    pub fn of(variables: &Variables) -> Self {
        Self(
            variables
                .iter()
                .filter_map(|(name, v)| match v {
                    Value::Boolean(b) => Some((name.clone(), *b)),
                    _ => None,
                })
                .collect(),
        )
    }
}

/// The field types of the schema's object types, read from its SDL.
pub struct Completion {
    /// (object type, field) → the field's type.
    fields: HashMap<(Name, Name), Type>,
    objects: HashSet<Name>,
    query: Name,
    mutation: Name,
}

impl Completion {
    /// Reads the object types of a schema from its SDL. `None` if the SDL does not parse (it is
    /// the schema's own).
    pub fn of_sdl(sdl: &str) -> Option<Self> {
        let doc = async_graphql::parser::parse_schema(sdl).ok()?;
        let mut fields = HashMap::new();
        let mut objects = HashSet::new();
        let (mut query, mut mutation) = (Name::new("Query"), Name::new("Mutation"));
        for def in doc.definitions {
            match def {
                TypeSystemDefinition::Type(ty) => {
                    let ty = ty.node;
                    if let TypeKind::Object(object) = ty.kind {
                        for field in object.fields {
                            fields.insert((ty.name.node.clone(), field.node.name.node), field.node.ty.node);
                        }
                        objects.insert(ty.name.node);
                    }
                }
                TypeSystemDefinition::Schema(schema) => {
                    if let Some(q) = schema.node.query {
                        query = q.node;
                    }
                    if let Some(m) = schema.node.mutation {
                        mutation = m.node;
                    }
                }
                TypeSystemDefinition::Directive(_) => {}
            }
        }
        Some(Self { fields, objects, query, mutation })
    }

    /// Puts the answer's keys in selection order and nulls what a failed non-null field must.
    pub fn apply(&self, plan: &Plan, response: &mut async_graphql::Response) {
        let root = match plan.operation {
            OperationType::Mutation => &self.mutation,
            _ => &self.query,
        };
        if matches!(response.data, Value::Null) {
            // Every root field failed (async-graphql answers null for an object left empty), or
            // nothing ran at all: only the first is an object to complete.
            let ran = response.errors.iter().any(|e| !e.path.is_empty());
            if !ran || plan.fields.is_empty() {
                return;
            }
            response.data = Value::Object(IndexMap::new());
        }
        let Value::Object(map) = &mut response.data else { return };
        if self.object(plan, Some(root), map).is_err() {
            response.data = Value::Null;
        }
    }

    fn field_type(&self, object: Option<&Name>, field: &Name) -> Option<&Type> {
        let object = object?;
        self.fields.get(&(object.clone(), field.clone()))
    }

    /// Completes one object in place. `Err` when a non-null field of it failed: the object itself
    /// must become null.
    fn object(&self, plan: &Plan, ty: Option<&Name>, map: &mut IndexMap<Name, Value>) -> Result<(), Bubble> {
        let in_order = map.len() == plan.fields.len() && map.keys().zip(&plan.fields).all(|(k, f)| *k == f.key);
        if !in_order {
            let mut old = std::mem::take(map);
            for f in &plan.fields {
                match old.swap_remove(&f.key) {
                    Some(v) => {
                        map.insert(f.key.clone(), v);
                    }
                    // Selected, not in the answer: its resolver failed.
                    None if non_null(self.field_type(ty, &f.name)) => return Err(Bubble),
                    None => {
                        map.insert(f.key.clone(), Value::Null);
                    }
                }
            }
            // Nothing else should be there; keep it rather than lose it.
            map.extend(old);
        }
        for (f, value) in plan.fields.iter().zip(map.values_mut()) {
            let fty = self.field_type(ty, &f.name);
            if self.value(fty, &f.plan, value).is_err() {
                if non_null(fty) {
                    return Err(Bubble);
                }
                *value = Value::Null;
            }
        }
        Ok(())
    }

    /// Completes a value of type `ty` (`None`: not known, e.g. introspection) in place.
    fn value(&self, ty: Option<&Type>, plan: &Plan, value: &mut Value) -> Result<(), Bubble> {
        match value {
            Value::Null => match ty {
                Some(t) if !t.nullable => {
                    // async-graphql answers null for an object whose fields all failed, or all
                    // were skipped; only the second is an (empty) object.
                    if plan.fields.is_empty() && self.named(t).is_some_and(|n| self.objects.contains(n)) {
                        *value = Value::Object(IndexMap::new());
                        Ok(())
                    } else {
                        Err(Bubble)
                    }
                }
                _ => Ok(()),
            },
            Value::List(items) => {
                let inner = ty.and_then(|t| match &t.base {
                    BaseType::List(inner) => Some(&**inner),
                    BaseType::Named(_) => None,
                });
                for item in items {
                    if self.value(inner, plan, item).is_err() {
                        if non_null(inner) {
                            return Err(Bubble);
                        }
                        *item = Value::Null;
                    }
                }
                Ok(())
            }
            // A leaf (a JSON scalar can hold an object) has no plan and is left as it is.
            Value::Object(map) if !plan.fields.is_empty() => self.object(plan, ty.and_then(|t| self.named(t)), map),
            _ => Ok(()),
        }
    }

    fn named<'t>(&self, ty: &'t Type) -> Option<&'t Name> {
        match &ty.base {
            BaseType::Named(name) => Some(name),
            BaseType::List(_) => None,
        }
    }
}

fn non_null(ty: Option<&Type>) -> bool {
    ty.is_some_and(|t| !t.nullable)
}

/// A non-null position failed: the nearest nullable parent becomes null.
struct Bubble;

/// The fields of a selection in response order, each with the plan of its own selection.
#[derive(Debug)]
pub struct Plan {
    operation: OperationType,
    fields: Vec<Planned>,
}

#[derive(Debug)]
struct Planned {
    /// The response key (alias or name).
    key: Name,
    name: Name,
    plan: Plan,
}

impl Plan {
    /// The plan of the operation a request ran. `None` if the operation cannot be told (then it
    /// did not run). Only for a document that passed validation: a fragment spread inside itself
    /// would not end.
    pub fn of(doc: &ExecutableDocument, operation_name: Option<&str>, conditions: &Conditions) -> Option<Self> {
        let op = match (&doc.operations, operation_name) {
            (DocumentOperations::Single(op), _) => op,
            (DocumentOperations::Multiple(ops), Some(name)) => ops.get(name)?,
            (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => ops.values().next()?,
            _ => return None,
        };
        let collector = Collector { doc, op: &op.node, conditions };
        let mut plan = collector.plan(&[&op.node.selection_set.node]);
        plan.operation = op.node.ty;
        Some(plan)
    }
}

struct Collector<'a> {
    doc: &'a ExecutableDocument,
    op: &'a OperationDefinition,
    conditions: &'a Conditions,
}

impl<'a> Collector<'a> {
    /// CollectFields over the selection sets of one response key, then the same for each field.
    fn plan(&self, sets: &[&'a SelectionSet]) -> Plan {
        let mut grouped: IndexMap<&'a Name, (&'a Name, Vec<&'a SelectionSet>)> = IndexMap::new();
        let mut visited = HashSet::new();
        for set in sets {
            self.collect(set, &mut grouped, &mut visited);
        }
        let fields = grouped
            .into_iter()
            .map(|(key, (name, subsets))| Planned { key: key.clone(), name: name.clone(), plan: self.plan(&subsets) })
            .collect();
        Plan { operation: OperationType::Query, fields }
    }

    fn collect(
        &self,
        set: &'a SelectionSet,
        grouped: &mut IndexMap<&'a Name, (&'a Name, Vec<&'a SelectionSet>)>,
        visited: &mut HashSet<&'a str>,
    ) {
        for item in &set.items {
            match &item.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    if !self.included(&field.directives) {
                        continue;
                    }
                    let entry = grouped.entry(&field.response_key().node).or_insert((&field.name.node, Vec::new()));
                    if !field.selection_set.node.items.is_empty() {
                        entry.1.push(&field.selection_set.node);
                    }
                }
                Selection::InlineFragment(frag) => {
                    if self.included(&frag.node.directives) {
                        self.collect(&frag.node.selection_set.node, grouped, visited);
                    }
                }
                Selection::FragmentSpread(spread) => {
                    let name = spread.node.fragment_name.node.as_str();
                    if !self.included(&spread.node.directives) || !visited.insert(name) {
                        continue;
                    }
                    if let Some(def) = self.doc.fragments.get(name) {
                        self.collect(&def.node.selection_set.node, grouped, visited);
                    }
                }
            }
        }
    }

    /// `@skip(if:)` and `@include(if:)`, with variables (or their defaults).
    fn included(&self, directives: &[Positioned<Directive>]) -> bool {
        directives.iter().all(|d| match d.node.name.node.as_str() {
            "skip" => !self.condition(&d.node),
            "include" => self.condition(&d.node),
            _ => true,
        })
    }

    fn condition(&self, directive: &Directive) -> bool {
        let Some(arg) = directive.get_argument("if") else { return false };
        let value = arg.node.clone().into_const_with(|name| {
            let given = self.conditions.0.get(&name).copied().map(Value::Boolean).or_else(|| {
                self.op
                    .variable_definitions
                    .iter()
                    .find(|v| v.node.name.node == name)
                    .and_then(|v| v.node.default_value.as_ref().map(|d| d.node.clone()))
            });
            Ok::<_, std::convert::Infallible>(given.unwrap_or(Value::Null))
        });
        matches!(value, Ok(Value::Boolean(true)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::parser::parse_query;
    use serde_json::json;

    const SDL: &str = r#"
        type Q { me: Me! maybe: Me items: [Item!]! loose: [Item] n: Int }
        type Me { a: Int! b: Int c: Item! d: Item }
        type Item { x: Int! y: Int }
        schema { query: Q }
    "#;

    /// Completes `data` as the answer to `query`; `failed`: the answer carries an error from
    /// execution (one with a path).
    fn complete(query: &str, variables: serde_json::Value, data: serde_json::Value, failed: bool) -> Value {
        let completion = Completion::of_sdl(SDL).unwrap();
        let doc = parse_query(query).unwrap();
        let plan = Plan::of(&doc, None, &Conditions::of(&Variables::from_json(variables))).unwrap();
        let mut response = async_graphql::Response::new(Value::from_json(data).unwrap());
        if failed {
            let mut err = async_graphql::ServerError::new("failed", None);
            err.path = vec![async_graphql::PathSegment::Field("me".into())];
            response.errors.push(err);
        }
        completion.apply(&plan, &mut response);
        response.data
    }

    fn at<'v>(v: &'v Value, key: &str) -> &'v Value {
        let Value::Object(map) = v else { panic!("{v} is not an object") };
        &map[key]
    }

    fn keys(v: &Value) -> Vec<&str> {
        let Value::Object(map) = v else { panic!("{v} is not an object") };
        map.keys().map(|k| k.as_str()).collect()
    }

    #[test]
    fn keys_follow_the_selection_with_fragments_and_aliases() {
        let data = complete(
            "{ me { ...F z: a d { y x } } } fragment F on Me { b ...F }",
            json!({}),
            json!({ "me": { "d": { "x": 1, "y": 2 }, "z": 1, "b": 2 } }),
            false,
        );
        assert_eq!(keys(at(&data, "me")), ["b", "z", "d"]);
        assert_eq!(keys(at(at(&data, "me"), "d")), ["y", "x"]);
    }

    #[test]
    fn a_key_selected_twice_merges_at_its_first_place() {
        let data = complete(
            "{ me { c { x } b c { y } } }",
            json!({}),
            json!({ "me": { "b": 1, "c": { "y": 1, "x": 2 } } }),
            false,
        );
        assert_eq!(keys(at(&data, "me")), ["c", "b"]);
        assert_eq!(keys(at(at(&data, "me"), "c")), ["x", "y"]);
    }

    #[test]
    fn skipped_fields_are_not_answers_and_an_all_skipped_object_is_empty() {
        let q = "query($s: Boolean = true) { me { a @skip(if: $s) b @include(if: $s) } }";
        assert_eq!(keys(at(&complete(q, json!({}), json!({ "me": { "b": 1 } }), false), "me")), ["b"]);
        assert_eq!(keys(at(&complete(q, json!({ "s": false }), json!({ "me": { "a": 1 } }), false), "me")), ["a"]);
        let q = "{ me { a @skip(if: true) } }";
        assert_eq!(*at(&complete(q, json!({}), json!({ "me": null }), false), "me"), Value::Object(IndexMap::new()));
    }

    #[test]
    fn a_failed_nullable_field_is_null_in_its_place() {
        let data = complete("{ me { b a } }", json!({}), json!({ "me": { "a": 1 } }), true);
        assert_eq!(keys(at(&data, "me")), ["b", "a"]);
        assert_eq!(*at(at(&data, "me"), "b"), Value::Null);
    }

    #[test]
    fn a_failed_non_null_field_nulls_the_nearest_nullable_parent() {
        // me: Me! cannot be null, so the whole answer is.
        assert_eq!(complete("{ me { a b } }", json!({}), json!({ "me": { "b": 1 } }), true), Value::Null);
        // maybe: Me can.
        let data = complete("{ maybe { a b } n }", json!({}), json!({ "n": 1, "maybe": { "b": 1 } }), true);
        assert_eq!(keys(&data), ["maybe", "n"]);
        assert_eq!(*at(&data, "maybe"), Value::Null);
        // Through a non-null object: me.c is Item!, me.d is Item.
        let data = complete("{ maybe { c { x } } }", json!({}), json!({ "maybe": { "c": { } } }), true);
        assert_eq!(*at(&data, "maybe"), Value::Null);
        let data = complete("{ maybe { d { x } b } }", json!({}), json!({ "maybe": { "b": 1, "d": null } }), true);
        assert_eq!(keys(at(&data, "maybe")), ["d", "b"]);
    }

    #[test]
    fn in_lists_a_failed_item_is_null_only_where_items_may_be() {
        let data = complete(
            "{ loose { x y } n }",
            json!({}),
            json!({ "n": 1, "loose": [{ "y": 1, "x": 1 }, { "y": 2 }] }),
            true,
        );
        let Value::List(items) = at(&data, "loose") else { panic!("a list") };
        assert_eq!(keys(&items[0]), ["x", "y"]);
        assert_eq!(items[1], Value::Null);
        let data = complete("{ items { x } n }", json!({}), json!({ "n": 1, "items": [{ "x": 1 }, { }] }), true);
        assert_eq!(data, Value::Null);
    }

    #[test]
    fn every_root_field_failed_or_nothing_ran() {
        let data = complete("{ maybe { b } n }", json!({}), json!(null), true);
        assert_eq!(keys(&data), ["maybe", "n"]);
        assert_eq!(complete("{ me { b } n }", json!({}), json!(null), true), Value::Null);
        assert_eq!(complete("{ maybe { b } n }", json!({}), json!(null), false), Value::Null);
    }

    #[test]
    fn leaves_holding_objects_are_left_alone() {
        let completion = Completion::of_sdl(SDL).unwrap();
        let doc = parse_query("{ n }").unwrap();
        let plan = Plan::of(&doc, None, &Conditions::default()).unwrap();
        // Built by hand: from_json would sort the keys.
        let leaf = Value::Object(IndexMap::from([(Name::new("b"), Value::from(1)), (Name::new("a"), Value::from(2))]));
        let mut response = async_graphql::Response::new(Value::Object(IndexMap::from([(Name::new("n"), leaf)])));
        completion.apply(&plan, &mut response);
        assert_eq!(keys(at(&response.data, "n")), ["b", "a"]);
    }
}
