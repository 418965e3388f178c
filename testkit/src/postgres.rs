//! A real PostgreSQL server for tests, started on a free loopback port from the server
//! binaries on this machine (Debian: `/usr/lib/postgresql/<version>/bin`, or the directory in
//! `VSSID_PG_BIN`), one per test binary, with a fresh database for each test.
//!
//! PostgreSQL refuses to run as root: as root the data directory is given to the `postgres`
//! account and the binaries run through `runuser -u postgres`; otherwise they run as the
//! current user. The cluster is made with trust authentication for the user `vssid`, listens
//! on 127.0.0.1 only (and a socket in its own directory), and runs with `fsync=off` (a test
//! server: speed over durability). It is stopped (`pg_ctl stop -m immediate`) and its
//! directory removed when the [`PgServer`] is dropped, and for the one shared by a test
//! binary, by a watcher process once the test binary has exited.
//!
//! Where no server binaries exist, [`shared`] prints one line saying so and returns `None`
//! (the tests skip); with `CI=true` in the environment that is a failure instead.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

/// Where the server binaries are looked for, besides `VSSID_PG_BIN`.
const DEBIAN_ROOT: &str = "/usr/lib/postgresql";

/// A running PostgreSQL server.
pub struct PgServer {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    as_postgres: bool,
    databases: AtomicU32,
}

/// The server of this test binary, started on first use; `None` (after one line on stderr)
/// where no server binaries exist. Panics when they exist but the server cannot start, and
/// when they are missing under `CI=true`.
pub fn shared() -> Option<&'static PgServer> {
    static SERVER: OnceLock<Option<PgServer>> = OnceLock::new();
    SERVER
        .get_or_init(|| {
            let Some(bin) = server_binaries() else {
                let message = format!(
                    "skipping PostgreSQL tests: no server binaries in {DEBIAN_ROOT}/*/bin \
                     (install the postgresql package, or set VSSID_PG_BIN)"
                );
                if std::env::var("CI").is_ok_and(|ci| ci == "true") {
                    panic!("{message}; CI=true requires them");
                }
                eprintln!("{message}");
                return None;
            };
            let server = PgServer::start(&bin).unwrap_or_else(|e| panic!("{e}"));
            server.stop_when_this_process_ends();
            Some(server)
        })
        .as_ref()
}

/// A fresh database on the shared server, as a `postgres://` URL; `None` where there is no
/// server (see [`shared`]).
pub fn fresh_database() -> Option<String> {
    shared().map(|server| server.create_database())
}

/// The directory with `initdb` and `pg_ctl`: `VSSID_PG_BIN`, else the newest Debian version.
pub fn server_binaries() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("VSSID_PG_BIN") {
        let dir = PathBuf::from(dir);
        return dir.join("pg_ctl").is_file().then_some(dir);
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir(DEBIAN_ROOT)
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("pg_ctl").is_file().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
        .unwrap_or(false)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free loopback port")
}

impl PgServer {
    /// Makes a cluster in a new temporary directory and starts it on a free loopback port.
    pub fn start(bin: &Path) -> Result<PgServer, String> {
        let as_postgres = is_root();
        static STARTED: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "vssid-pg-{}-{}",
            std::process::id(),
            STARTED.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let mut server = PgServer {
            bin: bin.to_path_buf(),
            dir,
            port: 0,
            as_postgres,
            databases: AtomicU32::new(0),
        };
        if as_postgres {
            server.run(
                "chown",
                &["postgres:postgres", &server.dir.display().to_string()],
            )?;
        }
        let data = server.dir.join("data").display().to_string();
        server.run_bin(
            "initdb",
            &[
                "-D",
                &data,
                "-A",
                "trust",
                "-U",
                "vssid",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        )?;
        // A port taken between our check and the server's bind: try another.
        let mut last = String::new();
        for _ in 0..5 {
            server.port = free_port();
            let options = format!(
                "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                server.port,
                server.dir.display()
            );
            let log = server.dir.join("server.log").display().to_string();
            match server.run_bin(
                "pg_ctl",
                &[
                    "-D", &data, "-o", &options, "-l", &log, "-w", "-t", "60", "start",
                ],
            ) {
                Ok(()) => return Ok(server),
                Err(error) => {
                    let log =
                        std::fs::read_to_string(server.dir.join("server.log")).unwrap_or_default();
                    last = format!("{error}\n{log}");
                }
            }
        }
        Err(format!("PostgreSQL did not start: {last}"))
    }

    /// The port it listens on (127.0.0.1).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The URL of database `name` as the user `vssid`.
    pub fn url(&self, name: &str) -> String {
        format!("postgres://vssid@127.0.0.1:{}/{name}", self.port)
    }

    /// Creates a new empty database (`t_1`, `t_2`, …) and returns its URL.
    pub fn create_database(&self) -> String {
        let name = format!("t_{}", self.databases.fetch_add(1, Ordering::SeqCst) + 1);
        let port = self.port.to_string();
        self.run_bin(
            "createdb",
            &["-h", "127.0.0.1", "-p", &port, "-U", "vssid", &name],
        )
        .unwrap_or_else(|e| panic!("createdb {name}: {e}"));
        self.url(&name)
    }

    /// Restarts the server (`pg_ctl restart -m fast`): every open connection is cut.
    pub fn restart(&self) -> Result<(), String> {
        let data = self.dir.join("data").display().to_string();
        // With its log in a file: a server writing to our pipe would keep `output()` waiting.
        let log = self.dir.join("server.log").display().to_string();
        self.run_bin(
            "pg_ctl",
            &["-D", &data, "-l", &log, "-w", "-m", "fast", "restart"],
        )
    }

    fn run(&self, program: &str, args: &[&str]) -> Result<(), String> {
        let out = Command::new(program)
            .args(args)
            .current_dir(&self.dir)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("{program}: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{program} {args:?}: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }

    /// Runs a server binary, as `postgres` when we are root.
    fn run_bin(&self, name: &str, args: &[&str]) -> Result<(), String> {
        let program = self.bin.join(name).display().to_string();
        if self.as_postgres {
            let mut all = vec!["-u", "postgres", "--", program.as_str()];
            all.extend_from_slice(args);
            self.run("runuser", &all)
        } else {
            self.run(&program, args)
        }
    }

    /// The shell command that stops the server and removes its directory.
    fn teardown_command(&self) -> String {
        let pg_ctl = self.bin.join("pg_ctl").display().to_string();
        let data = self.dir.join("data").display().to_string();
        let stop = format!("{pg_ctl} -D '{data}' stop -m immediate");
        let stop = if self.as_postgres {
            format!("runuser -u postgres -- {stop}")
        } else {
            stop
        };
        format!("{stop} >/dev/null 2>&1; rm -rf '{}'", self.dir.display())
    }

    /// A server kept in a `static` is never dropped: a watcher process stops it once this
    /// process has ended, however it ended.
    fn stop_when_this_process_ends(&self) {
        let script = format!(
            "while kill -0 {pid} 2>/dev/null; do sleep 0.5; done; {teardown}",
            pid = std::process::id(),
            teardown = self.teardown_command()
        );
        // In a session of its own (`setsid`), so that whatever ends the test binary's
        // process group does not end the watcher with it.
        let _ = Command::new("setsid")
            .args(["sh", "-c", &script])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        let _ = Command::new("sh")
            .args(["-c", &self.teardown_command()])
            .status();
    }
}
