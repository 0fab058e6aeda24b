//! The rectification summary over a subtree and per child.

use super::*;

/// Task counts over a subtree.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Counts {
    pub total: i64,
    pub open: i64,
    pub in_progress: i64,
    pub submitted: i64,
    pub verified: i64,
    pub reopened: i64,
    pub overdue: i64,
    /// Verified after the deadline.
    pub verified_late: i64,
}

impl Counts {
    /// verified / total, four decimals; `None` without tasks.
    pub fn completion_rate(&self) -> Option<Decimal> {
        (self.total > 0).then(|| (Decimal::from(self.verified) / Decimal::from(self.total)).round_dp(4).normalize())
    }

    fn add(&mut self, status: TaskStatus, n: i64, overdue: i64, late: i64) {
        self.total += n;
        self.overdue += overdue;
        self.verified_late += late;
        match status {
            TaskStatus::Open => self.open += n,
            TaskStatus::InProgress => self.in_progress += n,
            TaskStatus::Submitted => self.submitted += n,
            TaskStatus::Verified => self.verified += n,
            TaskStatus::Reopened => self.reopened += n,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Summary {
    pub tenant: Tenant,
    /// Tasks assigned anywhere in the tenant's subtree (itself included).
    pub counts: Counts,
    /// Per direct child: tasks assigned in the child's subtree.
    pub children: Vec<(Tenant, Counts)>,
}

#[derive(FromQueryResult)]
struct SummaryRow {
    ancestor_id: TenantId,
    status: String,
    n: i64,
    overdue: i64,
    late: i64,
}

/// Rectification counts for an in-scope tenant's subtree and for each direct child's subtree.
/// Four statements whatever the tree: the scope check, the tenant and its children, and one
/// count grouped by (tenant, status) through the closure table.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn summary<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    tenant_id: TenantId,
    today: NaiveDate,
) -> Result<Summary, AppError> {
    scope.check_tenant(db, tenant_id, "tenant").await?;
    let mut family: Vec<Tenant> = scope
        .select::<tenant::Entity>()
        .filter(Condition::any().add(tenant::Column::Id.eq(tenant_id)).add(tenant::Column::ParentId.eq(tenant_id)))
        .order_by_asc(tenant::Column::Code)
        .all(db)
        .await?
        .into_iter()
        .map(Tenant::try_from)
        .collect::<Result<_, _>>()?;
    let pos = family.iter().position(|t| t.id == tenant_id).ok_or(AppError::NotFound { entity: "tenant" })?;
    let me = family.remove(pos);
    let mut ids: Vec<TenantId> = family.iter().map(|t| t.id).collect();
    ids.push(tenant_id);

    // The scoped select of tasks, regrouped per (ancestor, status) through the closure table.
    let mut stmt = scope.select::<rectification_task::Entity>().into_query();
    let ancestor = Expr::col((tenant_closure::Entity, tenant_closure::Column::AncestorId));
    let status = Expr::col((rectification_task::Entity, rectification_task::Column::Status));
    let overdue = Expr::case(
        Expr::col((rectification_task::Entity, rectification_task::Column::Status))
            .ne(TaskStatus::Verified.as_str())
            .and(Expr::col((rectification_task::Entity, rectification_task::Column::Deadline)).lt(today)),
        Expr::val(1),
    )
    .finally(Expr::val(0));
    let late = Expr::case(
        Expr::col((rectification_task::Entity, rectification_task::Column::VerifiedLate)).eq(true),
        Expr::val(1),
    )
    .finally(Expr::val(0));
    stmt.clear_selects()
        .expr_as(ancestor.clone(), Alias::new("ancestor_id"))
        .expr_as(status.clone(), Alias::new("status"))
        .expr_as(Func::count(Expr::col((rectification_task::Entity, rectification_task::Column::Id))), Alias::new("n"))
        .expr_as(Func::sum(overdue), Alias::new("overdue"))
        .expr_as(Func::sum(late), Alias::new("late"))
        .inner_join(
            tenant_closure::Entity,
            Expr::col((tenant_closure::Entity, tenant_closure::Column::DescendantId))
                .equals((rectification_task::Entity, rectification_task::Column::AssigneeTenantId)),
        )
        .and_where(ancestor.clone().is_in(ids))
        .add_group_by([ancestor, status]);
    let rows = SummaryRow::find_by_statement(db.get_database_backend().build(&stmt)).all(db).await?;
    let mut per: HashMap<TenantId, Counts> = HashMap::new();
    for r in rows {
        let s = TaskStatus::parse(&r.status).ok_or_else(|| AppError::internal("bad rectification status"))?;
        per.entry(r.ancestor_id).or_default().add(s, r.n, r.overdue, r.late);
    }
    Ok(Summary {
        counts: per.remove(&tenant_id).unwrap_or_default(),
        children: family
            .into_iter()
            .map(|t| {
                let c = per.remove(&t.id).unwrap_or_default();
                (t, c)
            })
            .collect(),
        tenant: me,
    })
}
