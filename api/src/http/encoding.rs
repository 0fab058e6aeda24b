//! Answers for slow links, as a middleware on `/graphql` and `/exports/…`:
//!
//! - **Compression.** A body of at least `http.compress_min_bytes` whose type is text (JSON,
//!   CSV, …) is sent brotli- or gzip-coded as the request's `Accept-Encoding` prefers (q-values
//!   honoured, `q=0` refuses; brotli wins a tie; no header, or nothing acceptable: identity).
//!   Files that are already compressed (.xlsx is a zip) and answers that carry a
//!   `Content-Encoding` already are left alone. Every answer says `Vary: Accept-Encoding`.
//! - **Validators.** When the handler gave the answer an `ETag` (GraphQL GET queries, see
//!   `graphql.rs`), a coded answer's tag names its coding (`"…-br"`, `"…-gzip"`), since a strong
//!   validator belongs to one representation; an `If-None-Match` naming the tag the answer would
//!   carry gets `304 Not Modified` with no body (and nothing compressed).

use std::io::Write as _;

use actix_web::body::{self, BodySize, BoxBody, MessageBody as _};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse, web};

use crate::state::AppState;

/// gzip level: 6 is zlib's default, within a few per cent of 9 on JSON at a fraction of the time.
const GZIP_LEVEL: u32 = 6;
/// Brotli quality for answers made per request: 5 is smaller than gzip 6 and about as fast.
const BROTLI_QUALITY: i32 = 5;
/// Brotli window (log2): 256 KiB is plenty for answers of at most a few hundred KiB.
const BROTLI_WINDOW: i32 = 18;

/// A content coding the server can answer with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coding {
    Identity,
    Gzip,
    Brotli,
}

impl Coding {
    fn token(self) -> &'static str {
        match self {
            Coding::Identity => "identity",
            Coding::Gzip => "gzip",
            Coding::Brotli => "br",
        }
    }
}

/// The coding to answer with for a request's `Accept-Encoding` (RFC 9110 §12.5.3): the
/// acceptable one of highest q-value, brotli before gzip before identity on a tie. `*` stands for
/// any coding not named; identity is acceptable (least preferred) unless refused, and is what an
/// absent header or a header refusing everything gets.
pub fn negotiate(headers: &HeaderMap) -> Coding {
    // Weights in thousandths; None: not named.
    let (mut br, mut gzip, mut identity, mut any) = (None, None, None, None);
    for item in headers.get_all(header::ACCEPT_ENCODING).filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')) {
        let mut parts = item.split(';');
        let coding = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let mut weight = Some(1000);
        for param in parts {
            if let Some((name, value)) = param.split_once('=')
                && name.trim().eq_ignore_ascii_case("q")
            {
                weight = qvalue(value.trim());
            }
        }
        let Some(weight) = weight else { continue };
        let slot = match coding.as_str() {
            "br" => &mut br,
            "gzip" | "x-gzip" => &mut gzip,
            "identity" => &mut identity,
            "*" => &mut any,
            _ => continue,
        };
        *slot = Some(weight);
    }
    let br = br.or(any).unwrap_or(0);
    let gzip = gzip.or(any).unwrap_or(0);
    let identity = identity.or(any).unwrap_or(1);
    if br > 0 && br >= gzip && br >= identity {
        Coding::Brotli
    } else if gzip > 0 && gzip >= identity {
        Coding::Gzip
    } else {
        Coding::Identity
    }
}

/// A q-value in thousandths: `0`, `0.5`, `1`, `1.000`; anything else is malformed (None).
fn qvalue(text: &str) -> Option<u16> {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let frac: u16 = format!("{frac:0<3}").parse().ok()?;
    match int {
        "0" => Some(frac),
        "1" if frac == 0 => Some(1000),
        _ => None,
    }
}

/// Whether a body of this type gains from compression: text, JSON and XML, not zips or images.
fn compressible(headers: &HeaderMap) -> bool {
    let Some(ct) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else { return false };
    let mime = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    mime.starts_with("text/")
        || mime == "application/json"
        || mime.ends_with("+json")
        || mime == "application/javascript"
        || mime == "application/xml"
        || mime.ends_with("+xml")
}

/// `body` in `coding`.
pub fn compress(coding: Coding, body: &[u8]) -> std::io::Result<Vec<u8>> {
    match coding {
        Coding::Identity => Ok(body.to_vec()),
        Coding::Gzip => {
            let mut enc =
                flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 4), flate2::Compression::new(GZIP_LEVEL));
            enc.write_all(body)?;
            enc.finish()
        }
        Coding::Brotli => {
            let params = brotli::enc::BrotliEncoderParams {
                quality: BROTLI_QUALITY,
                lgwin: BROTLI_WINDOW,
                size_hint: body.len(),
                ..Default::default()
            };
            let mut out = Vec::with_capacity(body.len() / 4);
            brotli::BrotliCompress(&mut &body[..], &mut out, &params)?;
            Ok(out)
        }
    }
}

/// The tag a representation in `coding` carries, from the tag of the identity body.
fn coded_tag(tag: &str, coding: Coding) -> String {
    match (coding, tag.strip_suffix('"')) {
        (Coding::Identity, _) | (_, None) => tag.to_owned(),
        (coding, Some(open)) => format!("{open}-{}\"", coding.token()),
    }
}

/// Whether an `If-None-Match` value names `tag` (weak comparison, as RFC 9110 §13.1.2 says).
fn matches(if_none_match: &str, tag: &str) -> bool {
    let tag = tag.trim_start_matches("W/");
    if_none_match.split(',').map(str::trim).any(|t| t == "*" || t.trim_start_matches("W/") == tag)
}

/// Appends `token` to `Vary` unless it is named there already.
pub fn vary(headers: &mut HeaderMap, token: &'static str) {
    let named = headers
        .get_all(header::VARY)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|t| t.trim().eq_ignore_ascii_case(token) || t.trim() == "*");
    if !named {
        headers.append(header::VARY, HeaderValue::from_static(token));
    }
}

pub async fn middleware(req: ServiceRequest, next: Next<BoxBody>) -> Result<ServiceResponse<BoxBody>, Error> {
    let min = req.app_data::<web::Data<AppState>>().map_or(usize::MAX, |s| s.settings.http.compress_min_bytes);
    let wanted = negotiate(req.headers());
    let if_none_match = match *req.method() {
        Method::GET | Method::HEAD => {
            req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).map(str::to_owned)
        }
        _ => None,
    };
    let mut res = next.call(req).await?;
    let coded_already = res.headers().contains_key(header::CONTENT_ENCODING);
    if !coded_already {
        vary(res.headers_mut(), "accept-encoding");
    }
    let large = matches!(res.response().body().size(), BodySize::Sized(n) if n >= min as u64);
    let coding = if !coded_already && large && compressible(res.headers()) { wanted } else { Coding::Identity };

    if res.status() == StatusCode::OK
        && let Some(tag) = res.headers().get(header::ETAG).and_then(|v| v.to_str().ok())
    {
        let tag = coded_tag(tag, coding);
        if if_none_match.as_deref().is_some_and(|seen| matches(seen, &tag)) {
            let mut not_modified = HttpResponse::NotModified().finish();
            for name in [header::CACHE_CONTROL, header::VARY] {
                for value in res.headers().get_all(&name) {
                    not_modified.headers_mut().append(name.clone(), value.clone());
                }
            }
            if let Ok(value) = HeaderValue::from_str(&tag) {
                not_modified.headers_mut().insert(header::ETAG, value);
            }
            return Ok(res.into_response(not_modified));
        }
        if coding != Coding::Identity
            && let Ok(value) = HeaderValue::from_str(&tag)
        {
            res.headers_mut().insert(header::ETAG, value);
        }
    }
    if coding == Coding::Identity {
        return Ok(res);
    }

    let (req, res) = res.into_parts();
    let (mut head, body) = res.into_parts();
    let bytes = body::to_bytes(body).await.map_err(actix_web::error::ErrorInternalServerError)?;
    let started = std::time::Instant::now();
    let body = match compress(coding, &bytes) {
        Ok(packed) => {
            head.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding.token()));
            tracing::debug!(
                coding = coding.token(),
                from = bytes.len(),
                to = packed.len(),
                us = started.elapsed().as_micros() as u64,
                "compressed"
            );
            packed
        }
        Err(e) => {
            // Cannot happen writing into memory; the answer then goes out as it is.
            tracing::warn!(error = %e, coding = coding.token(), "compression failed");
            if let Some(tag) = head.headers().get(header::ETAG).and_then(|v| v.to_str().ok()) {
                let identity = tag.replace(&format!("-{}\"", coding.token()), "\"");
                if let Ok(value) = HeaderValue::from_str(&identity) {
                    head.headers_mut().insert(header::ETAG, value);
                }
            }
            bytes.to_vec()
        }
    };
    head.headers_mut().remove(header::CONTENT_LENGTH);
    Ok(ServiceResponse::new(req, head.set_body(body).map_into_boxed_body()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn coding(accept: &str) -> Coding {
        let req = actix_web::test::TestRequest::default().insert_header(("accept-encoding", accept)).to_http_request();
        negotiate(req.headers())
    }

    #[test]
    fn accept_encoding_is_negotiated_by_q_value() {
        assert_eq!(negotiate(actix_web::test::TestRequest::default().to_http_request().headers()), Coding::Identity);
        assert_eq!(coding("gzip, deflate, br, zstd"), Coding::Brotli);
        assert_eq!(coding("gzip"), Coding::Gzip);
        assert_eq!(coding("br;q=0.5, gzip;q=0.8"), Coding::Gzip);
        assert_eq!(coding("br;q=0, gzip;q=0.001"), Coding::Gzip);
        assert_eq!(coding("gzip;q=0, br;q=0"), Coding::Identity);
        assert_eq!(coding("identity"), Coding::Identity);
        assert_eq!(coding("identity;q=1, gzip;q=0.5"), Coding::Identity);
        assert_eq!(coding("*"), Coding::Brotli);
        assert_eq!(coding("*;q=0.3, br;q=0"), Coding::Gzip);
        assert_eq!(coding("deflate, zstd"), Coding::Identity);
        assert_eq!(coding("GZIP; Q=0.9"), Coding::Gzip);
        // A malformed q-value makes its entry count for nothing.
        assert_eq!(coding("br;q=2, gzip;q=abc"), Coding::Identity);
    }

    #[test]
    fn q_values_parse_as_the_grammar_says() {
        assert_eq!(qvalue("1"), Some(1000));
        assert_eq!(qvalue("1.000"), Some(1000));
        assert_eq!(qvalue("0.5"), Some(500));
        assert_eq!(qvalue("0.125"), Some(125));
        assert_eq!(qvalue("0"), Some(0));
        assert_eq!(qvalue("1.5"), None);
        assert_eq!(qvalue("0.1234"), None);
        assert_eq!(qvalue("-1"), None);
    }

    #[test]
    fn tags_name_their_coding_and_match_weakly() {
        assert_eq!(coded_tag("\"abc\"", Coding::Brotli), "\"abc-br\"");
        assert_eq!(coded_tag("\"abc\"", Coding::Gzip), "\"abc-gzip\"");
        assert_eq!(coded_tag("\"abc\"", Coding::Identity), "\"abc\"");
        assert!(matches("\"x\", \"abc-br\"", "\"abc-br\""));
        assert!(matches("W/\"abc\"", "\"abc\""));
        assert!(matches("*", "\"abc\""));
        assert!(!matches("\"abc\"", "\"abc-br\""));
    }

    #[test]
    fn only_text_types_are_compressed() {
        let headers = |ct: &str| {
            actix_web::test::TestRequest::default()
                .insert_header(("content-type", ct))
                .to_http_request()
                .headers()
                .clone()
        };
        assert!(compressible(&headers("application/json; charset=utf-8")));
        assert!(compressible(&headers("application/graphql-response+json; charset=utf-8")));
        assert!(compressible(&headers("text/csv; charset=utf-8")));
        assert!(!compressible(&headers("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")));
        assert!(!compressible(&headers("image/png")));
    }

    #[test]
    fn both_codings_round_trip() {
        use std::io::Read as _;
        let body = "{\"data\":{\"rollup\":[{\"actual\":\"47371\"}]}}".repeat(100);
        let gz = compress(Coding::Gzip, body.as_bytes()).unwrap();
        let mut out = String::new();
        flate2::read::GzDecoder::new(&gz[..]).read_to_string(&mut out).unwrap();
        assert_eq!(out, body);
        let br = compress(Coding::Brotli, body.as_bytes()).unwrap();
        let mut out = String::new();
        brotli::Decompressor::new(&br[..], 4096).read_to_string(&mut out).unwrap();
        assert_eq!(out, body);
        assert!(br.len() < body.len() / 10 && gz.len() < body.len() / 10);
    }
}
