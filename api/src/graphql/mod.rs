//! The GraphQL schema: one query and one mutation object per domain area, merged, and the
//! subscription root (`live`). Resolvers are
//! thin: convert input, call one service function, map the output.

pub mod account;
pub mod application;
pub mod assessment;
pub mod audit;
pub mod auth;
pub mod designation;
pub mod document;
pub mod file;
pub mod import;
pub mod indicator;
pub mod kit;
pub mod live;
pub mod report;
pub mod rollup;
pub mod submission;
pub mod supervision;
pub mod tenant;
pub mod timeline;
pub mod unit;
pub mod user;

use async_graphql::{MergedObject, Schema};

use crate::settings::GraphqlSettings;
use crate::state::AppState;

#[derive(MergedObject, Default)]
pub struct QueryRoot(
    user::UserQuery,
    account::AccountQuery,
    tenant::TenantQuery,
    audit::AuditQuery,
    unit::UnitQuery,
    application::ApplicationQuery,
    designation::DesignationQuery,
    indicator::IndicatorQuery,
    report::ReportQuery,
    submission::SubmissionQuery,
    rollup::RollupQuery,
    assessment::AssessmentQuery,
    supervision::SupervisionQuery,
    file::FileQuery,
);

#[derive(MergedObject, Default)]
pub struct MutationRoot(
    auth::AuthMutation,
    tenant::TenantMutation,
    user::UserMutation,
    account::AccountMutation,
    unit::UnitMutation,
    application::ApplicationMutation,
    designation::DesignationMutation,
    document::DocumentMutation,
    indicator::IndicatorMutation,
    report::ReportMutation,
    submission::SubmissionMutation,
    assessment::AssessmentMutation,
    supervision::SupervisionMutation,
    import::ImportMutation,
);

pub type AppSchema = Schema<QueryRoot, MutationRoot, live::SubscriptionRoot>;

/// `suggestions`: whether validation errors may propose field names ("Did you mean …"); only in
/// development, since they describe the schema to whoever probes it.
fn builder(
    settings: &GraphqlSettings,
    suggestions: bool,
) -> async_graphql::SchemaBuilder<QueryRoot, MutationRoot, live::SubscriptionRoot> {
    let mut b = Schema::build(QueryRoot::default(), MutationRoot::default(), live::SubscriptionRoot)
        .extension(kit::errors::ErrorCodes)
        .limit_complexity(settings.max_complexity)
        .limit_recursive_depth(64)
        .limit_directives(16);
    if !settings.introspection {
        b = b.disable_introspection();
    }
    if !suggestions {
        b = b.disable_suggestions();
    }
    b
}

/// The field types the response completion needs (read from the SDL once).
pub fn completion() -> Option<&'static kit::complete::Completion> {
    static COMPLETION: std::sync::LazyLock<Option<kit::complete::Completion>> =
        std::sync::LazyLock::new(|| kit::complete::Completion::of_sdl(&sdl()));
    COMPLETION.as_ref()
}

/// The schema the server runs, with shared state attached.
pub fn build_schema(state: AppState) -> AppSchema {
    if completion().is_none() {
        tracing::error!("the schema's SDL does not parse: responses are left as async-graphql orders them");
    }
    let settings = state.settings.graphql.clone();
    let suggestions = state.settings.profile == crate::settings::Profile::Development;
    builder(&settings, suggestions).data(state).finish()
}

/// The SDL (what `shiliu schema` prints and `api/schema.graphql` holds).
pub fn sdl() -> String {
    let settings = GraphqlSettings {
        max_nesting: 0,
        max_tokens: 0,
        max_depth: 0,
        max_aliases: 0,
        max_selections: 0,
        max_directives: 0,
        max_complexity: usize::MAX,
        default_page_size: 0,
        max_page_size: 0,
        introspection: true,
        graphiql: false,
        subscription_debounce_ms: 0,
        subscription_init_timeout_ms: 0,
        subscriptions_per_socket: 0,
        sockets_per_user: 0,
        documents: None,
        document_manifests: Vec::new(),
    };
    builder(&settings, false).finish().sdl()
}
