//! The review queue and a batch's notice as workbooks, laid out as every list export is
//! (`lists`):
//!
//! - GET `/exports/review-queue.xlsx`: the applications waiting on the caller's own level
//!   (`reviewQueue`), with unit, place, category, title, level, status and last change;
//! - GET `/exports/batches/{id}/notice.xlsx`: a published batch as its public notice (通报), the
//!   units named by category, then by place (`Batch.notice`); CONFLICT before publication.

use actix_web::{HttpRequest, HttpResponse, web};
use rust_decimal::Decimal;

use super::exports::{error, scope_of};
use super::lists::{Table, Value, all, cut_note, distinct, header, table_xlsx, xlsx};
use super::sheets::china_time;
use crate::domain::ids::*;
use crate::error::AppError;
use crate::service::{tenants, units};
use crate::state::AppState;

/// GET `/exports/review-queue.xlsx`: the applications waiting on the caller's own level
/// (`reviewQueue`), oldest first.
pub async fn review_queue(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let result = async {
        let scope = scope_of(&req, &state).await?;
        let t = tenants::get(&state.db, &scope, scope.home()).await?;
        let (apps, cut) = all(|req| {
            let (db, scope) = (&state.db, &scope);
            async move {
                let page = crate::service::applications::queue(db, scope, req).await?;
                let last = page.items.last().map(|a| a.id.0);
                Ok((page, last))
            }
        })
        .await?;
        let us = units::get_many(&state.db, &scope, distinct(apps.iter().map(|a| a.unit_id))).await?;
        let places = tenants::get_many(&state.db, &scope, distinct(apps.iter().map(|a| a.unit_tenant_id))).await?;
        let rows = apps
            .iter()
            .map(|a| {
                let place = places.iter().find(|p| p.id == a.unit_tenant_id);
                vec![
                    Value::Text(a.id.to_string()),
                    Value::Text(us.iter().find(|u| u.id == a.unit_id).map(|u| u.name.clone()).unwrap_or_default()),
                    Value::Text(place.map(|p| p.name.clone()).unwrap_or_default()),
                    Value::Text(place.map(|p| p.code.clone()).unwrap_or_default()),
                    Value::Text(a.category.label().to_owned()),
                    Value::Text(a.kind.label().to_owned()),
                    Value::Text(a.level.label().to_owned()),
                    Value::Text(a.status.label().to_owned()),
                    Value::Text(china_time(a.updated_at).unwrap_or_default()),
                ]
            })
            .collect();
        let exported = china_time(chrono::Utc::now())?;
        let table = Table {
            sheet: "待审申报",
            title: format!("待审申报 · {} · 导出于 {exported}（北京时间）{}", t.name, cut_note(cut)),
            header: header(&[
                ("编号 / Id", 8.0),
                ("申报单位 / Unit", 22.0),
                ("所在地 / Tenant", 16.0),
                ("区划代码 / Code", 14.0),
                ("类别 / Category", 14.0),
                ("称号 / Title", 22.0),
                ("层级 / Level", 8.0),
                ("状态 / Status", 10.0),
                ("最近更新 / Updated", 18.0),
            ]),
            rows,
        };
        let ascii = format!("review-queue-{}.xlsx", t.code);
        Ok::<_, AppError>(xlsx(&ascii, &format!("待审申报-{}.xlsx", t.name), table_xlsx(&table)?))
    }
    .await;
    result.unwrap_or_else(|e| error(&e))
}

/// GET `/exports/batches/{id}/notice.xlsx`: a published batch as its public notice (通报): the
/// units named, by category, then by place (`Batch.notice`).
pub async fn batch_notice(req: HttpRequest, path: web::Path<String>, state: web::Data<AppState>) -> HttpResponse {
    let result = async {
        let scope = scope_of(&req, &state).await?;
        let id = path.parse::<i64>().map(BatchId).map_err(|_| AppError::NotFound { entity: "batch" })?;
        let (b, entries) = crate::service::batches::notice(&state.db, &scope, id).await?;
        let t = tenants::get(&state.db, &scope, b.tenant_id).await?;
        let rows = entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                vec![
                    Value::Number(Decimal::from(i + 1)),
                    Value::Text(e.category.label().to_owned()),
                    Value::Text(e.unit_name.clone()),
                    Value::Text(e.place.clone()),
                ]
            })
            .collect();
        let exported = china_time(chrono::Utc::now())?;
        let on = b.published_on.map(|d| d.to_string()).unwrap_or_default();
        let table = Table {
            sheet: "通报",
            title: format!(
                "{} · {} · {} · 公布于 {on} · 导出于 {exported}（北京时间）",
                b.name,
                b.kind.label(),
                t.name
            ),
            header: header(&[
                ("序号 / No.", 8.0),
                ("类别 / Category", 16.0),
                ("单位 / Unit", 28.0),
                ("所在地 / Place", 24.0),
            ]),
            rows,
        };
        let ascii = format!("batch-{id}-notice.xlsx");
        Ok::<_, AppError>(xlsx(&ascii, &format!("{}-通报.xlsx", b.name), table_xlsx(&table)?))
    }
    .await;
    result.unwrap_or_else(|e| error(&e))
}
