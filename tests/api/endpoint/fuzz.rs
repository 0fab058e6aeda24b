//! Every argument of every operation, given the values a careless or hostile client sends: no
//! answer is INTERNAL_SERVER_ERROR, a 5xx or an error without a code, and a value that can never
//! be right (text of 100,000 characters, a date in year 1 or 9999) is refused.
//!
//! The operations and their inputs are read from the schema by introspection, so a new operation
//! or input field is covered without a line here. Each request gives one position (an argument,
//! or a field of an input object) a hostile value and every other position a plausible one (ids
//! of rows the demo data holds), so that the hostile value reaches the service's own checks.

use serde_json::{Map, Value, json};

use crate::helpers::*;

const INTROSPECTION: &str = r#"{ __schema {
  queryType { name } mutationType { name }
  types { name kind enumValues { name }
    inputFields { name type { ...T } }
    fields { name type { ...T } args { name type { ...T } } } } }
}
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }"#;

/// A text no field may take.
fn huge() -> String {
    "长".repeat(100_000)
}

/// A hostile value for a position of this scalar, and whether it can never be right.
fn hostile(scalar: &str) -> Vec<(Value, bool)> {
    let mut out = vec![(Value::Null, false)];
    match scalar {
        "String" => out.extend([
            (json!(huge()), true),
            (json!(""), false),
            (json!(" \t\n"), false),
            (json!("%_\\'\"; DROP TABLE x; --"), false),
            (json!("\u{0}\u{202e}\u{fffd}"), false),
        ]),
        "ID" => out.extend([
            (json!("0"), false),
            (json!("-1"), false),
            (json!("99999999999999999999999"), false),
            (json!("1e3"), false),
            (json!("abc"), false),
            (json!(huge()), true),
        ]),
        "Int" => out.extend([(json!(-2147483648i64), false), (json!(2147483647), false), (json!(0), false)]),
        "Decimal" => out.extend([
            (json!("1e400"), false),
            (json!("NaN"), false),
            (json!("-0"), false),
            (json!("99999999999999999999999999999999"), false),
            (json!("0.0000000000000000000000000000001"), false),
            (json!(-1), false),
        ]),
        "NaiveDate" => out.extend([
            (json!("0001-01-01"), true),
            (json!("9999-12-31"), true),
            (json!("2026-02-30"), true),
            (json!("2026-6-1"), false),
        ]),
        "DateTime" => out.extend([
            (json!("0001-01-01T00:00:00Z"), true),
            (json!("9999-12-31T23:59:59Z"), true),
            (json!("yesterday"), true),
        ]),
        "Boolean" => out.push((json!("true"), false)),
        "JSON" => out.push((json!({ "a": [1, { "b": null }] }), false)),
        _ => {}
    }
    out
}

/// A value the field would take, as far as one can tell without knowing the field.
fn plausible_scalar(scalar: &str) -> Value {
    match scalar {
        "ID" => json!("1"),
        "Int" => json!(1),
        "Float" => json!(1.0),
        "Boolean" => json!(false),
        "Decimal" => json!("1"),
        "NaiveDate" => json!("2026-06-01"),
        "DateTime" => json!("2026-06-01T00:00:00Z"),
        "JSON" => json!({}),
        _ => json!("2026-06"),
    }
}

struct Schema {
    types: Map<String, Value>,
}

impl Schema {
    fn ty(&self, name: &str) -> &Value {
        &self.types[name]
    }

    /// `optional`: also give nullable positions a value (else they are left null).
    fn plausible(&self, ty: &Value, depth: usize, optional: bool) -> Value {
        match ty["kind"].as_str().unwrap() {
            "NON_NULL" => self.plausible_inner(&ty["ofType"], depth, optional),
            _ if !optional => Value::Null,
            _ => self.plausible_inner(ty, depth, optional),
        }
    }

    fn plausible_inner(&self, ty: &Value, depth: usize, optional: bool) -> Value {
        match ty["kind"].as_str().unwrap() {
            "NON_NULL" => self.plausible_inner(&ty["ofType"], depth, optional),
            "LIST" => json!([self.plausible(&ty["ofType"], depth, optional)]),
            "ENUM" => self.ty(ty["name"].as_str().unwrap())["enumValues"][0]["name"].clone(),
            "INPUT_OBJECT" if depth < 4 => {
                let def = self.ty(ty["name"].as_str().unwrap());
                let mut obj = Map::new();
                for f in def["inputFields"].as_array().unwrap() {
                    obj.insert(f["name"].as_str().unwrap().into(), self.plausible(&f["type"], depth + 1, optional));
                }
                Value::Object(obj)
            }
            "INPUT_OBJECT" => json!({}),
            _ => plausible_scalar(ty["name"].as_str().unwrap()),
        }
    }

    /// Every position under a value of type `ty`: (path of keys/indices, scalar name).
    fn positions(&self, ty: &Value, path: Vec<Value>, depth: usize, out: &mut Vec<(Vec<Value>, String)>) {
        match ty["kind"].as_str().unwrap() {
            "NON_NULL" => self.positions(&ty["ofType"], path, depth, out),
            "LIST" => {
                let mut inner = path.clone();
                inner.push(json!(0));
                self.positions(&ty["ofType"], inner, depth, out);
            }
            "INPUT_OBJECT" if depth < 4 => {
                for f in self.ty(ty["name"].as_str().unwrap())["inputFields"].as_array().unwrap() {
                    let mut inner = path.clone();
                    inner.push(f["name"].clone());
                    self.positions(&f["type"], inner, depth + 1, out);
                }
            }
            "SCALAR" => out.push((path, ty["name"].as_str().unwrap().to_owned())),
            _ => {}
        }
    }
}

fn type_text(ty: &Value) -> String {
    match ty["kind"].as_str().unwrap() {
        "NON_NULL" => format!("{}!", type_text(&ty["ofType"])),
        "LIST" => format!("[{}]", type_text(&ty["ofType"])),
        _ => ty["name"].as_str().unwrap().to_owned(),
    }
}

fn selection(ty: &Value) -> &'static str {
    match ty["kind"].as_str().unwrap() {
        "NON_NULL" | "LIST" => selection(&ty["ofType"]),
        "OBJECT" => "{ __typename }",
        _ => "",
    }
}

fn set(value: &mut Value, path: &[Value], new: Value) {
    let Some((first, rest)) = path.split_first() else {
        *value = new;
        return;
    };
    let slot = match first {
        Value::String(k) => &mut value[k.as_str()],
        Value::Number(i) => &mut value[i.as_u64().unwrap() as usize],
        _ => unreachable!(),
    };
    set(slot, rest, new);
}

/// One request; `Err` when the server did not answer with JSON (it died or broke the connection).
async fn send(app: &TestApp, token: &str, doc: &str, vars: &Value) -> Result<(u16, Value), String> {
    let resp = app
        .client
        .post(app.url("/graphql"))
        .bearer_auth(token)
        .json(&json!({ "query": doc, "variables": vars }))
        .send()
        .await
        .map_err(|e| format!("no answer: {e}"))?;
    let status = resp.status().as_u16();
    let body = resp.json().await.map_err(|e| format!("HTTP {status}, not JSON: {e}"))?;
    Ok((status, body))
}

/// Mutations that would sign the fuzzing actor out or take its rights: given an id that is no
/// one's, so the rest of the run keeps its session.
const SELF_HARM: &[&str] = &["logout", "disableUser", "updateUserRoles"];

/// Fuzzes every field of `root` as `username`: (requests sent, fields that ran with plausible
/// values, what was wrong).
async fn fuzz_as(
    app: &TestApp,
    schema: &Schema,
    root: &str,
    kind: &str,
    username: &str,
) -> (usize, usize, Vec<String>) {
    let mut token = app.actor(username).await.access;
    let mut failures = Vec::new();
    let mut sent = 0;
    let mut ran = 0;
    let fields = schema.ty(root)["fields"].as_array().unwrap().clone();
    // Sign-in last: its failures count towards the rate limit on signing in.
    let (auth, rest): (Vec<_>, Vec<_>) =
        fields.iter().partition(|f| matches!(f["name"].as_str(), Some("login" | "refreshSession" | "logout")));
    for field in rest.into_iter().chain(auth) {
        let name = field["name"].as_str().unwrap();
        let args = field["args"].as_array().unwrap();
        let defs: Vec<String> =
            args.iter().map(|a| format!("${}: {}", a["name"].as_str().unwrap(), type_text(&a["type"]))).collect();
        let uses: Vec<String> = args.iter().map(|a| format!("{n}: ${n}", n = a["name"].as_str().unwrap())).collect();
        let doc = if args.is_empty() {
            format!("{kind} {{ {name} {} }}", selection(&field["type"]))
        } else {
            format!("{kind}({}) {{ {name}({}) {} }}", defs.join(", "), uses.join(", "), selection(&field["type"]))
        };
        // Two requests a client could mean: every argument given, and only the required ones.
        // Hostile values go into the first of them that the server took.
        let bases: Vec<Value> = [true, false]
            .into_iter()
            .map(|optional| {
                let mut base = Map::new();
                for a in args {
                    let name = a["name"].as_str().unwrap();
                    // A cursor is no value one can make up, and a key used twice is refused as such.
                    let v = if matches!(name, "after" | "idempotencyKey") {
                        Value::Null
                    } else {
                        schema.plausible(&a["type"], 0, optional)
                    };
                    base.insert(name.into(), v);
                }
                if SELF_HARM.contains(&name) {
                    for v in base.values_mut() {
                        if *v == json!("1") {
                            *v = json!("999999");
                        }
                    }
                }
                Value::Object(base)
            })
            .collect();
        let mut took = None;
        for base in &bases {
            sent += 1;
            match send(app, &token, &doc, base).await {
                Ok((200, body)) if body["errors"].is_null() => {
                    took.get_or_insert(base.clone());
                }
                Ok(_) => {}
                Err(e) => {
                    failures.push(format!("{username} {name} [plausible]: {e}"));
                    return (sent, ran, failures);
                }
            }
        }
        if took.is_some() {
            ran += 1;
        }
        let base_ran = took.is_some();
        let base = took.unwrap_or_else(|| bases[0].clone());
        let mut positions = Vec::new();
        for a in args {
            schema.positions(&a["type"], vec![a["name"].clone()], 0, &mut positions);
        }
        let mut cases = Vec::new();
        for (path, scalar) in &positions {
            for (value, never_right) in hostile(scalar) {
                let mut vars = base.clone();
                let shown = match &value {
                    Value::String(s) if s.chars().count() > 40 => format!("<{} chars>", s.chars().count()),
                    v => v.to_string(),
                };
                let label = format!("{} = {shown}", path.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("."));
                set(&mut vars, path, value);
                cases.push((vars, never_right, label));
            }
        }
        for (vars, never_right, label) in cases {
            sent += 1;
            let mut answer = send(app, &token, &doc, &vars).await;
            if matches!(answer, Ok((401, _))) {
                token = app.actor(username).await.access;
                answer = send(app, &token, &doc, &vars).await;
            }
            let (status, body) = match answer {
                Ok(a) => a,
                Err(e) => {
                    failures.push(format!("{username} {name} [{label}]: {e}"));
                    // The server may be gone: nothing after this would tell more.
                    return (sent, ran, failures);
                }
            };
            let errors = body["errors"].as_array().cloned().unwrap_or_default();
            let bad_code = errors.iter().find(|e| {
                matches!(e["extensions"]["code"].as_str(), None | Some("INTERNAL_SERVER_ERROR" | "SERVICE_UNAVAILABLE"))
            });
            let problem = if status >= 500 {
                Some(format!("HTTP {status}"))
            } else if let Some(e) = bad_code {
                Some(format!("error {e}"))
            } else if never_right && errors.is_empty() {
                Some("accepted".to_owned())
            } else if never_right && base_ran && errors[0]["extensions"]["code"] != json!("BAD_USER_INPUT") {
                // The same request with a plausible value ran: this value is what is wrong.
                Some("refused, but not as BAD_USER_INPUT".to_owned())
            } else {
                None
            };
            if let Some(problem) = problem {
                let mut body = body.to_string();
                body.truncate(300);
                failures.push(format!("{username} {name} [{label}]: {problem} — {body}"));
            }
        }
    }
    (sent, ran, failures)
}

#[tokio::test]
async fn no_input_to_any_operation_is_an_internal_error_and_impossible_values_are_refused() {
    let app = spawn_app().await;
    let introspection = app.gql(None, INTROSPECTION, json!({})).await;
    let schema_json = &introspection["data"]["__schema"];
    let types: Map<String, Value> = schema_json["types"]
        .as_array()
        .expect("introspection answers")
        .iter()
        .map(|t| (t["name"].as_str().unwrap().to_owned(), t.clone()))
        .collect();
    let schema = Schema { types };
    let query = schema_json["queryType"]["name"].as_str().unwrap().to_owned();
    let mutation = schema_json["mutationType"]["name"].as_str().unwrap().to_owned();

    let (mut sent, mut ran) = (0, 0);
    let mut failures = Vec::new();
    // A township reporter reaches the reporting paths, the city reviewer the reviews and
    // inspections, the city admin everything it administers.
    for username in [ZHAISHA_REPORTER, CITY_REVIEWER, CITY_ADMIN] {
        for (root, kind) in [(&query, "query"), (&mutation, "mutation")] {
            let (n, r, f) = fuzz_as(&app, &schema, root, kind, username).await;
            sent += n;
            ran += r;
            failures.extend(f);
        }
    }
    eprintln!("fuzz: {sent} requests; {ran} operations ran with plausible values");
    assert!(sent > 3_000, "the schema's inputs were read ({sent} requests)");
    // Else the hostile values would mostly meet a refusal for some other reason.
    assert!(ran > 60, "only {ran} operations ran with plausible values");
    assert!(failures.is_empty(), "{} of {sent} answers were wrong:\n{}", failures.len(), failures.join("\n"));
    let (status, body) = app.post(None, "{ __typename }", json!({})).await;
    assert_eq!((status, &body["data"]["__typename"]), (200, &json!("QueryRoot")));
}
