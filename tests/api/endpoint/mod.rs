//! The endpoint as a client or an attacker meets it: GraphQL over HTTP, hostile and fuzzed
//! requests, responses shaped as the spec says, SQL statements per request, the checked-in SDL, and
//! HTTP for weak links (compression, ETags, CORS), trusted documents.

mod costs;
mod documents;
mod fuzz;
mod hostile;
mod http;
mod http_caching;
mod responses;
mod schema;
