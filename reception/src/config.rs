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
    /// E-mails one recipient address may be sent in 24 hours (first mails and resends
    /// together); over it registrations and resends to that address get `429`.
    pub mails_per_recipient_per_day: u32,
    /// Registrations one client address (IPv6: its /64) may create per hour.
    pub registrations_per_address_per_hour: u32,
    /// Requests handled at once; above it new requests get `503` with `Retry-After`.
    pub max_requests_in_flight: usize,
    /// Below this much free space on the data directory's disk, requests that would write
    /// get `503` with `Retry-After`.
    pub min_free_disk_bytes: u64,
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
            mails_per_recipient_per_day: 5,
            registrations_per_address_per_hour: 20,
            max_requests_in_flight: 512,
            min_free_disk_bytes: 256 * 1024 * 1024,
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
    /// Wrong codes allowed for one registration in all (resends do not reset this count).
    pub max_wrong_codes_total: u32,
}

impl Default for OtpRules {
    fn default() -> Self {
        OtpRules {
            ttl_seconds: 600,
            max_tries: 5,
            resend_interval_seconds: 60,
            max_resends: 4,
            max_wrong_codes_total: 10,
        }
    }
}

/// Who runs the service: named as the e-mail sender, in every e-mail's footer, and (later) in
/// the privacy notice and the console. The default names no authority: the reference service
/// is not an official one.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Operator {
    /// The operator's name, e.g. an organisation.
    pub name: String,
    /// Where people can write to the operator (empty: not given).
    pub contact_email: String,
    /// The operator's postal address (empty: not given).
    pub address: String,
}

/// The default operator name: says what the service is, claims no authority.
pub const DEFAULT_OPERATOR_NAME: &str = "VssID registration reference service (unofficial)";

impl Default for Operator {
    fn default() -> Self {
        Operator {
            name: DEFAULT_OPERATOR_NAME.into(),
            contact_email: String::new(),
            address: String::new(),
        }
    }
}

/// Sending the outbox over SMTP (the `[mail]` table). Without `smtp_url` the messages stay
/// in the outbox as files, for a relay or a person to pick up.
#[derive(Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct MailDelivery {
    /// The server in lettre's URL form: `smtp://127.0.0.1:2525` (no TLS),
    /// `smtp://host:587?tls=required` (STARTTLS), `smtps://user:pass@host:465` (TLS).
    pub smtp_url: Option<String>,
    /// `Reply-To` of every message (empty: none).
    pub reply_to: String,
    /// The envelope sender (`MAIL FROM`, where bounces go); empty: the address of
    /// `mail_from`.
    pub envelope_from: String,
    /// How long a message refused for now (4xx, no connection) is tried again before it is
    /// recorded as failed, in seconds (default 2 days).
    pub retry_seconds: Option<u64>,
    /// The wait before the second try, in seconds (default 30); it doubles with each try, up
    /// to an hour.
    pub first_retry_seconds: Option<u64>,
    /// DKIM: a PEM file with the RSA private key (PKCS#8 or PKCS#1); no signature without it.
    pub dkim_key_file: Option<PathBuf>,
    /// DKIM: the signing domain (`d=`), e.g. `example.vn`.
    pub dkim_domain: String,
    /// DKIM: the selector (`s=`): the key is published at `<selector>._domainkey.<domain>`.
    pub dkim_selector: String,
}

impl std::fmt::Debug for MailDelivery {
    /// Without the URL, which may hold the server's password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailDelivery")
            .field("smtp_url", &self.smtp_url.as_ref().map(|_| "(set)"))
            .field("reply_to", &self.reply_to)
            .field("envelope_from", &self.envelope_from)
            .field("retry_seconds", &self.retry_seconds)
            .field("dkim_key_file", &self.dkim_key_file)
            .finish_non_exhaustive()
    }
}

impl MailDelivery {
    /// How long a message is tried again.
    pub fn retry_for(&self) -> Duration {
        Duration::from_secs(self.retry_seconds.unwrap_or(2 * 86_400))
    }

    /// The wait before the second try.
    pub fn first_retry(&self) -> Duration {
        Duration::from_secs(self.first_retry_seconds.unwrap_or(30).max(1))
    }
}

/// How long registrations are kept.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Retention {
    /// A registration whose code was never accepted is deleted (with its photos and e-mails)
    /// this many hours after it was received.
    pub unconfirmed_hours: u64,
    /// A confirmed registration (or one the office decided) is deleted (with its photos and
    /// e-mails) this many days after it was confirmed; 0 keeps them.
    pub confirmed_days: u64,
    /// How often the service looks for registrations to delete, in seconds.
    pub sweep_interval_seconds: u64,
}

impl Default for Retention {
    fn default() -> Self {
        Retention {
            unconfirmed_hours: 24,
            confirmed_days: 90,
            sweep_interval_seconds: 600,
        }
    }
}

impl Retention {
    /// How long an unconfirmed registration is kept, in milliseconds.
    pub fn unconfirmed_ms(&self) -> i64 {
        (self.unconfirmed_hours as i64).saturating_mul(3_600_000)
    }

    /// How long a confirmed registration is kept, in milliseconds (`None`: for ever).
    pub fn confirmed_ms(&self) -> Option<i64> {
        (self.confirmed_days > 0).then(|| (self.confirmed_days as i64).saturating_mul(86_400_000))
    }
}

/// A PostgreSQL address, which may hold a password: its `Debug` shows only that it is set.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct DatabaseUrl(String);

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("\"(set)\"")
    }
}

impl std::ops::Deref for DatabaseUrl {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for DatabaseUrl {
    fn from(url: &str) -> Self {
        DatabaseUrl(url.to_string())
    }
}

impl From<String> for DatabaseUrl {
    fn from(url: String) -> Self {
        DatabaseUrl(url)
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
    /// A PostgreSQL database (`postgres://user@host:port/name`), for several instances on
    /// one database; when set it is used instead of the SQLite file, and the photos are kept
    /// in it too (no shared disk needed).
    pub database_url: Option<DatabaseUrl>,
    /// Connections each instance opens to PostgreSQL.
    pub database_connections: usize,
    /// Keeps the photos in the database (the `photo_files` table) instead of the photos
    /// directory; always so with `database_url`.
    pub photos_in_database: bool,
    /// Where photos are stored (default: `<data_dir>/photos`).
    pub photos_dir: Option<PathBuf>,
    /// Where e-mails are written (default: `<data_dir>/outbox`).
    pub outbox_dir: Option<PathBuf>,
    /// A JSON file with the office directory (`{"version", "offices": […]}`); the built-in
    /// list when absent.
    pub offices_file: Option<PathBuf>,
    /// The sender address of e-mails; the operator's name is its display name unless it has
    /// one (`Name <address>`).
    pub mail_from: String,
    /// The `tracing` filter, e.g. `info` or `vssid_reception=debug`.
    pub log: String,
    /// Web pages on other origins that may call the API from a browser (CORS), each as
    /// `scheme://host[:port]`, e.g. `https://dangky.example.vn`. Empty (the default): only
    /// pages served from the service's own origin, or apps, can.
    pub allowed_origins: Vec<String>,
    /// Reverse proxies (CIDRs, e.g. `10.0.0.0/8`) whose `Forwarded` / `X-Forwarded-For`
    /// headers are believed; none by default, so those headers are ignored.
    pub trusted_proxies: Vec<String>,
    pub operator: Operator,
    pub mail: MailDelivery,
    pub retention: Retention,
    pub limits: Limits,
    pub otp: OtpRules,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 8787)),
            data_dir: PathBuf::from(".data/reception"),
            database: None,
            database_url: None,
            database_connections: crate::store::postgres::DEFAULT_CONNECTIONS,
            photos_in_database: false,
            photos_dir: None,
            outbox_dir: None,
            offices_file: None,
            mail_from: "no-reply@vssid.invalid".into(),
            log: "info".into(),
            allowed_origins: Vec::new(),
            trusted_proxies: Vec::new(),
            operator: Operator::default(),
            mail: MailDelivery::default(),
            retention: Retention::default(),
            limits: Limits::default(),
            otp: OtpRules::default(),
        }
    }
}

/// The environment variables the service reads (shown after `--help`).
pub const ENVIRONMENT: &str =
    "environment: VSSID_CONFIG, VSSID_BIND, VSSID_DATA_DIR, VSSID_DATABASE,
  VSSID_DATABASE_URL (postgres://…, instead of VSSID_DATABASE), VSSID_DATABASE_CONNECTIONS,
  VSSID_PHOTOS_IN_DATABASE, VSSID_OFFICES_FILE,
  VSSID_LOG, VSSID_RATE_PER_SECOND, VSSID_RATE_BURST, VSSID_MAX_BODY_BYTES,
  VSSID_REQUEST_TIMEOUT_SECONDS, VSSID_ALLOWED_ORIGINS (comma-separated),
  VSSID_TRUSTED_PROXIES (comma-separated CIDRs), VSSID_MAIL_FROM,
  VSSID_OPERATOR_NAME, VSSID_OPERATOR_EMAIL, VSSID_OPERATOR_ADDRESS,
  VSSID_UNCONFIRMED_EXPIRY_HOURS, VSSID_CONFIRMED_RETENTION_DAYS,
  VSSID_MAILS_PER_RECIPIENT_PER_DAY, VSSID_REGISTRATIONS_PER_ADDRESS_PER_HOUR,
  VSSID_MAX_REQUESTS_IN_FLIGHT, VSSID_MIN_FREE_DISK_BYTES,
  VSSID_SMTP_URL, VSSID_MAIL_REPLY_TO, VSSID_MAIL_ENVELOPE_FROM, VSSID_SMTP_RETRY_SECONDS,
  VSSID_SMTP_FIRST_RETRY_SECONDS, VSSID_DKIM_KEY_FILE, VSSID_DKIM_DOMAIN, VSSID_DKIM_SELECTOR";

/// What the command line sets: the last link of the chain, over the file and the environment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Flags {
    /// `--config FILE`, in place of `VSSID_CONFIG`.
    pub config: Option<PathBuf>,
    /// `--bind ADDR:PORT`.
    pub bind: Option<String>,
    /// `--data-dir DIR`.
    pub data_dir: Option<PathBuf>,
}

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
    /// (read through `env`), then the command line's `flags`.
    pub fn load(
        flags: &Flags,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let config_file = flags
            .config
            .clone()
            .or_else(|| env("VSSID_CONFIG").map(PathBuf::from));
        let mut config = match config_file {
            Some(path) => Config::from_file(&path)?,
            None => Config::default(),
        };
        config.apply_env(env)?;
        if let Some(bind) = &flags.bind {
            config.bind = parse_value("--bind", bind)?;
        }
        if let Some(dir) = &flags.data_dir {
            config.data_dir = dir.clone();
        }
        if let Some(url) = &config.database_url {
            if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
                return Err(ConfigError::Invalid {
                    name: "database_url".into(),
                    value: "(hidden) — cần dạng postgres://người_dùng@máy:cổng/tên_csdl / \
                            expected postgres://user@host:port/database"
                        .into(),
                });
            }
        }
        if config.database_connections == 0 {
            return Err(ConfigError::Invalid {
                name: "database_connections".into(),
                value: "0 — cần ít nhất 1 / at least 1".into(),
            });
        }
        for proxy in &config.trusted_proxies {
            if crate::client_addr::Cidr::parse(proxy).is_none() {
                return Err(ConfigError::Invalid {
                    name: "trusted_proxies".into(),
                    value: format!("{proxy} (expected an IP network, e.g. 10.0.0.0/8)"),
                });
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
        if let Some(v) = env("VSSID_DATABASE_URL").filter(|v| !v.trim().is_empty()) {
            self.database_url = Some(DatabaseUrl::from(v.trim()));
        }
        if let Some(v) = env("VSSID_DATABASE_CONNECTIONS") {
            self.database_connections = parse_value("VSSID_DATABASE_CONNECTIONS", &v)?;
        }
        if let Some(v) = env("VSSID_PHOTOS_IN_DATABASE") {
            self.photos_in_database = parse_value("VSSID_PHOTOS_IN_DATABASE", &v)?;
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
        if let Some(v) = env("VSSID_TRUSTED_PROXIES") {
            self.trusted_proxies = v
                .split(',')
                .map(str::trim)
                .filter(|cidr| !cidr.is_empty())
                .map(String::from)
                .collect();
        }
        if let Some(v) = env("VSSID_MAIL_FROM") {
            self.mail_from = v;
        }
        if let Some(v) = env("VSSID_OPERATOR_NAME") {
            self.operator.name = v;
        }
        if let Some(v) = env("VSSID_OPERATOR_EMAIL") {
            self.operator.contact_email = v;
        }
        if let Some(v) = env("VSSID_OPERATOR_ADDRESS") {
            self.operator.address = v;
        }
        if let Some(v) = env("VSSID_UNCONFIRMED_EXPIRY_HOURS") {
            self.retention.unconfirmed_hours = parse_value("VSSID_UNCONFIRMED_EXPIRY_HOURS", &v)?;
        }
        if let Some(v) = env("VSSID_CONFIRMED_RETENTION_DAYS") {
            self.retention.confirmed_days = parse_value("VSSID_CONFIRMED_RETENTION_DAYS", &v)?;
        }
        if let Some(v) = env("VSSID_MAILS_PER_RECIPIENT_PER_DAY") {
            self.limits.mails_per_recipient_per_day =
                parse_value("VSSID_MAILS_PER_RECIPIENT_PER_DAY", &v)?;
        }
        if let Some(v) = env("VSSID_REGISTRATIONS_PER_ADDRESS_PER_HOUR") {
            self.limits.registrations_per_address_per_hour =
                parse_value("VSSID_REGISTRATIONS_PER_ADDRESS_PER_HOUR", &v)?;
        }
        if let Some(v) = env("VSSID_MAX_REQUESTS_IN_FLIGHT") {
            self.limits.max_requests_in_flight = parse_value("VSSID_MAX_REQUESTS_IN_FLIGHT", &v)?;
        }
        if let Some(v) = env("VSSID_MIN_FREE_DISK_BYTES") {
            self.limits.min_free_disk_bytes = parse_value("VSSID_MIN_FREE_DISK_BYTES", &v)?;
        }
        self.apply_mail_env(env)
    }

    fn apply_mail_env(&mut self, env: impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        let mail = &mut self.mail;
        if let Some(v) = env("VSSID_SMTP_URL") {
            mail.smtp_url = Some(v).filter(|url| !url.trim().is_empty());
        }
        if let Some(v) = env("VSSID_MAIL_REPLY_TO") {
            mail.reply_to = v;
        }
        if let Some(v) = env("VSSID_MAIL_ENVELOPE_FROM") {
            mail.envelope_from = v;
        }
        if let Some(v) = env("VSSID_SMTP_RETRY_SECONDS") {
            mail.retry_seconds = Some(parse_value("VSSID_SMTP_RETRY_SECONDS", &v)?);
        }
        if let Some(v) = env("VSSID_SMTP_FIRST_RETRY_SECONDS") {
            mail.first_retry_seconds = Some(parse_value("VSSID_SMTP_FIRST_RETRY_SECONDS", &v)?);
        }
        if let Some(v) = env("VSSID_DKIM_KEY_FILE") {
            mail.dkim_key_file = Some(PathBuf::from(v));
        }
        if let Some(v) = env("VSSID_DKIM_DOMAIN") {
            mail.dkim_domain = v;
        }
        if let Some(v) = env("VSSID_DKIM_SELECTOR") {
            mail.dkim_selector = v;
        }
        Ok(())
    }

    /// The `From` of e-mails: `mail_from` as is when it has a display name, else the
    /// operator's name with it.
    pub fn mail_sender(&self) -> String {
        let clean = |text: &str| -> String {
            let kept: String = text.chars().filter(|c| !c.is_control()).collect();
            kept.trim().to_string()
        };
        let from = clean(&self.mail_from);
        let name = clean(&self.operator.name).replace(['<', '>', '"'], "");
        if from.contains('<') || name.is_empty() {
            from
        } else {
            format!("{name} <{from}>")
        }
    }

    /// The envelope sender: `mail.envelope_from`, else the address of `mail_from`.
    pub fn envelope_sender(&self) -> String {
        let configured = self.mail.envelope_from.trim();
        if !configured.is_empty() {
            return configured.to_string();
        }
        let from = self.mail_from.trim();
        match from.rsplit_once('<') {
            Some((_, address)) => address.trim_end_matches('>').trim().to_string(),
            None => from.to_string(),
        }
    }

    /// The data controller named in the privacy notice.
    pub fn notice_operator(&self) -> vssid_core::privacy_notice::Operator {
        vssid_core::privacy_notice::Operator {
            name: self.operator.name.clone(),
            email: self.operator.contact_email.clone(),
            address: self.operator.address.clone(),
        }
    }

    /// The retention the privacy notice states.
    ///
    /// The notice counts in days: the unconfirmed expiry (in hours) is rounded up to whole days.
    pub fn notice_retention(&self) -> vssid_core::privacy_notice::Retention {
        let days = |d: u64| u32::try_from(d).unwrap_or(u32::MAX);
        vssid_core::privacy_notice::Retention {
            unconfirmed_days: (self.retention.unconfirmed_hours > 0)
                .then(|| days(self.retention.unconfirmed_hours.div_ceil(24))),
            confirmed_days: (self.retention.confirmed_days > 0)
                .then(|| days(self.retention.confirmed_days)),
        }
    }

    /// Whether the photos are kept in the database (always with PostgreSQL).
    pub fn photos_in_database(&self) -> bool {
        self.photos_in_database || self.database_url.is_some()
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

    fn no_flags() -> Flags {
        Flags::default()
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
        let bind = Flags {
            bind: Some("127.0.0.1:9100".into()),
            ..Flags::default()
        };
        let config = Config::load(&bind, |k| env.get(k).cloned()).unwrap();
        assert_eq!(config.bind.port(), 9100);
        assert_eq!(config.data_dir, PathBuf::from("/from/env"));
        assert_eq!(config.limits.rate_per_second, 9.5);
        assert_eq!(config.limits.rate_burst, 7.0);
        assert_eq!(config.otp.max_tries, 3);
        assert_eq!(config.otp.ttl_seconds, 600);
        let data_dir = Flags {
            data_dir: Some("/x".into()),
            ..Flags::default()
        };
        let config = Config::load(&data_dir, |_| None).unwrap();
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
        let config = Config::load(&no_flags(), env).unwrap();
        assert_eq!(
            config.allowed_origins,
            s(&["https://dangky.example.vn", "http://127.0.0.1:8087"])
        );
        assert!(Config::load(&no_flags(), |_| None)
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
            let result = Config::load(&no_flags(), |k| {
                (k == "VSSID_ALLOWED_ORIGINS").then(|| bad.into())
            });
            assert!(
                matches!(result, Err(ConfigError::Invalid { .. })),
                "{bad} accepted"
            );
        }
    }

    #[test]
    fn operator_comes_from_the_file_then_the_environment_and_names_no_authority_by_default() {
        let default = Config::load(&no_flags(), |_| None).unwrap();
        assert_eq!(default.operator.name, DEFAULT_OPERATOR_NAME);
        assert!(!default.mail_sender().contains("BHXH"));
        assert_eq!(
            default.mail_sender(),
            format!("{DEFAULT_OPERATOR_NAME} <no-reply@vssid.invalid>")
        );
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("reception.toml");
        std::fs::write(
            &file,
            "[operator]\nname = \"Hội Tin học Ví dụ\"\ncontact_email = \"lienhe@example.vn\"\naddress = \"1 Phố Huế, Hà Nội\"\n[retention]\nunconfirmed_hours = 6\n",
        )
        .unwrap();
        let env: HashMap<&str, String> = [
            ("VSSID_CONFIG", file.display().to_string()),
            ("VSSID_OPERATOR_ADDRESS", "2 Tràng Tiền, Hà Nội".to_string()),
            ("VSSID_CONFIRMED_RETENTION_DAYS", "30".to_string()),
        ]
        .into();
        let config = Config::load(&no_flags(), |k| env.get(k).cloned()).unwrap();
        assert_eq!(config.operator.name, "Hội Tin học Ví dụ");
        assert_eq!(config.operator.contact_email, "lienhe@example.vn");
        assert_eq!(config.operator.address, "2 Tràng Tiền, Hà Nội");
        assert_eq!(config.retention.unconfirmed_hours, 6);
        assert_eq!(config.retention.confirmed_days, 30);
        assert_eq!(
            config.mail_sender(),
            "Hội Tin học Ví dụ <no-reply@vssid.invalid>"
        );
        let env: HashMap<&str, String> = [
            ("VSSID_OPERATOR_NAME", "Ops".to_string()),
            ("VSSID_OPERATOR_EMAIL", "ops@example.vn".to_string()),
            ("VSSID_MAIL_FROM", "Khác <x@example.vn>".to_string()),
        ]
        .into();
        let config = Config::load(&no_flags(), |k| env.get(k).cloned()).unwrap();
        assert_eq!(config.operator.name, "Ops");
        assert_eq!(config.operator.contact_email, "ops@example.vn");
        assert_eq!(config.mail_sender(), "Khác <x@example.vn>");
    }

    #[test]
    fn bad_values_and_arguments_are_reported() {
        let bind = Flags {
            bind: Some("nope".into()),
            ..Flags::default()
        };
        assert!(matches!(
            Config::load(&bind, |_| None),
            Err(ConfigError::Invalid { .. })
        ));
        assert!(matches!(
            Config::load(&no_flags(), |k| (k == "VSSID_RATE_BURST")
                .then(|| "x".into())),
            Err(ConfigError::Invalid { .. })
        ));
    }
}
