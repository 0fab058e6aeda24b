//! What roll-ups are built from, in one statement (two with the children): each tenant asked
//! (and each of its children when their parts are wanted) crossed with each indicator asked,
//! with the tenant's aggregate row and target for the period and, children wanted, whether its
//! submission was accepted. Lists are one array parameter on PostgreSQL (`store::lists`).

use sea_orm::sea_query::{Condition, IntoIden, SelectStatement, TableRef};
use sea_orm::{DbBackend, PaginatorTrait, QuerySelect};

use super::*;
use crate::store::lists::one_of;

/// An indicator as a roll-up needs it.
pub(super) struct Ind {
    pub(super) id: IndicatorId,
    pub(super) code: String,
    pub(super) name: String,
    pub(super) measure_unit: String,
    pub(super) aggregation: Aggregation,
}

/// A tenant read with the roll-up: an asked one or a child of one.
pub(super) struct Member {
    pub(super) id: TenantId,
    pub(super) parent_id: Option<TenantId>,
    pub(super) code: String,
    pub(super) name: String,
    pub(super) level: String,
    /// Its submission for the period was accepted (read only when children are wanted).
    pub(super) accepted: bool,
}

/// Everything read for a set of roll-ups.
pub(super) struct Inputs {
    /// The tenants asked and, children wanted, their children, by id.
    pub(super) tenants: BTreeMap<TenantId, Member>,
    /// The indicators asked, in the order asked.
    pub(super) indicators: Vec<Ind>,
    pub(super) aggs: HashMap<(TenantId, IndicatorId), (Agg, DateTime<Utc>)>,
    /// Effective targets of the tenants asked.
    pub(super) targets: HashMap<(TenantId, IndicatorId), (i64, TargetSource)>,
}

#[derive(FromQueryResult)]
struct Row {
    t_id: TenantId,
    t_parent: Option<TenantId>,
    t_code: String,
    t_name: String,
    t_level: String,
    i_id: IndicatorId,
    i_code: String,
    i_name: String,
    i_unit: String,
    i_aggregation: String,
    total: Option<i64>,
    subjects: Option<i64>,
    figures: Option<i64>,
    updated_at: Option<DateTime<Utc>>,
    target_value: Option<i64>,
    quota: Option<i64>,
    accepted: Option<i64>,
}

fn ids_of<T: Copy + Into<i64>>(ids: &[T]) -> Vec<i64> {
    ids.iter().map(|&i| i.into()).collect()
}

/// Reads the inputs of the roll-ups of `ids` for `indicator_ids` (sorted, distinct) in period
/// `p`: one statement, two when the children are wanted (first the tenants, so that every list
/// the main statement filters by is a parameter the planner sees). NOT_FOUND when a tenant or an
/// indicator is not in scope.
pub(super) async fn read<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    ids: &[TenantId],
    indicator_ids: &[IndicatorId],
    p: &str,
    children: bool,
) -> Result<Inputs, AppError> {
    let backend = db.get_database_backend();
    let everyone = if children { with_children(db, scope, ids).await? } else { ids.to_vec() };
    if everyone.is_empty() {
        return Err(AppError::NotFound { entity: "tenant" });
    }
    let q = statement(backend, scope, (ids, &everyone), indicator_ids, p, children);
    let rows = Row::find_by_statement(backend.build(&q)).all(db).await?;
    let mut out = Inputs {
        tenants: BTreeMap::new(),
        indicators: Vec::with_capacity(indicator_ids.len()),
        aggs: HashMap::new(),
        targets: HashMap::new(),
    };
    let mut indicators: HashMap<IndicatorId, Ind> = HashMap::new();
    for r in rows {
        if let (Some(total), Some(subjects), Some(figures), Some(at)) = (r.total, r.subjects, r.figures, r.updated_at) {
            out.aggs.insert((r.t_id, r.i_id), (Agg { total, subjects, figures }, at));
        }
        if let Some(goal) = TargetSource::effective(r.target_value, r.quota) {
            out.targets.insert((r.t_id, r.i_id), goal);
        }
        if let std::collections::hash_map::Entry::Vacant(slot) = indicators.entry(r.i_id) {
            let aggregation = Aggregation::parse(&r.i_aggregation)
                .ok_or_else(|| AppError::internal(format!("indicator {} is corrupt", r.i_id)))?;
            slot.insert(Ind { id: r.i_id, code: r.i_code, name: r.i_name, measure_unit: r.i_unit, aggregation });
        }
        out.tenants.entry(r.t_id).or_insert(Member {
            id: r.t_id,
            parent_id: r.t_parent,
            code: r.t_code,
            name: r.t_name,
            level: r.t_level,
            accepted: r.accepted.is_some(),
        });
    }
    out.indicators = indicator_ids.iter().filter_map(|i| indicators.remove(i)).collect();
    // Every tenant found comes with every indicator found (a cross join): a missing one is out
    // of scope or does not exist. No row at all leaves open which one is missing.
    if out.tenants.is_empty() {
        return Err(missing(db, scope, ids).await);
    }
    if ids.iter().any(|t| !out.tenants.contains_key(t)) {
        return Err(AppError::NotFound { entity: "tenant" });
    }
    if out.indicators.len() != indicator_ids.len() {
        return Err(AppError::NotFound { entity: "indicator" });
    }
    Ok(out)
}

/// The tenants of `ids` in scope and their children.
async fn with_children<C: ConnectionTrait>(db: &C, scope: &Scope, ids: &[TenantId]) -> Result<Vec<TenantId>, AppError> {
    let backend = db.get_database_backend();
    let col = |c: tenant::Column| Expr::col((tenant::Entity, c));
    let wanted = Condition::any().add(one_of(backend, col(tenant::Column::Id), ids_of(ids))).add(one_of(
        backend,
        col(tenant::Column::ParentId),
        ids_of(ids),
    ));
    let found: Vec<TenantId> = scope
        .select::<tenant::Entity>()
        .select_only()
        .column(tenant::Column::Id)
        .filter(wanted)
        .into_tuple()
        .all(db)
        .await?;
    Ok(found)
}

/// Which is missing when no row came back: every tenant (then no indicator was found) or not.
/// A second look, on this error path only.
async fn missing<C: ConnectionTrait>(db: &C, scope: &Scope, ids: &[TenantId]) -> AppError {
    let column = Expr::col((tenant::Entity, tenant::Column::Id));
    let found =
        scope.select::<tenant::Entity>().filter(one_of(db.get_database_backend(), column, ids_of(ids))).count(db);
    match found.await {
        Ok(n) if n as usize == ids.len() => AppError::NotFound { entity: "indicator" },
        Ok(_) => AppError::NotFound { entity: "tenant" },
        Err(e) => e.into(),
    }
}

/// `tenant × (indicators in scope) LEFT JOIN report_aggregate, target [, submission]` for the
/// tenants `asked` and `everyone` (the asked ones and, children wanted, their children). The
/// tenants and the indicators go through the scope; the joined rows belong to a tenant so read,
/// so they are in scope too. Each joined table is also filtered by the lists themselves, so the
/// planner reads it through its index whatever it guesses of the cross join.
fn statement(
    backend: DbBackend,
    scope: &Scope,
    (asked, everyone): (&[TenantId], &[TenantId]),
    indicator_ids: &[IndicatorId],
    p: &str,
    children: bool,
) -> SelectStatement {
    let tcol = |c: tenant::Column| Expr::col((tenant::Entity, c));
    let tenants = scope.select::<tenant::Entity>().filter(one_of(backend, tcol(tenant::Column::Id), ids_of(everyone)));
    let mut inds = scope
        .select_shared::<indicator::Entity>()
        .filter(one_of(backend, Expr::col((indicator::Entity, indicator::Column::Id)), ids_of(indicator_ids)))
        .into_query();
    use indicator::Column as I;
    inds.clear_selects().columns([I::Id, I::Code, I::Name, I::MeasureUnit, I::Aggregation]);
    let i = Alias::new("i");
    let icol = |c: I| Expr::col((i.clone(), c));
    let tid = || tcol(tenant::Column::Id);

    let mut q = tenants.into_query();
    q.clear_selects().cross_join(TableRef::SubQuery(Box::new(inds), i.clone().into_iden()));
    for (e, name) in [
        (tcol(tenant::Column::Id), "t_id"),
        (tcol(tenant::Column::ParentId), "t_parent"),
        (tcol(tenant::Column::Code), "t_code"),
        (tcol(tenant::Column::Name), "t_name"),
        (tcol(tenant::Column::Level), "t_level"),
        (icol(I::Id), "i_id"),
        (icol(I::Code), "i_code"),
        (icol(I::Name), "i_name"),
        (icol(I::MeasureUnit), "i_unit"),
        (icol(I::Aggregation), "i_aggregation"),
    ] {
        q.expr_as(e, Alias::new(name));
    }
    use report_aggregate::Column as A;
    let acol = |c: A| Expr::col((report_aggregate::Entity, c));
    q.left_join(
        report_aggregate::Entity,
        Condition::all()
            .add(acol(A::TenantId).eq(tid()))
            .add(acol(A::IndicatorId).eq(icol(I::Id)))
            .add(acol(A::Period).eq(p))
            .add(one_of(backend, acol(A::TenantId), ids_of(everyone))),
    )
    .columns([(report_aggregate::Entity, A::Total), (report_aggregate::Entity, A::Subjects)])
    .columns([(report_aggregate::Entity, A::Figures), (report_aggregate::Entity, A::UpdatedAt)]);
    // Targets of the tenants asked only: a child's part has none.
    use target::Column as G;
    let gcol = |c: G| Expr::col((target::Entity, c));
    q.left_join(
        target::Entity,
        Condition::all()
            .add(gcol(G::TenantId).eq(tid()))
            .add(gcol(G::IndicatorId).eq(icol(I::Id)))
            .add(gcol(G::Period).eq(p))
            .add(one_of(backend, gcol(G::TenantId), ids_of(asked))),
    )
    .columns([(target::Entity, G::TargetValue), (target::Entity, G::Quota)]);
    if children {
        use submission::Column as S;
        let scol = |c: S| Expr::col((submission::Entity, c));
        q.left_join(
            submission::Entity,
            Condition::all()
                .add(scol(S::TenantId).eq(tid()))
                .add(scol(S::Period).eq(p))
                .add(scol(S::Status).eq(SubmissionStatus::Accepted.as_str()))
                .add(one_of(backend, scol(S::TenantId), ids_of(everyone))),
        )
        .expr_as(scol(S::Id), Alias::new("accepted"));
    } else {
        q.expr_as(Expr::val(Option::<i64>::None), Alias::new("accepted"));
    }
    q
}
