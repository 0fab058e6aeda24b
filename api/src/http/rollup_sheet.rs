//! GET `/exports/rollup.xlsx?tenant=<id>&period=<period>`: the roll-ups of a tenant in scope
//! (the caller's own by default) for a period, every indicator it may use, each with its
//! children, as the `rollup` query answers them (from the same cache): per indicator the
//! tenant's line (effective target, actual over the subtree, accepted-only actual, completion)
//! and one line per child (its actual and its share of the whole), laid out as every list
//! export is (`lists`).

use actix_web::{HttpRequest, HttpResponse, web};
use rust_decimal::Decimal;

use super::exports::{error, scope_of};
use super::lists::{Table, Value, header, table_xlsx, xlsx};
use super::sheets::china_time;
use crate::domain::ids::*;
use crate::domain::period::Period;
use crate::error::AppError;
use crate::service::rollups::{self, Detail};
use crate::service::{indicators, tenants};
use crate::state::AppState;

#[derive(serde::Deserialize)]
struct Params {
    tenant: Option<String>,
    period: Option<String>,
}

/// Ten-thousandths as the figure they are.
fn figure(v: Option<i64>) -> Value {
    v.map_or(Value::Empty, |v| Value::Number(Decimal::new(v, 4).normalize()))
}

/// `part` of `whole` in percent, two decimals.
fn percent(part: Option<i64>, whole: Option<i64>) -> Value {
    match (part, whole) {
        (Some(p), Some(w)) if w > 0 => {
            Value::Number((Decimal::from(p) * Decimal::from(100) / Decimal::from(w)).round_dp(2))
        }
        _ => Value::Empty,
    }
}

/// Per indicator the tenant's line, then its children's.
fn lines(t: &tenants::Tenant, rows: &[crate::domain::rollup::Rollup]) -> Vec<Vec<Value>> {
    let mut lines = Vec::new();
    for r in rows.iter() {
        lines.push(vec![
            Value::Text(r.indicator_name.clone()),
            Value::Text(r.measure_unit.clone()),
            Value::Text(format!("{}（合计）", t.name)),
            Value::Text(t.code.clone()),
            figure(r.target),
            figure(r.actual),
            figure(r.accepted_actual),
            percent(r.actual, r.target),
            Value::Empty,
        ]);
        for c in &r.children {
            lines.push(vec![
                Value::Text(r.indicator_name.clone()),
                Value::Text(r.measure_unit.clone()),
                Value::Text(c.name.clone()),
                Value::Text(c.code.clone()),
                Value::Empty,
                figure(c.actual),
                Value::Text(if c.accepted { "已审核 / accepted".to_owned() } else { String::new() }),
                Value::Empty,
                percent(c.actual, r.total),
            ]);
        }
    }
    lines
}

/// GET `/exports/rollup.xlsx?tenant=<id>&period=<period>`.
pub async fn rollup(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let result = async {
        let scope = scope_of(&req, &state).await?;
        let p = web::Query::<Params>::from_query(req.query_string())
            .map(web::Query::into_inner)
            .map_err(|_| AppError::bad_input("query", "查询参数有误 / expected ?tenant=<id>&period=<period>"))?;
        let tenant = match &p.tenant {
            Some(t) => TenantId(t.parse().map_err(|_| AppError::NotFound { entity: "tenant" })?),
            None => scope.home(),
        };
        let raw = p.period.ok_or(AppError::bad_input("period", "缺少期间 / name the period: ?period=2020"))?;
        let period = Period::parse(&raw)?;
        let t = tenants::get(&state.db, &scope, tenant).await?;
        let ids: Vec<IndicatorId> = indicators::all_usable(&state.db, &scope).await?.iter().map(|i| i.id).collect();
        let detail = Detail { children: true, accepted: true };
        let mut found = rollups::rollups(&state, &scope, &[tenant], period, &ids, detail).await?;
        let rows = found.remove(&tenant).ok_or(AppError::NotFound { entity: "tenant" })?;
        let lines = lines(&t, &rows);
        let exported = china_time(chrono::Utc::now())?;
        let table = Table {
            sheet: "汇总",
            title: format!("指标汇总 · {} · {raw} · 导出于 {exported}（北京时间）", t.name),
            header: header(&[
                ("指标 / Indicator", 24.0),
                ("计量单位 / Unit", 10.0),
                ("单位 / Tenant", 20.0),
                ("区划代码 / Code", 14.0),
                ("目标 / Target", 12.0),
                ("完成值 / Actual", 12.0),
                ("已审核完成值 / Accepted", 14.0),
                ("完成率（%）/ Completion", 12.0),
                ("占比（%）/ Share", 10.0),
            ]),
            rows: lines,
        };
        let ascii = format!("rollup-{}-{raw}.xlsx", t.code);
        Ok::<_, AppError>(xlsx(&ascii, &format!("指标汇总-{}-{raw}.xlsx", t.name), table_xlsx(&table)?))
    }
    .await;
    result.unwrap_or_else(|e| error(&e))
}
