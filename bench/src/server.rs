//! The server under test runs in a process of its own (this binary, re-executed with `serve`),
//! so its memory is its own and the load generator does not share its runtime.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Runs the real server from the environment it was given (called in the child process).
pub async fn serve() -> Result<(), String> {
    let settings = shiliu::settings::Settings::load().map_err(|e| e.to_string())?;
    let state = shiliu::startup::build_state(settings).await.map_err(|e| e.to_string())?;
    let app = shiliu::startup::Application::serve(state).map_err(|e| e.to_string())?;
    app.run_until_stopped().await.map_err(|e| e.to_string())
}

pub struct Server {
    child: Child,
    pub address: String,
}

/// A port free right now on the loopback interface.
fn free_port() -> Result<u16, String> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    l.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

impl Server {
    /// Starts the server with `env` (settings) and waits until `/healthz` answers.
    pub async fn start(env: &[(String, String)]) -> Result<Self, String> {
        let port = free_port()?;
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let mut cmd = Command::new(exe);
        cmd.arg("serve").env("SHILIU_BIND", format!("127.0.0.1:{port}")).stdout(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().map_err(|e| format!("cannot start the server: {e}"))?;
        let server = Self { child, address: format!("http://127.0.0.1:{port}") };
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(r) = client.get(format!("{}/healthz", server.address)).send().await
                && r.status().is_success()
            {
                return Ok(server);
            }
            if Instant::now() > deadline {
                return Err("the server did not answer /healthz within 60 s".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    fn status_field(&self, field: &str) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with(field))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    /// Resident memory now, in MiB (Linux; `None` elsewhere).
    pub fn rss_mib(&self) -> Option<f64> {
        self.status_field("VmRSS:").map(|kib| kib as f64 / 1024.0)
    }

    /// CPU time the server has used so far (user + system, all its threads), in seconds, from
    /// `utime` and `stime` of `/proc/<pid>/stat` (in clock ticks of 1/100 s, Linux's USER_HZ).
    pub fn cpu_seconds(&self) -> Option<f64> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).ok()?;
        // The fields after the command name (which may hold spaces) start at the 3rd, `state`.
        let (_, rest) = stat.rsplit_once(')')?;
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let tick = |i: usize| fields.get(i)?.parse::<u64>().ok();
        Some((tick(11)? + tick(12)?) as f64 / 100.0)
    }

    /// Peak resident memory so far, in MiB.
    pub fn peak_rss_mib(&self) -> Option<f64> {
        self.status_field("VmHWM:").map(|kib| kib as f64 / 1024.0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
