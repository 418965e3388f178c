//! Which backend addresses the API client accepts: `https://` always, `http://` only to this
//! machine (loopback) unless insecure backends are allowed, which only debug builds do by
//! default. Personal data never crosses a network in clear text from a release build.
//!
//! The address is read by the same URL parser (`url`, the WHATWG rules browsers follow) that
//! the HTTP client uses to connect, so the host checked is the host contacted: in
//! `http://evil.example\@127.0.0.1` the backslash ends the host, which is `evil.example`.

use url::{Host, Url};

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
    #[error("the backend address cannot be read as a URL")]
    Malformed,
    #[error("the backend address may not carry a user name, password, query or fragment")]
    NotABase,
    #[error("plain http:// is only allowed to this machine, not to {host}")]
    Insecure { host: String },
}

/// Checks a backend base URL and returns it as the parser writes it, without a trailing
/// slash (what the client will really contact).
///
/// `https://host` is accepted; `http://` only when the host is loopback (`localhost`,
/// `127.0.0.0/8`, `[::1]`) or when `allow_insecure` is true. Addresses with a user name,
/// password, query or fragment are refused: a base URL needs none, and they are the usual
/// disguise of a host.
pub fn validate_base_url(url: &str, allow_insecure: bool) -> Result<String, BaseUrlError> {
    let parsed = parse_base_url(url)?;
    let host = parsed.host().ok_or(BaseUrlError::NoHost)?;
    if parsed.scheme() == "https" || allow_insecure || is_loopback(&host) {
        Ok(parsed.as_str().trim_end_matches('/').to_string())
    } else {
        Err(BaseUrlError::Insecure {
            host: host.to_string(),
        })
    }
}

/// Whether `url` is an acceptable base URL naming this machine (`localhost`, `127.0.0.0/8`,
/// `[::1]`), as decided by the parser the client connects with. The web build honours a
/// `?api=` link only for such an address.
pub fn is_loopback_base_url(url: &str) -> bool {
    parse_base_url(url)
        .ok()
        .and_then(|parsed| parsed.host().map(|host| is_loopback(&host)))
        .unwrap_or(false)
}

fn parse_base_url(url: &str) -> Result<Url, BaseUrlError> {
    let url = url.trim();
    let parsed = Url::parse(url).map_err(|error| match error {
        url::ParseError::EmptyHost => BaseUrlError::NoHost,
        url::ParseError::RelativeUrlWithoutBase => BaseUrlError::Scheme,
        _ => BaseUrlError::Malformed,
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(BaseUrlError::Scheme);
    }
    if !parsed.username().is_empty()
        || parsed.password().is_some()
        || parsed.query().is_some()
        || parsed.fragment().is_some()
    {
        return Err(BaseUrlError::NotABase);
    }
    Ok(parsed)
}

fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(name) => name.eq_ignore_ascii_case("localhost"),
        Host::Ipv4(ip) => ip.is_loopback(),
        Host::Ipv6(ip) => ip.is_loopback(),
    }
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
            validate_base_url("HTTPS://API.example.vn:8443/base", false).as_deref(),
            Ok("https://api.example.vn:8443/base")
        );
    }

    #[test]
    fn plain_http_is_refused_to_other_machines_unless_allowed() {
        for url in [
            "http://api.example.vn",
            "http://192.168.1.20:8787",
            "http://[2001:db8::1]:8787",
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
            "http://127.1:8787",
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
            Err(BaseUrlError::Malformed)
        );
    }

    /// Finding 9 of issue 14: the host is the one the URL parser (and so the HTTP client)
    /// reads, not a guess from the text. A backslash ends the authority in the WHATWG rules, so
    /// `http://evil.example\@127.0.0.1` goes to `evil.example`.
    #[test]
    fn finding_9_the_host_checked_is_the_host_the_parser_reads() {
        for url in [
            "http://evil.example\\@127.0.0.1",
            "http://evil.example\\@127.0.0.1:8787/",
            "http://evil.example\\@localhost",
            "http://evil.example#@127.0.0.1",
            "http://evil.example?@127.0.0.1",
        ] {
            let parsed = url::Url::parse(url).ok();
            let host = parsed.as_ref().and_then(|u| u.host_str());
            assert_ne!(host, Some("127.0.0.1"), "{url}: the parser's host");
            assert!(
                validate_base_url(url, false).is_err(),
                "{url} accepted as loopback"
            );
            assert!(!is_loopback_base_url(url), "{url} taken for loopback");
        }
        assert_eq!(
            validate_base_url("http://evil.example\\@127.0.0.1", false),
            Err(BaseUrlError::Insecure {
                host: "evil.example".into()
            })
        );
    }

    #[test]
    fn finding_9_credentials_queries_and_fragments_are_refused() {
        for url in [
            "http://user@127.0.0.1:8787",
            "http://127.0.0.1@evil.example",
            "http://evil.example%5C@127.0.0.1",
            "https://user:secret@api.example.vn",
            "https://api.example.vn/?next=http://127.0.0.1",
            "https://api.example.vn/#x",
        ] {
            assert_eq!(
                validate_base_url(url, true),
                Err(BaseUrlError::NotABase),
                "{url}"
            );
        }
    }

    #[test]
    fn finding_9_loopback_links_are_decided_by_the_parser() {
        for url in [
            "http://127.0.0.1:8787",
            "http://localhost:8787/",
            "HTTP://[::1]:9000",
            "http://127.1:8787",
        ] {
            assert!(is_loopback_base_url(url), "{url} refused");
        }
        for url in [
            "https://reception.example.org",
            "http://192.168.1.10:8787",
            "http://127.0.0.1@example.org",
            "http://localhost.evil.example",
            "javascript:alert(1)",
            "",
        ] {
            assert!(!is_loopback_base_url(url), "{url} accepted");
        }
    }
}
