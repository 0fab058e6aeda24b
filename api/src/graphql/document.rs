//! Trusted documents (see `service::documents` and `http::graphql::documents`).

use async_graphql::{Context, Object, Result, SimpleObject};

use crate::graphql::kit::context::ContextExt as _;
use crate::graphql::kit::{limits, scan};
use crate::service::documents::{self, Registered};
use crate::settings::GraphqlSettings;

/// A document registered as trusted.
#[derive(SimpleObject)]
pub struct RegisteredDocument {
    /// `sha256:` and the SHA-256 of the text (hex): what clients send as `documentId`.
    pub id: String,
    /// It was trusted already (the web client's own, or registered before).
    pub already_trusted: bool,
}

impl From<Registered> for RegisteredDocument {
    fn from(r: Registered) -> Self {
        Self { id: r.id.to_string(), already_trusted: r.already_trusted }
    }
}

#[derive(Default)]
pub struct DocumentMutation;

#[Object]
impl DocumentMutation {
    /// Registers GraphQL documents as trusted (an ADMIN of a city), so that clients may send
    /// `documentId` instead of the text and, under `graphql.documents = "trusted"`, run them at
    /// all. Each document must parse and stay within the limits of any request; its id is
    /// computed from its exact text. Documents are the deployment's: each still runs in its
    /// caller's scope. At most 100 at once; registering a known text again changes nothing.
    async fn register_documents(&self, ctx: &Context<'_>, documents: Vec<String>) -> Result<Vec<RegisteredDocument>> {
        let (state, scope) = (ctx.state()?, ctx.scope()?);
        let gql = &state.settings.graphql;
        let registered = documents::register(state, &scope, documents, |text| checked(text, gql)).await?;
        Ok(registered.into_iter().map(RegisteredDocument::from).collect())
    }
}

/// A document as the endpoint would accept it: nesting and tokens, parse, limits.
fn checked(text: &str, gql: &GraphqlSettings) -> Result<(), String> {
    scan::scan(text, gql.max_nesting, gql.max_tokens).map_err(|e| e.to_string())?;
    let doc = async_graphql::parser::parse_query(text).map_err(|e| e.to_string())?;
    limits::check(&doc, limits::Limits::from(gql)).map_err(|e| e.to_string())?;
    Ok(())
}
