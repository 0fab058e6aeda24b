//! The tenancy rule and who is who: the tenant tree, users and roles, signing in, and the audit
//! log each tenant reads of its own subtree.

mod accounts;
mod audit;
mod sign_in;
mod tenants;
mod users;
