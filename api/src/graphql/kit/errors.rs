//! The one place where errors get their `extensions.code`.
//!
//! - `AppError` converts into a GraphQL error carrying its code (and `field` for bad input).
//! - [`ErrorCodes`] is a schema extension that labels validation errors, and afterwards rewrites
//!   any error still without a code: a request-level one (no path) is a validation failure, an
//!   argument its type could not parse is bad input, and anything else at a field is an internal
//!   error whose text is logged and replaced.
//! - An internal error is logged with its cause under a new id ([`report_internal`]); the client
//!   gets the id (`extensions.errorId`, and in the message) and nothing of the cause, so an
//!   official's report that quotes it leads to the log line.

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextRequest, NextValidation};
use async_graphql::{ErrorExtensionValues, Response, ServerError, ValidationResult};

use crate::error::{AppError, ErrorCode};

impl From<AppError> for async_graphql::Error {
    fn from(err: AppError) -> Self {
        let code = err.code();
        let mut ext = ErrorExtensionValues::default();
        ext.set("code", code.as_str());
        let message = match &err {
            AppError::Internal(detail) => {
                let (id, message) = report_internal(detail, "internal error");
                ext.set("errorId", id);
                message
            }
            _ => err.message(),
        };
        if let Some(field) = err.field() {
            ext.set("field", field);
        }
        match &err {
            AppError::Lines(lines) => {
                let each: Vec<async_graphql::Value> = lines
                    .iter()
                    .map(|l| {
                        let mut m = async_graphql::indexmap::IndexMap::new();
                        m.insert(async_graphql::Name::new("field"), l.field().unwrap_or_default().into());
                        m.insert(async_graphql::Name::new("code"), l.code().as_str().into());
                        m.insert(async_graphql::Name::new("message"), l.message().into());
                        async_graphql::Value::Object(m)
                    })
                    .collect();
                ext.set("lines", async_graphql::Value::List(each));
            }
            AppError::RateLimited { retry_after_secs } | AppError::AccountLocked { retry_after_secs } => {
                ext.set("retryAfter", *retry_after_secs)
            }
            AppError::Unavailable(detail) => {
                tracing::warn!(detail = %detail, "backend unavailable");
                ext.set("retryAfter", crate::error::RETRY_AFTER_SECS);
            }
            _ => {}
        }
        async_graphql::Error { message, source: None, extensions: Some(ext) }
    }
}

/// Logs an internal error's cause under a new id: (the id, the message the client sees).
pub fn report_internal(detail: &dyn std::fmt::Display, what: &str) -> (String, String) {
    use rand::Rng as _;
    let mut bytes = [0u8; 6];
    rand::rng().fill_bytes(&mut bytes);
    let id: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    tracing::error!(error_id = %id, detail = %detail, "{what}");
    let message = format!("服务器内部错误，错误编号 {id} / internal server error, error id {id}");
    (id, message)
}

/// A request-level internal error: logged under a new id, which the client gets.
pub fn internal_server_error(detail: &dyn std::fmt::Display, what: &str) -> ServerError {
    let (id, message) = report_internal(detail, what);
    let mut err = server_error(ErrorCode::InternalServerError, message);
    err.extensions.get_or_insert_with(Default::default).set("errorId", id);
    err
}

/// A request-level error (no field path) with a code.
pub fn server_error(code: ErrorCode, message: impl Into<String>) -> ServerError {
    let mut err = ServerError::new(message, None);
    set_code(&mut err, code);
    err
}

fn set_code(err: &mut ServerError, code: ErrorCode) {
    err.extensions.get_or_insert_with(Default::default).set("code", code.as_str());
}

pub fn code_of(err: &ServerError) -> Option<String> {
    match err.extensions.as_ref()?.get("code")? {
        async_graphql::Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

/// The shapes of async-graphql's `InputValueError` messages: the value is the client's, so the
/// message may go back to it.
fn is_input_error(message: &str) -> bool {
    message.starts_with("Failed to parse")
        || message.starts_with("Expected input type")
        || message.starts_with("Invalid value")
        || message.contains("(occurred while parsing")
        // A required variable the request left out (raised when the field that uses it runs).
        || (message.starts_with("Variable ") && message.ends_with(" is not defined."))
}

/// What to write instead, for a value a scalar's parser refused: the library's own words
/// ("Failed to parse \"Decimal\": Scale exceeds the maximum precision") never reach the client.
fn plain_scalar_message(message: &str) -> Option<String> {
    let argument = message
        .split_once("argument \"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(name, _)| format!("{name}: "))
        .or_else(|| {
            message
                .split_once("variable \"")
                .and_then(|(_, rest)| rest.split_once('"'))
                .map(|(name, _)| format!("${name}: "))
        })
        .unwrap_or_default();
    if message.contains("\"Decimal\"") {
        return Some(format!(
            "{argument}数值写法不对：请写十进制数，如 \"12\" 或 \"3.5\"（最多 4 位小数）/ not a number: write a decimal \
             such as \"12\" or \"3.5\" (at most 4 decimal places)"
        ));
    }
    if message.contains("\"DateTime\"") || message.contains("\"NaiveDate\"") || message.contains("\"Date\"") {
        return Some(format!(
            "{argument}日期写法不对：请写 2021-06-30 这样的日期 / not a date: write a date such as 2021-06-30"
        ));
    }
    None
}

/// Gives every error still without a code its code: a request-level one (no path) is a
/// validation failure, an argument its type could not parse is bad input, and anything else at a
/// field is an internal error whose text is logged and replaced. Run on every answer over HTTP
/// (the extension's request hook) and on every subscription answer (`http::live`).
pub fn label(errors: &mut [ServerError]) {
    for err in errors {
        if code_of(err).is_some() {
            continue;
        }
        if err.path.is_empty() {
            set_code(err, ErrorCode::GraphqlValidationFailed);
            if let Some(plain) = plain_scalar_message(&err.message) {
                err.message = plain;
            }
        } else if is_input_error(&err.message) {
            // An argument that passed validation but not its type's parser (a null for a
            // list with a default, a value out of a scalar's range): the client's input.
            set_code(err, ErrorCode::BadUserInput);
            if let Some(plain) = plain_scalar_message(&err.message) {
                err.message = plain;
            }
        } else {
            let detail = format!("{} at {:?}", err.message, err.path);
            let (id, message) = report_internal(&detail, "uncoded resolver error");
            err.message = message;
            err.source = None;
            set_code(err, ErrorCode::InternalServerError);
            err.extensions.get_or_insert_with(Default::default).set("errorId", id);
        }
    }
}

pub struct ErrorCodes;

impl ExtensionFactory for ErrorCodes {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ErrorCodesExtension)
    }
}

struct ErrorCodesExtension;

#[async_graphql::async_trait::async_trait]
impl Extension for ErrorCodesExtension {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let mut response = next.run(ctx).await;
        label(&mut response.errors);
        response
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        next.run(ctx).await.map_err(|mut errors| {
            for err in &mut errors {
                set_code(err, ErrorCode::GraphqlValidationFailed);
                if let Some(plain) = plain_scalar_message(&err.message) {
                    err.message = plain;
                }
            }
            errors
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_internal_error_gives_the_client_an_id_and_none_of_its_cause() {
        let err = async_graphql::Error::from(AppError::internal("database: relation \"x\" does not exist"));
        let ext = err.extensions.expect("extensions");
        let Some(async_graphql::Value::String(id)) = ext.get("errorId") else { panic!("an errorId") };
        assert_eq!(id.len(), 12);
        assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(err.message.contains(id.as_str()), "{}", err.message);
        assert!(err.message.starts_with("服务器内部错误"), "{}", err.message);
        assert!(!err.message.contains("relation"), "{}", err.message);
        assert_eq!(ext.get("code"), Some(&async_graphql::Value::from("INTERNAL_SERVER_ERROR")));
        let other = async_graphql::Error::from(AppError::internal("again")).extensions.unwrap();
        assert_ne!(other.get("errorId"), Some(&async_graphql::Value::String(id.clone())), "a new id each time");
    }

    #[test]
    fn a_request_level_internal_error_carries_its_id_too() {
        let err = internal_server_error(&"boom", "test");
        let Some(async_graphql::Value::String(id)) = err.extensions.as_ref().and_then(|e| e.get("errorId")) else {
            panic!("an errorId")
        };
        assert!(err.message.contains(id.as_str()) && !err.message.contains("boom"), "{}", err.message);
        assert_eq!(code_of(&err).as_deref(), Some("INTERNAL_SERVER_ERROR"));
    }
}
