//! The binary as operators run it: the CLI's data commands, outages of PostgreSQL and Redis, and
//! the web client and GraphiQL it serves.

mod cli;
mod outage;
mod web;
