//! A minimal graphql-transport-ws client on tokio's `TcpStream` (RFC 6455: the handshake,
//! masked client frames, the server's frames), like the api tests' one, so no WebSocket crate
//! enters the build.

use serde_json::{Value as Json, json};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::net::TcpStream;

/// What the server sent.
pub enum Frame {
    Text(String),
    Close(u16, String),
}

pub struct Ws {
    stream: BufReader<TcpStream>,
}

impl Ws {
    /// Opens `/graphql` of `address` (`http://host:port`) as a WebSocket speaking
    /// graphql-transport-ws, sends `connection_init` with `token` and waits for the ack.
    pub async fn signed_in(address: &str, token: &str) -> Result<Self, String> {
        let host = address.trim_start_matches("http://");
        let stream = TcpStream::connect(host).await.map_err(|e| format!("connect {host}: {e}"))?;
        stream.set_nodelay(true).map_err(|e| e.to_string())?;
        let mut ws = Self { stream: BufReader::new(stream) };
        let request = format!(
            "GET /graphql HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
             Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\
             Sec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n"
        );
        ws.stream.get_mut().write_all(request.as_bytes()).await.map_err(|e| e.to_string())?;
        let mut head = Vec::new();
        while !head.ends_with(b"\r\n\r\n") {
            head.push(ws.stream.read_u8().await.map_err(|e| format!("handshake answer: {e}"))?);
        }
        if !head.starts_with(b"HTTP/1.1 101") {
            return Err(format!("handshake: {}", String::from_utf8_lossy(&head).lines().next().unwrap_or_default()));
        }
        ws.send(&json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {token}") } }))
            .await?;
        match ws.json().await? {
            m if m["type"] == "connection_ack" => Ok(ws),
            m => Err(format!("connection_init answered with {m}")),
        }
    }

    pub async fn send(&mut self, message: &Json) -> Result<(), String> {
        self.send_frame(0x1, message.to_string().as_bytes()).await
    }

    /// One masked frame (a client must mask, RFC 6455 5.3).
    async fn send_frame(&mut self, opcode: u8, payload: &[u8]) -> Result<(), String> {
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
        self.stream.get_mut().write_all(&frame).await.map_err(|e| format!("send a frame: {e}"))
    }

    /// The next text or close frame (pings are answered, continuations joined).
    pub async fn recv(&mut self) -> Result<Frame, String> {
        let mut text = Vec::new();
        loop {
            let mut head = [0u8; 2];
            if self.stream.read_exact(&mut head).await.is_err() {
                return Ok(Frame::Close(1006, "connection dropped".into()));
            }
            let (fin, opcode) = (head[0] & 0x80 != 0, head[0] & 0x0f);
            let len = match head[1] & 0x7f {
                126 => self.stream.read_u16().await.map_err(|e| e.to_string())? as usize,
                127 => self.stream.read_u64().await.map_err(|e| e.to_string())? as usize,
                n => n as usize,
            };
            let mut payload = vec![0u8; len];
            self.stream.read_exact(&mut payload).await.map_err(|e| format!("a frame's payload: {e}"))?;
            match opcode {
                0x0 | 0x1 => {
                    text.extend_from_slice(&payload);
                    if fin {
                        return String::from_utf8(text).map(Frame::Text).map_err(|e| e.to_string());
                    }
                }
                0x8 => {
                    let code = if payload.len() >= 2 { u16::from_be_bytes([payload[0], payload[1]]) } else { 1005 };
                    let reason = String::from_utf8_lossy(payload.get(2..).unwrap_or_default()).to_string();
                    return Ok(Frame::Close(code, reason));
                }
                0x9 => self.send_frame(0xA, &payload).await?,
                _ => {}
            }
        }
    }

    /// The next message, which must be a text one.
    pub async fn json(&mut self) -> Result<Json, String> {
        match self.recv().await? {
            Frame::Text(t) => serde_json::from_str(&t).map_err(|e| format!("{e}: {t}")),
            Frame::Close(code, reason) => Err(format!("the socket closed: {code} {reason}")),
        }
    }

    pub async fn subscribe(&mut self, id: &str, query: &str, variables: Json) -> Result<(), String> {
        self.send(&json!({ "id": id, "type": "subscribe", "payload": { "query": query, "variables": variables } }))
            .await
    }
}
