//! Helpers shared by the integration tests: start a sandbox on port 0 and
//! speak to it with a tiny raw HTTP/1.1 client over a tokio TcpStream (no
//! HTTP client dependency). Each test file uses some of them.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::Duration;

use sandbox::{Config, Running};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub async fn start_with(config: Config) -> Running {
    sandbox::run(Config {
        port: 0,
        static_port: 0,
        ..config
    })
    .await
    .expect("sandbox starts")
}

/// A control request as the tests send it (sandbox/README.md): with the
/// control header, and a JSON content type on anything but GET (`send` adds
/// it when there is a body).
pub async fn control(addr: SocketAddr, method: &str, path: &str, body: Option<Value>) -> Resp {
    let body = body.map(|b| b.to_string());
    let mut headers = vec![("X-Sandbox-Control", "1")];
    if method != "GET" && body.is_none() {
        headers.push(("Content-Type", "application/json"));
    }
    send(addr, method, path, &headers, body.as_deref())
        .await
        .unwrap()
}

pub async fn start() -> Running {
    start_with(Config::default()).await
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.body))
    }
}

/// Sends one request on a fresh connection and reads until the server closes.
/// `Err` when the connection closes without any response.
pub async fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Result<Resp, String> {
    let mut stream = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(b) = body {
        req.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            b.len()
        ));
    }
    req.push_str("\r\n");
    req.push_str(body.unwrap_or(""));
    stream
        .write_all(req.as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut raw))
        .await
        .map_err(|_| "timed out".to_string())?;
    if let Err(e) = read {
        if raw.is_empty() {
            return Err(format!("connection error without response: {e}"));
        }
    }
    if raw.is_empty() {
        return Err("empty reply from server".into());
    }
    parse(&raw)
}

pub fn parse(raw: &[u8]) -> Result<Resp, String> {
    let text = String::from_utf8_lossy(raw);
    let (head, rest) = text.split_once("\r\n\r\n").ok_or("no header end")?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next().ok_or("no status line")?;
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("bad status line {status_line:?}"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked {
        let mut out = String::new();
        let mut rest = rest;
        loop {
            let (size, after) = rest.split_once("\r\n").ok_or("bad chunk")?;
            let size = usize::from_str_radix(size.trim(), 16).map_err(|e| e.to_string())?;
            if size == 0 {
                break;
            }
            out.push_str(&after[..size]);
            rest = &after[size + 2..];
        }
        out
    } else {
        rest.to_owned()
    };
    Ok(Resp {
        status,
        headers,
        body,
    })
}
