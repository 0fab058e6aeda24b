//! Relay connections: opaque cursors, `pageInfo`, `totalCount`, and the page bounds.

use async_graphql::connection::{Connection, CursorType, Edge, EmptyFields};
use async_graphql::{Context, OutputType, SimpleObject};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::error::AppError;
use crate::service::page::{Page, PageRequest};
use crate::settings::GraphqlSettings;

/// A cursor that did not come from this API.
#[derive(Debug)]
pub struct BadCursor;

impl std::fmt::Display for BadCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a cursor returned by this API")
    }
}

/// A cursor: the id of the last row seen, wrapped so clients treat it as opaque.
pub struct IdCursor(pub i64);

const PREFIX: &str = "shiliu:v1:";

impl CursorType for IdCursor {
    type Error = BadCursor;

    fn decode_cursor(s: &str) -> Result<Self, Self::Error> {
        let bytes = URL_SAFE_NO_PAD.decode(s).map_err(|_| BadCursor)?;
        let text = String::from_utf8(bytes).map_err(|_| BadCursor)?;
        text.strip_prefix(PREFIX).and_then(|id| id.parse().ok()).map(IdCursor).ok_or(BadCursor)
    }

    fn encode_cursor(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{PREFIX}{}", self.0))
    }
}

#[derive(SimpleObject)]
pub struct Counted {
    /// Number of items in the whole list, across all pages.
    pub total_count: u64,
}

pub type Conn<T> = Connection<IdCursor, T, Counted, EmptyFields>;

/// Checks `first` and decodes `after`. The COUNT behind `totalCount` runs only when the
/// connection selects that field.
pub fn page_request(
    ctx: &Context<'_>,
    settings: &GraphqlSettings,
    first: Option<i32>,
    after: Option<String>,
) -> Result<PageRequest, AppError> {
    let first = match first {
        None => settings.default_page_size,
        Some(n) if n < 1 => return Err(AppError::bad_input("first", "first must be at least 1")),
        Some(n) if n as u64 > settings.max_page_size => {
            return Err(AppError::bad_input("first", format!("first may be at most {}", settings.max_page_size)));
        }
        Some(n) => n as u64,
    };
    let after = after
        .as_deref()
        .map(IdCursor::decode_cursor)
        .transpose()
        .map_err(|e| AppError::bad_input("after", e.to_string()))?
        .map(|c| c.0);
    Ok(PageRequest { first, after, count: ctx.look_ahead().field("totalCount").exists() })
}

/// Builds a connection from a service page; `id` gives each node's cursor.
pub fn connection<T, I: Into<i64>, N: OutputType>(
    page: Page<T>,
    id: impl Fn(&T) -> I,
    node: impl Fn(T) -> N,
) -> Conn<N> {
    let mut conn = Connection::with_additional_fields(
        page.has_previous_page,
        page.has_next_page,
        Counted { total_count: page.total_count },
    );
    conn.edges.extend(page.items.into_iter().map(|item| Edge::new(IdCursor(id(&item).into()), node(item))));
    conn
}

/// Parses a GraphQL `ID` holding a numeric key into the id type the caller expects
/// (`UnitId`, `TenantId`, …).
pub fn parse_id<T: From<i64>>(field: &str, id: &async_graphql::ID) -> Result<T, AppError> {
    id.parse::<i64>().map(T::from).map_err(|_| AppError::bad_input(field, format!("{field} is not a valid id")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_forgeries() {
        let c = IdCursor(42).encode_cursor();
        assert_eq!(IdCursor::decode_cursor(&c).unwrap().0, 42);
        assert!(IdCursor::decode_cursor("42").is_err());
        assert!(IdCursor::decode_cursor(&URL_SAFE_NO_PAD.encode("other:42")).is_err());
    }
}
