//! Live updates over graphql-transport-ws: the protocol's close codes, roll-ups, review queues
//! and rectification tasks pushed after writes, the tenancy rule on every push, and the
//! group that computes once for all its members.
//!
//! The client is a small one of our own on tokio's `TcpStream` (RFC 6455: the handshake, masked
//! client frames, the server's frames), so no WebSocket crate enters the build.

mod dashboard;
mod documents;
mod processes;
mod protocol;
mod queues;
mod rollups;
mod sessions;

use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

use crate::helpers::*;

/// The debounce the live tests run with (the default is 500 ms).
const DEBOUNCE_MS: &str = "50";

/// How long a test waits for a frame before it fails as hung (not a timed assertion: every
/// awaited frame is one the server must send).
const HANG: Duration = Duration::from_secs(30);

/// A server with the demo data and a short debounce.
async fn live_app(extra: &[(&str, &str)]) -> TestApp {
    let mut env = vec![("SHILIU__GRAPHQL__SUBSCRIPTION_DEBOUNCE_MS", DEBOUNCE_MS)];
    env.extend_from_slice(extra);
    spawn_app_with(&env).await
}

/// What the server sent.
#[derive(Debug, PartialEq)]
enum Frame {
    Text(String),
    Close(u16, String),
}

struct Ws {
    stream: TcpStream,
}

impl Ws {
    /// Opens `/graphql` as a WebSocket offering `protocol`; the status line of the answer when it
    /// is not 101.
    async fn open(app: &TestApp, protocol: &str) -> Result<Ws, String> {
        let host = app.address.trim_start_matches("http://").to_owned();
        let mut stream = TcpStream::connect(&host).await.expect("connect");
        let request = format!(
            "GET /graphql HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
             Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\
             Sec-WebSocket-Protocol: {protocol}\r\n\r\n"
        );
        stream.write_all(request.as_bytes()).await.expect("handshake");
        let mut head = Vec::new();
        while !head.ends_with(b"\r\n\r\n") {
            let mut b = [0u8; 1];
            stream.read_exact(&mut b).await.expect("handshake answer");
            head.push(b[0]);
        }
        let head = String::from_utf8_lossy(&head).to_string();
        if !head.starts_with("HTTP/1.1 101") {
            return Err(head.lines().next().unwrap_or("").to_owned());
        }
        // RFC 6455's example key and its accept value.
        assert!(head.contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), "{head}");
        assert!(head.to_ascii_lowercase().contains("sec-websocket-protocol: graphql-transport-ws"), "{head}");
        Ok(Ws { stream })
    }

    async fn connect(app: &TestApp) -> Ws {
        Ws::open(app, "graphql-transport-ws").await.expect("a WebSocket")
    }

    /// Connected, `connection_init` with `token` sent and acknowledged.
    async fn signed_in(app: &TestApp, token: &str) -> Ws {
        let mut ws = Ws::connect(app).await;
        ws.send(&json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {token}") } })).await;
        assert_eq!(ws.json().await, json!({ "type": "connection_ack" }));
        ws
    }

    async fn send(&mut self, message: &Value) {
        self.send_frame(0x1, message.to_string().as_bytes()).await;
    }

    async fn send_text(&mut self, text: &str) {
        self.send_frame(0x1, text.as_bytes()).await;
    }

    /// One masked frame (a client must mask, RFC 6455 5.3).
    async fn send_frame(&mut self, opcode: u8, payload: &[u8]) {
        let mut frame = vec![0x80 | opcode];
        match payload.len() {
            n if n < 126 => frame.push(0x80 | n as u8),
            n if n <= u16::MAX as usize => {
                frame.push(0x80 | 126);
                frame.extend_from_slice(&(n as u16).to_be_bytes());
            }
            n => {
                frame.push(0x80 | 127);
                frame.extend_from_slice(&(n as u64).to_be_bytes());
            }
        }
        let mask = [0x12, 0x34, 0x56, 0x78];
        frame.extend_from_slice(&mask);
        frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
        self.stream.write_all(&frame).await.expect("send a frame");
    }

    /// The next text or close frame (pings are answered, continuations joined).
    async fn recv(&mut self) -> Frame {
        tokio::time::timeout(HANG, self.recv_inner()).await.expect("the server sent nothing within 30 s")
    }

    async fn recv_inner(&mut self) -> Frame {
        let mut text = Vec::new();
        loop {
            let mut head = [0u8; 2];
            if self.stream.read_exact(&mut head).await.is_err() {
                return Frame::Close(1006, "connection dropped".into());
            }
            let (fin, opcode) = (head[0] & 0x80 != 0, head[0] & 0x0f);
            assert_eq!(head[1] & 0x80, 0, "a server frame is never masked");
            let len = match head[1] & 0x7f {
                126 => self.stream.read_u16().await.expect("length") as usize,
                127 => self.stream.read_u64().await.expect("length") as usize,
                n => n as usize,
            };
            let mut payload = vec![0u8; len];
            self.stream.read_exact(&mut payload).await.expect("payload");
            match opcode {
                0x0 | 0x1 => {
                    text.extend_from_slice(&payload);
                    if fin {
                        return Frame::Text(String::from_utf8(text).expect("UTF-8 text"));
                    }
                }
                0x8 => {
                    let code = if payload.len() >= 2 { u16::from_be_bytes([payload[0], payload[1]]) } else { 1005 };
                    let reason = String::from_utf8_lossy(payload.get(2..).unwrap_or_default()).to_string();
                    return Frame::Close(code, reason);
                }
                0x9 => self.send_frame(0xA, &payload).await,
                _ => {}
            }
        }
    }

    /// The next message, which must be a text one.
    async fn json(&mut self) -> Value {
        match self.recv().await {
            Frame::Text(t) => serde_json::from_str(&t).expect("JSON message"),
            other => panic!("expected a message, got {other:?}"),
        }
    }

    /// The close frame the server must send next: (code, reason).
    async fn closed(&mut self) -> (u16, String) {
        match self.recv().await {
            Frame::Close(code, reason) => (code, reason),
            Frame::Text(t) => panic!("expected the socket to close, got {t}"),
        }
    }

    async fn subscribe(&mut self, id: &str, query: &str, variables: Value) {
        self.send(&json!({ "id": id, "type": "subscribe", "payload": { "query": query, "variables": variables } }))
            .await;
    }

    /// The next message, which must be a `next` for `id` without errors: its data.
    async fn next_data(&mut self, id: &str) -> Value {
        let m = self.json().await;
        assert_eq!(m["type"], "next", "{m}");
        assert_eq!(m["id"], id, "{m}");
        assert!(m["payload"].get("errors").is_none(), "{m}");
        m["payload"]["data"].clone()
    }
}

/// The server's count of answers computed for groups of subscribers.
async fn computations(app: &TestApp) -> u64 {
    let text = app.client.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("shiliu_live_computations_total "))
        .and_then(|v| v.trim().parse().ok())
        .expect("live computation counter")
}
