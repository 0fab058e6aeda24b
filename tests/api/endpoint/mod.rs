//! The endpoint as a client or an attacker meets it: GraphQL over HTTP, hostile and fuzzed
//! requests, responses shaped as the spec says, SQL statements per request, and the checked-in SDL.

mod costs;
mod fuzz;
mod hostile;
mod http;
mod responses;
mod schema;
