//! The one error type of the service layer, and its wire codes.
//!
//! Which error to use where:
//! - service and domain code return [`AppError`]; a variant is chosen by what the *client* should
//!   do next (sign in, ask for a role, fix a field, retry later), not by what failed inside.
//! - database and other infrastructure failures become [`AppError::Internal`] through `From`;
//!   their text is logged with an id and never sent to the client.
//! - `graphql::kit::errors` maps an [`AppError`] to a GraphQL error with `extensions.code` in one
//!   place; any error that reaches the response without a code is rewritten there as
//!   `INTERNAL_SERVER_ERROR`.

use std::fmt;

/// Wire codes, exactly as clients see them in `extensions.code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    GraphqlParseFailed,
    GraphqlValidationFailed,
    Unauthenticated,
    Forbidden,
    NotFound,
    BadUserInput,
    Conflict,
    RateLimited,
    ServiceUnavailable,
    InternalServerError,
    PersistedQueryNotFound,
    PersistedQueryRequired,
    AccountLocked,
    PasswordChangeRequired,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::GraphqlParseFailed => "GRAPHQL_PARSE_FAILED",
            Self::GraphqlValidationFailed => "GRAPHQL_VALIDATION_FAILED",
            Self::Unauthenticated => "UNAUTHENTICATED",
            Self::Forbidden => "FORBIDDEN",
            Self::NotFound => "NOT_FOUND",
            Self::BadUserInput => "BAD_USER_INPUT",
            Self::Conflict => "CONFLICT",
            Self::RateLimited => "RATE_LIMITED",
            Self::ServiceUnavailable => "SERVICE_UNAVAILABLE",
            Self::InternalServerError => "INTERNAL_SERVER_ERROR",
            Self::PersistedQueryNotFound => "PERSISTED_QUERY_NOT_FOUND",
            Self::PersistedQueryRequired => "PERSISTED_QUERY_REQUIRED",
            Self::AccountLocked => "ACCOUNT_LOCKED",
            Self::PasswordChangeRequired => "PASSWORD_CHANGE_REQUIRED",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Deliberately not `Display`: that keeps async-graphql's blanket `From<impl Display>` away from
/// it, so `?` in a resolver always goes through the coded conversion in `graphql::kit::errors`.
#[derive(Clone, Debug)]
pub enum AppError {
    /// No credentials, or credentials that are not (or no longer) valid.
    Unauthenticated(&'static str),
    /// Signed in and the target is in scope, but the principal lacks the role.
    Forbidden(String),
    /// Does not exist, or is outside the principal's scope (indistinguishable on purpose).
    NotFound { entity: &'static str },
    /// The same, for what one line of a request names (`allocations[2].tenantId`).
    NotFoundAt { entity: &'static str, field: String },
    /// A field of the input is wrong; `field` names it as the client sent it.
    BadInput { field: String, message: String },
    /// The request is valid but collides with the current state (duplicate, stale version).
    Conflict { field: Option<String>, message: String },
    /// Several lines of one request are wrong (a batch, an allocation): every one of them, in the
    /// order sent, each with its field (`reports[3].value`) and its own code.
    Lines(Vec<AppError>),
    /// Too many attempts; retry after the given number of seconds.
    RateLimited { retry_after_secs: u64 },
    /// A backend (database, cache) cannot be reached or did not answer in time; the same request
    /// may succeed a moment later. The text names the backend for the log, never for the client.
    Unavailable(String),
    /// Anything the client cannot fix. The text is logged, never sent.
    Internal(String),
    /// A `documentId` no trusted document has: send the text (where allowed) or register it.
    UnknownDocument,
    /// A document sent as text where only trusted documents run (`graphql.documents`).
    DocumentRequired,
    /// Too many wrong passwords in a row: no sign-in for this long, unless an ADMIN unlocks it.
    AccountLocked { retry_after_secs: u64 },
    /// The password was reset by an ADMIN: only `changePassword` (and `me`, `logout`) run.
    PasswordChangeRequired,
}

/// What a client is told to wait before retrying when a backend is down (`Retry-After`).
pub const RETRY_AFTER_SECS: u64 = 1;

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    /// The text the client may see. Internal details are never part of it.
    pub fn message(&self) -> String {
        match self {
            Self::Unauthenticated(m) => (*m).to_owned(),
            Self::Forbidden(m) => m.clone(),
            Self::NotFound { entity } | Self::NotFoundAt { entity, .. } => format!("{entity} not found"),
            Self::BadInput { message, .. } | Self::Conflict { message, .. } => message.clone(),
            Self::Lines(lines) => {
                // The message names the first few; every line is in `extensions.lines`.
                const SHOWN: usize = 3;
                let each: Vec<String> = lines
                    .iter()
                    .take(SHOWN)
                    .map(|l| format!("{}: {}", l.field().unwrap_or_default(), l.message()))
                    .collect();
                let n = lines.len();
                let more = if n > SHOWN {
                    format!("; 其余 {} 处见 extensions.lines / {} more in extensions.lines", n - SHOWN, n - SHOWN)
                } else {
                    String::new()
                };
                format!("{n} 处有误 / {n} lines are wrong — {}{more}", each.join("; "))
            }
            Self::RateLimited { retry_after_secs } => {
                format!("too many attempts; retry in {retry_after_secs} seconds")
            }
            Self::Unavailable(_) => {
                "服务暂时不可用，请稍后重试 / the service is temporarily unavailable; retry shortly".to_owned()
            }
            Self::Internal(_) => "internal server error".to_owned(),
            Self::UnknownDocument => "没有这个编号的受信文档 / no trusted document has this documentId".to_owned(),
            Self::DocumentRequired => {
                "本服务只运行受信文档，请发送 documentId / this server runs trusted documents only: send a documentId"
                    .to_owned()
            }
            Self::AccountLocked { retry_after_secs } => {
                let minutes = retry_after_secs.div_ceil(60);
                format!(
                    "密码错误次数过多，账户已锁定，请 {minutes} 分钟后再试或请上级管理员解锁 / too many wrong \
                     passwords: the account is locked; retry in {minutes} minutes or ask an ADMIN to unlock it"
                )
            }
            Self::PasswordChangeRequired => "密码已被管理员重置，请先修改密码（changePassword）/ the password was \
                                             reset by an ADMIN: change it first (changePassword)"
                .to_owned(),
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Unauthenticated(_) => ErrorCode::Unauthenticated,
            Self::Forbidden(_) => ErrorCode::Forbidden,
            Self::NotFound { .. } | Self::NotFoundAt { .. } => ErrorCode::NotFound,
            Self::BadInput { .. } => ErrorCode::BadUserInput,
            Self::Conflict { .. } => ErrorCode::Conflict,
            // One code for the whole answer: the lines' own when they agree, else bad input.
            Self::Lines(lines) => match lines.first().map(AppError::code) {
                Some(first) if lines.iter().all(|l| l.code() == first) => first,
                _ => ErrorCode::BadUserInput,
            },
            Self::RateLimited { .. } => ErrorCode::RateLimited,
            Self::Unavailable(_) => ErrorCode::ServiceUnavailable,
            Self::Internal(_) => ErrorCode::InternalServerError,
            Self::UnknownDocument => ErrorCode::PersistedQueryNotFound,
            Self::DocumentRequired => ErrorCode::PersistedQueryRequired,
            Self::AccountLocked { .. } => ErrorCode::AccountLocked,
            Self::PasswordChangeRequired => ErrorCode::PasswordChangeRequired,
        }
    }

    /// The field a client error names, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::BadInput { field, .. }
            | Self::Conflict { field: Some(field), .. }
            | Self::NotFoundAt { field, .. } => Some(field),
            Self::Lines(lines) => lines.first().and_then(AppError::field),
            _ => None,
        }
    }

    /// Whether the error is about what the client sent (as opposed to a backend failure), so
    /// that the other lines of the request are still worth checking.
    pub fn is_about_input(&self) -> bool {
        matches!(
            self,
            Self::BadInput { .. }
                | Self::Conflict { .. }
                | Self::NotFound { .. }
                | Self::NotFoundAt { .. }
                | Self::Forbidden(_)
                | Self::Lines(_)
        )
    }

    /// Every wrong line of a request as one error; one line is answered as itself.
    pub fn lines(mut lines: Vec<AppError>) -> Self {
        if lines.len() == 1 {
            return lines.remove(0);
        }
        Self::Lines(lines.into_iter().flat_map(|l| if let Self::Lines(inner) = l { inner } else { vec![l] }).collect())
    }

    /// Names the line a field error belongs to: `reports[3].value`.
    pub fn at(self, prefix: &str) -> Self {
        match self {
            Self::BadInput { field, message } => Self::BadInput { field: format!("{prefix}.{field}"), message },
            Self::Conflict { field, message } => Self::Conflict {
                field: Some(match field {
                    Some(f) => format!("{prefix}.{f}"),
                    None => prefix.to_owned(),
                }),
                message,
            },
            Self::NotFound { entity } => Self::NotFoundAt { entity, field: prefix.to_owned() },
            Self::NotFoundAt { entity, field } => Self::NotFoundAt { entity, field: format!("{prefix}.{field}") },
            other => other,
        }
    }

    pub fn bad_input(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::BadInput { field: field.into(), message: message.into() }
    }

    pub fn conflict(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Conflict { field: Some(field.into()), message: message.into() }
    }

    pub fn internal(detail: impl fmt::Display) -> Self {
        Self::Internal(detail.to_string())
    }

    /// Re-labels a unique-constraint violation as a CONFLICT on `field`; other database errors
    /// stay internal. Use right where the insert or update happens.
    pub fn on_unique(err: sea_orm::DbErr, field: &str, message: &str) -> Self {
        match err.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => Self::conflict(field, message),
            _ => Self::from(err),
        }
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        if db_unavailable(&err) {
            Self::Unavailable(format!("database: {err}"))
        } else {
            Self::Internal(format!("database: {err}"))
        }
    }
}

/// Whether a database error means the database is down or too slow (as opposed to a statement
/// that is wrong): no connection in time, a connection lost, a statement cancelled by its
/// timeout, the server shutting down or not accepting connections yet.
fn db_unavailable(err: &sea_orm::DbErr) -> bool {
    use sea_orm::sqlx::Error as Sqlx;
    use sea_orm::{DbErr, RuntimeErr};
    match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => match &**e {
            Sqlx::Io(_) | Sqlx::Tls(_) | Sqlx::PoolTimedOut | Sqlx::PoolClosed | Sqlx::WorkerCrashed => true,
            Sqlx::Protocol(_) | Sqlx::BeginFailed => true,
            Sqlx::Database(db) => db.code().is_some_and(|code| {
                // PostgreSQL: 57014 statement timeout, 57P01–57P03 shutdown / cannot connect now,
                // 08xxx connection exceptions, 53300 too many connections.
                code == "57014" || code.starts_with("57P") || code.starts_with("08") || code == "53300"
            }),
            _ => false,
        },
        _ => false,
    }
}
