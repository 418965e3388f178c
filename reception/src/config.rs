//! Service configuration: defaults, then a TOML file, then `VSSID_*` environment variables,
//! then command-line flags, each overriding the one before.

use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Why the configuration could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the configuration file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the configuration file {path} is not valid TOML: {source}")]
    Parse {
        path: PathBuf,
        source: toml::de::Error,
    },
    #[error("{name} has an invalid value: {value}")]
    Invalid { name: String, value: String },
    #[error("{0}")]
    Usage(String),
}

/// Limits on what clients may send and how often.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// The largest request body, in bytes.
    pub max_body_bytes: usize,
    /// The largest photo part, in bytes.
    pub max_photo_bytes: usize,
    /// Requests per second allowed to one client address, on average.
    pub rate_per_second: f64,
    /// Requests one client address may send at once before being slowed down.
    pub rate_burst: f64,
    /// The longest a request (including its body) may take, in seconds.
    pub request_timeout_seconds: u64,
    /// The longest a connection may take to send a request's headers, or stay idle between
    /// requests, in seconds (slow or idle connections are closed).
    pub header_timeout_seconds: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: 3 * vssid_core::api::MAX_PHOTO_BYTES + 256 * 1024,
            max_photo_bytes: vssid_core::api::MAX_PHOTO_BYTES,
            rate_per_second: 2.0,
            rate_burst: 20.0,
            request_timeout_seconds: 60,
            header_timeout_seconds: 30,
        }
    }
}

/// The e-mail confirmation code's rules.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OtpRules {
    /// How long a code is valid, in seconds.
    pub ttl_seconds: u64,
    /// Wrong codes allowed before a new code is needed.
    pub max_tries: u32,
    /// The shortest time between two codes, in seconds.
    pub resend_interval_seconds: u64,
    /// How many times a code may be sent again.
    pub max_resends: u32,
}

impl Default for OtpRules {
    fn default() -> Self {
        OtpRules {
            ttl_seconds: 600,
            max_tries: 5,
            resend_interval_seconds: 60,
            max_resends: 5,
        }
    }
}

/// Everything the service needs to run.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The address to listen on.
    pub bind: SocketAddr,
    /// Where the database, photos and outbox live (unless set one by one).
    pub data_dir: PathBuf,
    /// The SQLite file (default: `<data_dir>/reception.sqlite3`).
    pub database: Option<PathBuf>,
    /// Where photos are stored (default: `<data_dir>/photos`).
    pub photos_dir: Option<PathBuf>,
    /// Where e-mails are written (default: `<data_dir>/outbox`).
    pub outbox_dir: Option<PathBuf>,
    /// A JSON file with the office directory (`{"version", "offices": […]}`); the built-in
    /// list when absent.
    pub offices_file: Option<PathBuf>,
    /// The sender of e-mails.
    pub mail_from: String,
    /// The `tracing` filter, e.g. `info` or `vssid_reception=debug`.
    pub log: String,
    /// Web pages on other origins that may call the API from a browser (CORS), each as
    /// `scheme://host[:port]`, e.g. `https://dangky.example.vn`. Empty (the default): only
    /// pages served from the service's own origin, or apps, can.
    pub allowed_origins: Vec<String>,
    pub limits: Limits,
    pub otp: OtpRules,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 8787)),
            data_dir: PathBuf::from(".data/reception"),
            database: None,
            photos_dir: None,
            outbox_dir: None,
            offices_file: None,
            mail_from: "BHXH Việt Nam <no-reply@vssid.invalid>".into(),
            log: "info".into(),
            allowed_origins: Vec::new(),
            limits: Limits::default(),
            otp: OtpRules::default(),
        }
    }
}

/// What `--help` prints.
pub const USAGE: &str = "usage: vssid-reception [--config FILE] [--bind ADDR:PORT] [--data-dir DIR]
environment: VSSID_CONFIG, VSSID_BIND, VSSID_DATA_DIR, VSSID_DATABASE, VSSID_OFFICES_FILE,
  VSSID_LOG, VSSID_RATE_PER_SECOND, VSSID_RATE_BURST, VSSID_MAX_BODY_BYTES,
  VSSID_REQUEST_TIMEOUT_SECONDS, VSSID_ALLOWED_ORIGINS (comma-separated)";

impl Config {
    /// A configuration for tests: everything under `data_dir`, loopback on an ephemeral port.
    pub fn for_data_dir(data_dir: impl Into<PathBuf>) -> Config {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir: data_dir.into(),
            ..Config::default()
        }
    }

    /// Reads a TOML file over the defaults.
    pub fn from_file(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        toml::from_str(&text).map_err(|source| ConfigError::Parse {
            path: path.to_path_buf(),
            source,
        })
    }

    /// The whole chain: defaults, the file (`--config` or `VSSID_CONFIG`), the environment
    /// (read through `env`), then the flags in `args` (without the program name).
    pub fn load(
        args: &[String],
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let mut config_file = env("VSSID_CONFIG").map(PathBuf::from);
        let mut flags: Vec<(String, String)> = Vec::new();
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            let (name, inline) = match arg.split_once('=') {
                Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
                _ => (arg.clone(), None),
            };
            match name.as_str() {
                "--config" | "--bind" | "--data-dir" => {
                    let value = match inline {
                        Some(v) => v,
                        None => iter
                            .next()
                            .cloned()
                            .ok_or_else(|| ConfigError::Usage(format!("{name} needs a value")))?,
                    };
                    if name == "--config" {
                        config_file = Some(PathBuf::from(value));
                    } else {
                        flags.push((name, value));
                    }
                }
                other => {
                    return Err(ConfigError::Usage(format!(
                        "unknown argument: {other}\n{USAGE}"
                    )))
                }
            }
        }
        let mut config = match config_file {
            Some(path) => Config::from_file(&path)?,
            None => Config::default(),
        };
        config.apply_env(env)?;
        for (name, value) in flags {
            match name.as_str() {
                "--bind" => config.bind = parse_value("--bind", &value)?,
                _ => config.data_dir = PathBuf::from(value),
            }
        }
        for origin in &config.allowed_origins {
            if !is_origin(origin) {
                return Err(ConfigError::Invalid {
                    name: "allowed_origins".into(),
                    value: format!(
                        "{origin} (expected scheme://host[:port], e.g. https://dangky.example.vn)"
                    ),
                });
            }
        }
        Ok(config)
    }

    fn apply_env(&mut self, env: impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        if let Some(v) = env("VSSID_BIND") {
            self.bind = parse_value("VSSID_BIND", &v)?;
        }
        if let Some(v) = env("VSSID_DATA_DIR") {
            self.data_dir = PathBuf::from(v);
        }
        if let Some(v) = env("VSSID_DATABASE") {
            self.database = Some(PathBuf::from(v));
        }
        if let Some(v) = env("VSSID_OFFICES_FILE") {
            self.offices_file = Some(PathBuf::from(v));
        }
        if let Some(v) = env("VSSID_LOG") {
            self.log = v;
        }
        if let Some(v) = env("VSSID_RATE_PER_SECOND") {
            self.limits.rate_per_second = parse_value("VSSID_RATE_PER_SECOND", &v)?;
        }
        if let Some(v) = env("VSSID_RATE_BURST") {
            self.limits.rate_burst = parse_value("VSSID_RATE_BURST", &v)?;
        }
        if let Some(v) = env("VSSID_MAX_BODY_BYTES") {
            self.limits.max_body_bytes = parse_value("VSSID_MAX_BODY_BYTES", &v)?;
        }
        if let Some(v) = env("VSSID_REQUEST_TIMEOUT_SECONDS") {
            self.limits.request_timeout_seconds = parse_value("VSSID_REQUEST_TIMEOUT_SECONDS", &v)?;
        }
        if let Some(v) = env("VSSID_ALLOWED_ORIGINS") {
            self.allowed_origins = v
                .split(',')
                .map(str::trim)
                .filter(|origin| !origin.is_empty())
                .map(String::from)
                .collect();
        }
        Ok(())
    }

    /// The SQLite file.
    /// The data controller named in the privacy notice.
    pub fn notice_operator(&self) -> vssid_core::privacy_notice::Operator {
        vssid_core::privacy_notice::Operator::default()
    }

    /// The retention the privacy notice states.
    pub fn notice_retention(&self) -> vssid_core::privacy_notice::Retention {
        vssid_core::privacy_notice::Retention::default()
    }

    pub fn database_path(&self) -> PathBuf {
        self.database
            .clone()
            .unwrap_or_else(|| self.data_dir.join("reception.sqlite3"))
    }

    /// The photo directory.
    pub fn photos_path(&self) -> PathBuf {
        self.photos_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("photos"))
    }

    /// The outbox directory.
    pub fn outbox_path(&self) -> PathBuf {
        self.outbox_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("outbox"))
    }

    /// The request timeout.
    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.limits.request_timeout_seconds.max(1))
    }

    /// The time allowed for a request's headers (and for an idle connection).
    pub fn header_timeout(&self) -> Duration {
        Duration::from_secs(self.limits.header_timeout_seconds.max(1))
    }
}

/// A web origin as a browser sends it: `http` or `https`, `://`, a host with an optional port,
/// nothing after (no path, no trailing slash, no wildcard).
fn is_origin(value: &str) -> bool {
    let Some((scheme, authority)) = value.split_once("://") else {
        return false;
    };
    matches!(scheme, "http" | "https")
        && !authority.is_empty()
        && authority
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
}

fn parse_value<T: std::str::FromStr>(name: &str, value: &str) -> Result<T, ConfigError> {
    value.trim().parse().map_err(|_| ConfigError::Invalid {
        name: name.into(),
        value: value.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn flags_override_environment_which_overrides_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("reception.toml");
        std::fs::write(
            &file,
            "bind = \"127.0.0.1:9000\"\ndata_dir = \"/from/file\"\n[limits]\nrate_burst = 7.0\n[otp]\nmax_tries = 3\n",
        )
        .unwrap();
        let env: HashMap<&str, String> = [
            ("VSSID_CONFIG", file.display().to_string()),
            ("VSSID_DATA_DIR", "/from/env".to_string()),
            ("VSSID_RATE_PER_SECOND", "9.5".to_string()),
        ]
        .into();
        let config =
            Config::load(&s(&["--bind", "127.0.0.1:9100"]), |k| env.get(k).cloned()).unwrap();
        assert_eq!(config.bind.port(), 9100);
        assert_eq!(config.data_dir, PathBuf::from("/from/env"));
        assert_eq!(config.limits.rate_per_second, 9.5);
        assert_eq!(config.limits.rate_burst, 7.0);
        assert_eq!(config.otp.max_tries, 3);
        assert_eq!(config.otp.ttl_seconds, 600);
        let config = Config::load(&s(&["--data-dir=/x"]), |_| None).unwrap();
        assert_eq!(config.data_dir, PathBuf::from("/x"));
        assert_eq!(
            config.database_path(),
            PathBuf::from("/x/reception.sqlite3")
        );
        assert_eq!(config.bind.port(), 8787);
    }

    #[test]
    fn allowed_origins_come_from_the_file_or_the_environment_and_are_checked() {
        let env = |k: &str| {
            (k == "VSSID_ALLOWED_ORIGINS")
                .then(|| " https://dangky.example.vn, http://127.0.0.1:8087 ,".to_string())
        };
        let config = Config::load(&[], env).unwrap();
        assert_eq!(
            config.allowed_origins,
            s(&["https://dangky.example.vn", "http://127.0.0.1:8087"])
        );
        assert!(Config::load(&[], |_| None)
            .unwrap()
            .allowed_origins
            .is_empty());
        for bad in [
            "*",
            "dangky.example.vn",
            "https://dangky.example.vn/",
            "ftp://x",
            "https://",
        ] {
            let result = Config::load(&[], |k| (k == "VSSID_ALLOWED_ORIGINS").then(|| bad.into()));
            assert!(
                matches!(result, Err(ConfigError::Invalid { .. })),
                "{bad} accepted"
            );
        }
    }

    #[test]
    fn bad_values_and_arguments_are_reported() {
        assert!(matches!(
            Config::load(&s(&["--bind", "nope"]), |_| None),
            Err(ConfigError::Invalid { .. })
        ));
        assert!(matches!(
            Config::load(&s(&["--frobnicate"]), |_| None),
            Err(ConfigError::Usage(_))
        ));
        assert!(matches!(
            Config::load(&[], |k| (k == "VSSID_RATE_BURST").then(|| "x".into())),
            Err(ConfigError::Invalid { .. })
        ));
    }
}
