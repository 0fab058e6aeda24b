//! The binary as operators run it: the CLI's data commands, outages of PostgreSQL and Redis,
//! sign-ins kept per node across two nodes, and the web client and GraphiQL it serves.

mod cli;
mod outage;
mod sign_ins;
mod web;
