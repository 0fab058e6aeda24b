//! Computing roll-ups from the database: the tenants, indicators, aggregates, targets and (when
//! wanted) children with their accepted submissions are read in one statement for all tenants
//! asked (two with the children), MIN, MAX and LATEST in one more; each row is then built in
//! memory, with only the parts the caller selected.

use super::extreme::{Extremes, extremes};
use super::inputs::{Ind, Inputs, Member, read};
use super::*;

/// Computes roll-ups from the database (no cache), with what `detail` asks beyond the figures
/// of the tenants themselves: at most three statements.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn compute<C: ConnectionTrait>(
    db: &C,
    scope: &Scope,
    tenant_ids: &[TenantId],
    period: Period,
    indicator_ids: &[IndicatorId],
    detail: Detail,
) -> Result<HashMap<TenantId, Vec<Rollup>>, AppError> {
    if tenant_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut indicator_ids = indicator_ids.to_vec();
    indicator_ids.sort_unstable();
    indicator_ids.dedup();
    let p = period.to_string();
    let inputs = read(db, scope, tenant_ids, &indicator_ids, &p, detail.below()).await?;
    // Children's subtrees only when their parts are wanted: `inputs` holds them only then.
    let of: Vec<TenantId> = inputs.tenants.keys().copied().collect();
    let extremes = extremes(db, scope, &inputs.indicators, &of, period).await?;
    let built = Built { inputs, extremes, period: p, detail };

    let mut out = HashMap::new();
    for t in tenant_ids {
        let kids: Vec<&Member> = if detail.below() {
            built.inputs.tenants.values().filter(|c| c.parent_id == Some(*t)).collect()
        } else {
            Vec::new()
        };
        let rows = built.inputs.indicators.iter().map(|ind| built.rollup(*t, &kids, ind)).collect();
        out.insert(*t, rows);
    }
    Ok(out)
}

/// Everything a roll-up row is built from, for the period `period`.
struct Built {
    inputs: Inputs,
    extremes: Extremes,
    period: String,
    detail: Detail,
}

impl Built {
    /// The aggregate of tenant `tid` for `ind`. A row whose figures were all withdrawn holds no
    /// figure: no actual, as before any.
    fn agg(&self, tid: TenantId, ind: &Ind) -> Option<Agg> {
        self.inputs.aggs.get(&(tid, ind.id)).map(|(a, _)| *a).filter(|a| a.figures > 0)
    }

    /// The actual of tenant `tid` for `ind`: from its aggregate (SUM, AVG) or its subtree's
    /// MIN, MAX or LATEST.
    fn value_of(&self, tid: TenantId, ind: &Ind) -> Option<i64> {
        match ind.aggregation {
            Aggregation::Sum => self.agg(tid, ind).map(|a| a.total),
            Aggregation::Avg => self.agg(tid, ind).and_then(|a| avg(a.total, a.figures)),
            _ => self.extremes.computed.get(&(tid, ind.id)).copied(),
        }
    }

    /// One roll-up row: tenant `t`'s target and actual for `ind`, with its children's parts and
    /// the accepted-only actual when selected.
    fn rollup(&self, t: TenantId, kids: &[&Member], ind: &Ind) -> Rollup {
        let own = self.agg(t, ind).unwrap_or_default();
        let target = self.inputs.targets.get(&(t, ind.id));
        Rollup {
            tenant_id: t,
            indicator_id: ind.id,
            indicator_code: ind.code.clone(),
            indicator_name: ind.name.clone(),
            measure_unit: ind.measure_unit.clone(),
            period: self.period.clone(),
            aggregation: ind.aggregation.as_str().to_owned(),
            target: target.map(|(v, _)| *v),
            target_source: target.map(|(_, s)| s.as_str().to_owned()),
            actual: self.value_of(t, ind),
            accepted_actual: if self.detail.accepted { self.accepted_actual(t, kids, ind, own) } else { None },
            total: matches!(ind.aggregation, Aggregation::Sum | Aggregation::Avg)
                .then_some(own.total)
                .filter(|_| own.figures > 0),
            subjects: own.subjects,
            children: if self.detail.children { self.child_parts(kids, ind) } else { Vec::new() },
            last_changed: self.inputs.aggs.get(&(t, ind.id)).map(|(_, at)| *at),
        }
    }

    /// The accepted-only actual: the tenant's own figures and those of the children whose
    /// submissions it accepted (`own` is the tenant's whole aggregate).
    fn accepted_actual(&self, t: TenantId, kids: &[&Member], ind: &Ind, own: Agg) -> Option<i64> {
        let Extremes { computed, direct } = &self.extremes;
        let not_accepted: Vec<TenantId> = kids.iter().filter(|k| !k.accepted).map(|k| k.id).collect();
        match ind.aggregation {
            Aggregation::Sum | Aggregation::Avg => {
                let mut a = own;
                for k in &not_accepted {
                    let ka = self.agg(*k, ind).unwrap_or_default();
                    a.total -= ka.total;
                    a.subjects -= ka.subjects;
                    a.figures -= ka.figures;
                }
                if a.figures <= 0 {
                    None
                } else if ind.aggregation == Aggregation::Sum {
                    Some(a.total)
                } else {
                    avg(a.total, a.figures)
                }
            }
            agg_kind => {
                let parts = kids
                    .iter()
                    .filter(|k| k.accepted)
                    .filter_map(|k| computed.get(&(k.id, ind.id)).copied())
                    .chain(direct.get(&(t, ind.id)).copied());
                match agg_kind {
                    Aggregation::Min => parts.min(),
                    Aggregation::Max => parts.max(),
                    // LATEST across accepted parts needs their times: use the subtree's
                    // latest when every child is accepted, otherwise the own figure.
                    _ if not_accepted.is_empty() => computed.get(&(t, ind.id)).copied(),
                    _ => direct.get(&(t, ind.id)).copied(),
                }
            }
        }
    }

    /// Each child's part of the roll-up for `ind`: its actual and whether it was accepted.
    fn child_parts(&self, kids: &[&Member], ind: &Ind) -> Vec<ChildPart> {
        kids.iter()
            .map(|k| ChildPart {
                tenant_id: k.id,
                code: k.code.clone(),
                name: k.name.clone(),
                level: k.level.clone(),
                actual: self.value_of(k.id, ind),
                accepted: k.accepted,
            })
            .collect()
    }
}
