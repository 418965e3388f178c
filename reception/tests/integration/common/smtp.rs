//! A real SMTP server for the delivery tests: `scripts/smtp_test_server.py` (aiosmtpd) on
//! loopback, started by the test and killed when dropped. It writes what it accepts and a
//! line per try to its folder; what it answers depends on the recipient (see the script).

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use vssid_testkit::tools::{mail_test_venv, workspace_dir};

pub struct SmtpServer {
    child: Child,
    pub port: u16,
    pub dir: tempfile::TempDir,
}

impl SmtpServer {
    /// A server on a free port.
    pub fn start() -> SmtpServer {
        SmtpServer::start_on(0)
    }

    /// A server on `port` (0: a free one).
    pub fn start_on(port: u16) -> SmtpServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut child = Command::new(mail_test_venv().join("bin/python"))
            .arg(workspace_dir().join("scripts/smtp_test_server.py"))
            .arg(dir.path())
            .arg(port.to_string())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the SMTP server starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the server's port");
        let port = line
            .trim()
            .strip_prefix("PORT ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("the server said {line:?}"));
        SmtpServer { child, port, dir }
    }

    /// The URL the service is given.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The messages accepted, in order, as received.
    pub fn messages(&self) -> Vec<String> {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .expect("the server's folder")
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|p| String::from_utf8_lossy(&std::fs::read(p).expect("message")).into_owned())
            .collect()
    }

    /// Every try: `<code> <recipient> <Message-ID>`.
    pub fn attempts(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.path().join("attempts.log"))
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// Waits (up to 30 s) until `count` messages were accepted; the messages.
    pub async fn wait_for_messages(&self, count: usize) -> Vec<String> {
        wait_until(Duration::from_secs(30), || self.messages().len() >= count).await;
        self.messages()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `condition` every 50 ms until it holds; panics after `limit`.
pub async fn wait_until(limit: Duration, mut condition: impl FnMut() -> bool) {
    let start = Instant::now();
    while !condition() {
        assert!(start.elapsed() < limit, "still waiting after {limit:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A message's header value (one line).
pub fn header<'a>(message: &'a str, name: &str) -> Option<&'a str> {
    let head = message.split("\r\n\r\n").next()?;
    head.split("\r\n").find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

/// A loopback port nothing listens on (bound, then freed).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// Holds a port for an SMTP server to come: every connection is accepted and closed at once
/// (a mail server that is down, quickly), and no other test's service can bind the port
/// meanwhile. Dropping it frees the port.
pub struct PortHolder {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl PortHolder {
    pub fn bind(port: u16) -> PortHolder {
        let listener = std::net::TcpListener::bind(("127.0.0.1", port)).expect("the port");
        listener.set_nonblocking(true).unwrap();
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopping = stop.clone();
        let thread = std::thread::spawn(move || {
            while !stopping.load(std::sync::atomic::Ordering::Relaxed) {
                match listener.accept() {
                    Ok((connection, _)) => drop(connection),
                    Err(_) => std::thread::sleep(std::time::Duration::from_millis(10)),
                }
            }
        });
        PortHolder {
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for PortHolder {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
