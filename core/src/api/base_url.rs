//! Which backend addresses the API client accepts: `https://` always, `http://` only to this
//! machine (loopback) unless insecure backends are allowed, which only debug builds do by
//! default. Personal data never crosses a network in clear text from a release build.

use std::net::{Ipv4Addr, Ipv6Addr};

/// Whether `http://` to another machine is accepted when nothing says otherwise: yes in
/// debug builds (a development server on the local network), never in release builds.
pub const ALLOW_INSECURE_BY_DEFAULT: bool = cfg!(debug_assertions);

/// Why a backend address is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BaseUrlError {
    #[error("the backend address must start with https:// (or http:// for this machine)")]
    Scheme,
    #[error("the backend address names no host")]
    NoHost,
    #[error("plain http:// is only allowed to this machine, not to {host}")]
    Insecure { host: String },
}

/// Checks a backend base URL and returns it trimmed, without a trailing slash.
///
/// `https://host` is accepted; `http://` only when the host is loopback (`localhost`,
/// `127.0.0.0/8`, `[::1]`) or when `allow_insecure` is true. The host is read after any
/// `user@` part, so `http://127.0.0.1@example.com` is not mistaken for loopback.
pub fn validate_base_url(url: &str, allow_insecure: bool) -> Result<String, BaseUrlError> {
    let url = url.trim();
    let (secure, scheme_len) = if has_prefix_ignore_case(url, "https://") {
        (true, "https://".len())
    } else if has_prefix_ignore_case(url, "http://") {
        (false, "http://".len())
    } else {
        return Err(BaseUrlError::Scheme);
    };
    let rest = url[scheme_len..].trim_end_matches('/');
    let base = &url[..scheme_len + rest.len()];
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let host = if let Some(bracketed) = host_port.strip_prefix('[') {
        bracketed.split(']').next().unwrap_or_default()
    } else {
        host_port.split(':').next().unwrap_or_default()
    };
    if host.is_empty() {
        return Err(BaseUrlError::NoHost);
    }
    if secure || allow_insecure || is_loopback(host) {
        Ok(base.to_string())
    } else {
        Err(BaseUrlError::Insecure {
            host: host.to_string(),
        })
    }
}

fn has_prefix_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
        || host.parse::<Ipv6Addr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_is_always_accepted_and_trimmed() {
        for allow in [false, true] {
            assert_eq!(
                validate_base_url(" https://api.example.vn/ ", allow).as_deref(),
                Ok("https://api.example.vn")
            );
        }
        assert_eq!(
            validate_base_url("HTTPS://api.example.vn:8443/base", false).as_deref(),
            Ok("HTTPS://api.example.vn:8443/base")
        );
    }

    #[test]
    fn plain_http_is_refused_to_other_machines_unless_allowed() {
        for url in [
            "http://api.example.vn",
            "http://192.168.1.20:8787",
            "http://[2001:db8::1]:8787",
            "http://127.0.0.1@evil.example",
            "http://localhost.evil.example",
            "http://127.0.0.1.nip.io",
        ] {
            assert!(
                matches!(
                    validate_base_url(url, false),
                    Err(BaseUrlError::Insecure { .. })
                ),
                "{url} accepted"
            );
            assert!(validate_base_url(url, true).is_ok(), "{url} refused");
        }
    }

    #[test]
    fn plain_http_to_loopback_is_accepted() {
        for url in [
            "http://127.0.0.1:8787",
            "http://127.8.9.10",
            "http://localhost:8787/",
            "http://LOCALHOST",
            "http://[::1]:8787",
            "http://user@127.0.0.1:8787",
        ] {
            assert!(validate_base_url(url, false).is_ok(), "{url} refused");
        }
    }

    #[test]
    fn other_schemes_and_empty_hosts_are_refused() {
        assert_eq!(
            validate_base_url("ftp://x", true),
            Err(BaseUrlError::Scheme)
        );
        assert_eq!(
            validate_base_url("127.0.0.1", true),
            Err(BaseUrlError::Scheme)
        );
        assert_eq!(
            validate_base_url("https://", true),
            Err(BaseUrlError::NoHost)
        );
        assert_eq!(
            validate_base_url("http://:8787", false),
            Err(BaseUrlError::NoHost)
        );
        assert_eq!(
            validate_base_url("http://[]/", false),
            Err(BaseUrlError::NoHost)
        );
    }
}
