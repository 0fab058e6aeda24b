//! The published ranking of a round and its notice table.

use super::*;

#[derive(Clone, Debug, Serialize)]
pub struct ResultRow {
    pub rank: usize,
    pub record_id: RecordId,
    pub assessee_tenant_id: TenantId,
    pub unit_id: Option<UnitId>,
    /// Division code of a tenant assessee; empty for a unit.
    pub code: String,
    pub name: String,
    pub total: i64,
    pub base: i64,
    pub bonus: i64,
    pub desk_total: i64,
    pub grade: Grade,
    /// (aspect, subtotal of the final scores of its criteria), in scheme order.
    pub aspects: Vec<(String, i64)>,
}

pub struct Results {
    pub round: Round,
    pub aspects: Vec<String>,
    pub rows: Vec<ResultRow>,
}

/// The ranking of a PUBLISHED round, read by the assessing level and above (NOT_FOUND for
/// anyone else, CONFLICT before publication). Order: see `domain::assessment::rank_order`.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn results<C: ConnectionTrait>(db: &C, scope: &Scope, round_id: RoundId) -> Result<Results, AppError> {
    let r: Round = scope
        .select::<round::Entity>()
        .filter(round::Column::Id.eq(round_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound { entity: "assessment round" })?
        .try_into()?;
    if r.status != RoundStatus::Published {
        return Err(AppError::conflict("id", "the ranking is available once the round is published"));
    }
    let sch = scheme(db, scope, r.scheme_id).await?;
    let recs = scope.select::<record::Entity>().filter(record::Column::RoundId.eq(round_id)).all(db).await?;
    let ids: Vec<RecordId> = recs.iter().map(|m| m.id).collect();
    let all_scores = scope.select::<score::Entity>().filter(score::Column::RecordId.is_in(ids)).all(db).await?;
    let tenant_ids: Vec<TenantId> = recs.iter().filter(|m| m.unit_id.is_none()).map(|m| m.assessee_tenant_id).collect();
    let names: HashMap<TenantId, tenants::Tenant> =
        tenants::get_many(db, scope, tenant_ids).await?.into_iter().map(|t| (t.id, t)).collect();
    let unit_ids: Vec<UnitId> = recs.iter().filter_map(|m| m.unit_id).collect();
    let unit_names: HashMap<UnitId, String> =
        units::get_many(db, scope, unit_ids).await?.into_iter().map(|u| (u.id, u.name)).collect();
    let aspects = sch.aspects();
    let mut keyed: Vec<(RankKey, ResultRow)> = Vec::with_capacity(recs.len());
    for m in recs {
        let (total, base, bonus, desk) = (
            m.total_score.unwrap_or(0),
            m.base_score.unwrap_or(0),
            m.bonus_score.unwrap_or(0),
            m.desk_total.unwrap_or(0),
        );
        let mut subtotals: Vec<(String, i64)> = aspects.iter().map(|a| (a.clone(), 0)).collect();
        for s in all_scores.iter().filter(|s| s.record_id == m.id) {
            if let Some(c) = sch.criteria.iter().find(|c| c.id == s.criterion_id && !c.bonus)
                && let Some(slot) = subtotals.iter_mut().find(|(a, _)| *a == c.aspect)
            {
                slot.1 += s.final_score.unwrap_or(0);
            }
        }
        let (code, name) = match m.unit_id {
            Some(u) => (String::new(), unit_names.get(&u).cloned().unwrap_or_default()),
            None => names.get(&m.assessee_tenant_id).map(|t| (t.code.clone(), t.name.clone())).unwrap_or_default(),
        };
        let key = RankKey { total, base, desk_total: desk, sort_key: m.sort_key.clone() };
        keyed.push((
            key,
            ResultRow {
                rank: 0,
                record_id: m.id,
                assessee_tenant_id: m.assessee_tenant_id,
                unit_id: m.unit_id,
                code,
                name,
                total,
                base,
                bonus,
                desk_total: desk,
                grade: rules::grade(total, r.excellent_min, r.good_min, r.pass_min),
                aspects: subtotals,
            },
        ));
    }
    keyed.sort_by(|a, b| rules::rank_order(&a.0, &b.0));
    let keys: Vec<RankKey> = keyed.iter().map(|k| k.0.clone()).collect();
    let ranks = rules::ranks(&keys);
    let rows = keyed
        .into_iter()
        .zip(ranks)
        .map(|((_, mut row), rank)| {
            row.rank = rank;
            row
        })
        .collect();
    Ok(Results { round: r, aspects, rows })
}

/// The notice (通报) as a table: a header row and one row per assessee, as strings. The CSV and
/// the .xlsx export write exactly these rows.
pub fn notice_table(res: &Results) -> Vec<Vec<String>> {
    let mut header: Vec<String> = ["名次", "被考评单位", "代码"].iter().map(|s| (*s).to_owned()).collect();
    header.extend(res.aspects.iter().cloned());
    header.extend(["基本分", "加分", "总分", "等次"].iter().map(|s| (*s).to_owned()));
    let mut out = vec![header];
    for r in &res.rows {
        let mut row = vec![r.rank.to_string(), r.name.clone(), r.code.clone()];
        row.extend(r.aspects.iter().map(|(_, v)| points(*v).to_string()));
        row.push(points(r.base).to_string());
        row.push(points(r.bonus).to_string());
        row.push(points(r.total).to_string());
        row.push(r.grade.label().to_owned());
        out.push(row);
    }
    out
}
