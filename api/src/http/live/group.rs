//! What a group of subscribers is and when a change concerns it: pure, with unit tests.
//!
//! Subscribers are grouped by what decides their answer: the caller's scope (home tenant and
//! roles, in its city), the document, the operation and the variables. Every member of a group
//! would get the same answer, so it is computed once per change and the same bytes go to all.

use std::collections::BTreeSet;

use async_graphql::parser::types::{ExecutableDocument, OperationType, Selection};

use crate::auth::Principal;
use crate::domain::ids::{TenantId, UserId};
use crate::events::{ChangeEvent, Touch};

/// The key of a group.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct GroupKey {
    pub city: TenantId,
    pub tenant: TenantId,
    /// The caller's roles, sorted.
    pub roles: Vec<String>,
    pub query: String,
    pub operation_name: Option<String>,
    /// The variables as JSON (object keys in the order sent: two orders make two groups, which
    /// is only a missed sharing, never a wrong answer).
    pub variables: String,
    /// The caller itself, when the answer may depend on who asks and not only on the scope
    /// (a `liveQuery` that selects `me`): such a group has one user's sockets only.
    pub user: Option<UserId>,
}

/// Query fields whose answer depends on who asks, not only on the scope (home tenant and
/// roles). Every other query field reads through the scope alone, so the viewers of one
/// county's dashboard share one computation; the test below names every query field, so a new
/// one must be placed on one side or the other.
pub const CALLER_FIELDS: &[&str] = &["me", "mySessions"];

/// Whether a subscription's answer may differ between two callers of the same scope: a root
/// field this module does not know, or a document that names a caller's field anywhere
/// (`names`: every field name of the document, fragments included — more than needed, which
/// only costs sharing).
pub fn per_user(fields: &[&str], names: &BTreeSet<&str>) -> bool {
    fields.iter().any(|f| kinds_of(f).is_empty()) || CALLER_FIELDS.iter().any(|f| names.contains(f))
}

impl GroupKey {
    pub fn of(principal: &Principal, request: &async_graphql::Request, per_user: bool) -> Self {
        let mut roles: Vec<String> = principal.roles().iter().map(|r| r.as_str().to_owned()).collect();
        roles.sort();
        Self {
            city: principal.root_id(),
            tenant: principal.tenant_id(),
            roles,
            query: request.query.clone(),
            operation_name: request.operation_name.clone(),
            variables: serde_json::to_string(&request.variables).unwrap_or_default(),
            user: per_user.then(|| principal.user_id()),
        }
    }
}

/// What a subscription field's answer depends on: the kinds of change after which it is
/// computed again.
pub fn kinds_of(field: &str) -> &'static [Touch] {
    match field {
        "rollupChanged" => &[Touch::Figures, Touch::Targets, Touch::Tree, Touch::Submissions, Touch::Indicators],
        "reviewQueueChanged" => &[Touch::Applications, Touch::Units, Touch::Designations, Touch::Tree],
        "rectificationChanged" => &[Touch::Supervision, Touch::Units, Touch::Tree],
        // Any query: every kind of change that moves the city's data version.
        "liveQuery" => &[
            Touch::Figures,
            Touch::Targets,
            Touch::Tree,
            Touch::Submissions,
            Touch::Indicators,
            Touch::Campaigns,
            Touch::Units,
            Touch::Applications,
            Touch::Designations,
            Touch::Assessments,
            Touch::Supervision,
            Touch::Users,
        ],
        _ => &[],
    }
}

/// The kinds of change a document's root fields depend on.
pub fn kinds_of_fields<'a>(fields: impl IntoIterator<Item = &'a str>) -> BTreeSet<Touch> {
    fields.into_iter().flat_map(|f| kinds_of(f).iter().copied()).collect()
}

/// Whether a change event may change a group's answer: a change of one of its kinds in its
/// city. (A write of another city never concerns it, whatever it touched.) A resync (the node
/// heard nothing for a while, see `events`) concerns every group: changes may have been missed.
pub fn concerns(event: &ChangeEvent, city: TenantId, kinds: &BTreeSet<Touch>) -> bool {
    event.resync || (event.city == Some(city) && event.touched.iter().any(|t| kinds.contains(t)))
}

/// Whether a change event may end a socket's right to its token: a session or a user changed
/// in its city, or a session outside any city (sign-in, refresh, a replayed refresh token
/// ending a session) of a user of its home tenant.
pub fn may_revoke(event: &ChangeEvent, city: TenantId, home: TenantId) -> bool {
    if event.resync {
        // Deaf for a while: a revocation may have been missed, so every token is checked again.
        return true;
    }
    let kind = event.touched.contains(&Touch::Sessions) || event.touched.contains(&Touch::Users);
    kind && (event.city == Some(city) || (event.city.is_none() && event.tenants.contains(&home)))
}

/// The names of the root fields of the subscription the request runs (fragments at the root
/// included), which say what changes concern it.
pub fn root_fields<'d>(doc: &'d ExecutableDocument, operation_name: Option<&str>) -> Vec<&'d str> {
    fn walk<'d>(
        doc: &'d ExecutableDocument,
        items: &'d [async_graphql::Positioned<Selection>],
        out: &mut Vec<&'d str>,
    ) {
        for item in items {
            match &item.node {
                Selection::Field(f) => out.push(f.node.name.node.as_str()),
                Selection::InlineFragment(f) => walk(doc, &f.node.selection_set.node.items, out),
                Selection::FragmentSpread(s) => {
                    if let Some(frag) = doc.fragments.get(&s.node.fragment_name.node) {
                        // One level: a subscription's root fields sit right here.
                        for i in &frag.node.selection_set.node.items {
                            if let Selection::Field(f) = &i.node {
                                out.push(f.node.name.node.as_str());
                            }
                        }
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    for (name, op) in doc.operations.iter() {
        // An anonymous operation is the only one; a named one runs when asked for (or alone).
        let chosen = name.is_none() || operation_name.is_none() || name.map(|n| n.as_str()) == operation_name;
        if chosen && op.node.ty == OperationType::Subscription {
            walk(doc, &op.node.selection_set.node.items, &mut out);
        }
    }
    out
}

/// Every field name of the document, in every operation and fragment.
pub fn field_names(doc: &ExecutableDocument) -> BTreeSet<&str> {
    fn walk<'d>(items: &'d [async_graphql::Positioned<Selection>], out: &mut BTreeSet<&'d str>) {
        for item in items {
            match &item.node {
                Selection::Field(f) => {
                    out.insert(f.node.name.node.as_str());
                    walk(&f.node.selection_set.node.items, out);
                }
                Selection::InlineFragment(f) => walk(&f.node.selection_set.node.items, out),
                Selection::FragmentSpread(_) => {}
            }
        }
    }
    let mut out = BTreeSet::new();
    for (_, op) in doc.operations.iter() {
        walk(&op.node.selection_set.node.items, &mut out);
    }
    for frag in doc.fragments.values() {
        walk(&frag.node.selection_set.node.items, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(city: Option<i64>, touched: &[Touch], tenants: &[i64]) -> ChangeEvent {
        ChangeEvent {
            city: city.map(TenantId),
            touched: touched.iter().copied().collect(),
            tenants: tenants.iter().map(|t| TenantId(*t)).collect(),
            at: chrono::Utc::now(),
            id: "node:1".to_owned(),
            version: None,
            revoked: Default::default(),
            resync: false,
        }
    }

    #[test]
    fn a_resync_concerns_every_group_and_checks_every_token() {
        let resync = ChangeEvent { resync: true, city: None, ..event(None, &[], &[]) };
        assert!(concerns(&resync, TenantId(1), &kinds_of_fields(["rollupChanged"])));
        assert!(may_revoke(&resync, TenantId(1), TenantId(3)));
    }

    #[test]
    fn a_rollup_group_follows_figures_of_its_own_city_only() {
        let kinds = kinds_of_fields(["rollupChanged"]);
        assert!(concerns(&event(Some(1), &[Touch::Figures], &[5]), TenantId(1), &kinds));
        assert!(concerns(&event(Some(1), &[Touch::Units, Touch::Targets], &[]), TenantId(1), &kinds));
        assert!(!concerns(&event(Some(2), &[Touch::Figures], &[5]), TenantId(1), &kinds), "another city");
        assert!(!concerns(&event(None, &[Touch::Figures], &[]), TenantId(1), &kinds));
        assert!(!concerns(&event(Some(1), &[Touch::Sessions], &[]), TenantId(1), &kinds), "a sign-in");
        assert!(!concerns(&event(Some(1), &[Touch::Supervision], &[]), TenantId(1), &kinds));
    }

    #[test]
    fn each_subscription_has_its_kinds() {
        assert!(kinds_of_fields(["reviewQueueChanged"]).contains(&Touch::Applications));
        assert!(kinds_of_fields(["rectificationChanged"]).contains(&Touch::Supervision));
        assert!(kinds_of_fields(["__typename"]).is_empty());
        let any = kinds_of_fields(["liveQuery"]);
        assert!(any.contains(&Touch::Assessments) && any.contains(&Touch::Figures));
        assert!(!any.contains(&Touch::Sessions), "a sign-in changes no answer");
        let names = |n: &[&'static str]| n.iter().copied().collect::<BTreeSet<&str>>();
        assert!(per_user(&["liveQuery"], &names(&["liveQuery", "me", "user"])));
        assert!(per_user(&["liveQuery"], &names(&["liveQuery", "mySessions", "id"])));
        assert!(!per_user(&["liveQuery"], &names(&["liveQuery", "tenant", "rollup", "actual"])));
        assert!(per_user(&["somethingNew"], &names(&[])));
        assert!(!per_user(&["rollupChanged"], &names(&[])) && !per_user(&["reviewQueueChanged"], &names(&[])));
    }

    /// Every query field is either a caller's field or read through the scope alone: a new
    /// query field fails here until it is placed (a caller's field shared by a group would show
    /// one user's answer to another).
    #[test]
    fn every_query_field_is_placed() {
        const SCOPE_FIELDS: &[&str] = &[
            "user",
            "file",
            "users",
            "tenant",
            "tenantByCode",
            "tenants",
            "auditLog",
            "unit",
            "units",
            "application",
            "applications",
            "reviewQueue",
            "batch",
            "batches",
            "designation",
            "designations",
            "designationCounts",
            "indicator",
            "indicators",
            "campaign",
            "campaigns",
            "decomposition",
            "reports",
            "submission",
            "submissions",
            "rollup",
            "assessmentScheme",
            "assessmentSchemes",
            "assessmentRound",
            "assessmentRounds",
            "assessmentRecord",
            "assessmentResults",
            "inspection",
            "inspections",
            "rectificationTask",
            "rectificationTasks",
            "myRectificationTasks",
            "rectificationSummary",
        ];
        let sdl = crate::graphql::sdl();
        let body = sdl.split("type QueryRoot {").nth(1).and_then(|b| b.split("\n}").next()).unwrap_or_default();
        let fields: Vec<&str> = body
            .lines()
            .filter(|l| l.starts_with('\t') && !l.starts_with("\t\t"))
            .filter_map(|l| l.trim().split(['(', ':']).next())
            .filter(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_alphanumeric()))
            .collect();
        assert!(fields.len() > 30, "{fields:?}");
        for f in fields {
            assert!(CALLER_FIELDS.contains(&f) ^ SCOPE_FIELDS.contains(&f), "query field {f} is not placed");
        }
    }

    #[test]
    fn sessions_and_users_of_the_city_may_end_a_token() {
        let (city, home) = (TenantId(1), TenantId(3));
        assert!(may_revoke(&event(Some(1), &[Touch::Sessions], &[3]), city, home), "a logout");
        assert!(may_revoke(&event(Some(1), &[Touch::Users], &[4]), city, home), "a user disabled");
        assert!(may_revoke(&event(None, &[Touch::Sessions], &[3]), city, home), "a replayed refresh token");
        assert!(!may_revoke(&event(None, &[Touch::Sessions], &[9]), city, home), "another tenant signs in");
        assert!(!may_revoke(&event(Some(2), &[Touch::Users], &[3]), city, home), "another city");
        assert!(!may_revoke(&event(Some(1), &[Touch::Figures], &[3]), city, home));
    }
}
