//! Keyset pagination by ascending id: stable under inserts, no OFFSET scans.

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};

use crate::error::AppError;

/// A validated page request: `first` is within bounds, `after` is the last id already seen.
#[derive(Clone, Copy, Debug)]
pub struct PageRequest {
    pub first: u64,
    pub after: Option<i64>,
    /// Run the COUNT for `totalCount` (the GraphQL layer asks only when the field is selected).
    pub count: bool,
}

pub struct Page<T> {
    pub items: Vec<T>,
    pub has_next_page: bool,
    pub has_previous_page: bool,
    pub total_count: u64,
}

impl<T> Page<T> {
    /// Converts every item, failing on the first that does not convert.
    pub fn try_map<U, E>(self, f: impl FnMut(T) -> Result<U, E>) -> Result<Page<U>, E> {
        Ok(Page {
            items: self.items.into_iter().map(f).collect::<Result<Vec<_>, _>>()?,
            has_next_page: self.has_next_page,
            has_previous_page: self.has_previous_page,
            total_count: self.total_count,
        })
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            has_next_page: self.has_next_page,
            has_previous_page: self.has_previous_page,
            total_count: self.total_count,
        }
    }
}

/// Runs `select` as one page ordered by `id_col`, plus one COUNT for `totalCount` when asked.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn fetch<E, C>(
    db: &C,
    select: Select<E>,
    id_col: E::Column,
    req: PageRequest,
) -> Result<Page<E::Model>, AppError>
where
    E: EntityTrait,
    E::Model: Sync,
    C: ConnectionTrait,
{
    let total_count = if req.count { select.clone().count(db).await? } else { 0 };
    let mut q = select.order_by_asc(id_col);
    if let Some(after) = req.after {
        q = q.filter(id_col.gt(after));
    }
    let mut items = q.limit(req.first + 1).all(db).await?;
    let has_next_page = items.len() as u64 > req.first;
    items.truncate(req.first as usize);
    Ok(Page { items, has_next_page, has_previous_page: req.after.is_some(), total_count })
}
