//! The reception service as a child process with its own data directory: started, killed with
//! SIGKILL, restarted on the same port and data directory; its memory read from `/proc`.

use std::fs::OpenOptions;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The service binary built next to the running example (`target/<profile>/vssid-reception`).
pub fn sibling_binary() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    Some(exe.parent()?.parent()?.join("vssid-reception"))
}

/// A running (or killed) service process.
pub struct ServiceProcess {
    binary: PathBuf,
    data_dir: PathBuf,
    log_path: PathBuf,
    env: Vec<(String, String)>,
    pub addr: SocketAddr,
    child: Option<Child>,
    /// How many times it was killed and started again.
    pub restarts: u32,
}

/// A loopback port nobody listens on right now.
pub fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

impl ServiceProcess {
    /// Starts `binary` on a free loopback port with everything under `data_dir` (its output
    /// goes to `<data_dir>.log`); `env` adds `VSSID_*` settings. Waits until it accepts
    /// connections.
    pub fn start(
        binary: &Path,
        data_dir: &Path,
        env: &[(&str, &str)],
    ) -> std::io::Result<ServiceProcess> {
        let addr = SocketAddr::from(([127, 0, 0, 1], free_port()?));
        let mut service = ServiceProcess {
            binary: binary.to_path_buf(),
            data_dir: data_dir.to_path_buf(),
            log_path: data_dir.with_extension("log"),
            env: env
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            addr,
            child: None,
            restarts: 0,
        };
        service.spawn()?;
        Ok(service)
    }

    fn spawn(&mut self) -> std::io::Result<()> {
        let log = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log_path)?;
        let child = Command::new(&self.binary)
            .arg("--bind")
            .arg(self.addr.to_string())
            .arg("--data-dir")
            .arg(&self.data_dir)
            .env("VSSID_LOG", "warn")
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()?;
        self.child = Some(child);
        self.wait_ready(Duration::from_secs(30))
    }

    /// Waits until the port accepts connections (or the process died).
    fn wait_ready(&mut self, limit: Duration) -> std::io::Result<()> {
        let deadline = Instant::now() + limit;
        loop {
            if TcpStream::connect_timeout(&self.addr, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            if let Some(child) = self.child.as_mut() {
                if let Some(status) = child.try_wait()? {
                    return Err(std::io::Error::other(format!(
                        "the service exited with {status}; see {}",
                        self.log_path.display()
                    )));
                }
            }
            if Instant::now() > deadline {
                return Err(std::io::Error::other("the service did not start in time"));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The process id, while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Kills the process at once (SIGKILL: no shutdown, no flush) and reaps it.
    pub fn kill_hard(&mut self) -> std::io::Result<()> {
        if let Some(mut child) = self.child.take() {
            child.kill()?;
            child.wait()?;
        }
        Ok(())
    }

    /// Kills it, waits `down` and starts it again on the same port and data directory.
    pub fn restart(&mut self, down: Duration) -> std::io::Result<()> {
        self.kill_hard()?;
        std::thread::sleep(down);
        self.restarts += 1;
        self.spawn()
    }

    /// The SQLite file the service writes.
    pub fn database_path(&self) -> PathBuf {
        self.data_dir.join("reception.sqlite3")
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn log_path(&self) -> &Path {
        &self.log_path
    }
}

impl Drop for ServiceProcess {
    fn drop(&mut self) {
        let _ = self.kill_hard();
    }
}

/// A line of `/proc/<pid>/status` in KiB (`VmRSS` now, `VmHWM` the peak so far).
pub fn proc_status_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}
