//! A tiny HTTP server on loopback that gives every request the same answer: a service that
//! redirects, or the place a redirect points to. It answers CORS preflights itself (so a
//! browser's request gets through to the answer), and counts the requests it read.

use std::io::{Read, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// The server, on its own thread for as long as the test runs.
pub struct LoopbackServer {
    port: u16,
    requests: Arc<AtomicUsize>,
    answered: Arc<AtomicUsize>,
}

/// The preflight answer: any origin, the methods and headers a registration uses.
const PREFLIGHT: &str = "HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: *\r\nAccess-Control-Allow-Methods: GET, POST, OPTIONS\r\nAccess-Control-Allow-Headers: *\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

impl LoopbackServer {
    /// Starts a server answering every request but preflights with `answer`, a whole
    /// HTTP/1.1 response.
    pub fn start(answer: impl Into<String>) -> LoopbackServer {
        let answer = answer.into();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind on loopback");
        let port = listener.local_addr().expect("its address").port();
        let requests = Arc::new(AtomicUsize::new(0));
        let answered = Arc::new(AtomicUsize::new(0));
        let (all, counted) = (requests.clone(), answered.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let request = read_request(&mut stream);
                all.fetch_add(1, Ordering::SeqCst);
                let reply = if request.starts_with(b"OPTIONS ") {
                    PREFLIGHT
                } else {
                    counted.fetch_add(1, Ordering::SeqCst);
                    &answer
                };
                let _ = stream.write_all(reply.as_bytes());
            }
        });
        LoopbackServer {
            port,
            requests,
            answered,
        }
    }

    /// A server answering every request with `status` and an empty body.
    pub fn with_status(status: &str) -> LoopbackServer {
        LoopbackServer::start(format!(
            "HTTP/1.1 {status}\r\nAccess-Control-Allow-Origin: *\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ))
    }

    /// A server answering every request with `307 Temporary Redirect` to `location`.
    pub fn redirecting_to(location: &str) -> LoopbackServer {
        LoopbackServer::start(format!(
            "HTTP/1.1 307 Temporary Redirect\r\nLocation: {location}\r\nAccess-Control-Allow-Origin: *\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ))
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Every request read so far, preflights included.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// The requests given the answer (all but the preflights).
    pub fn answered(&self) -> usize {
        self.answered.load(Ordering::SeqCst)
    }
}

/// Reads one request (its head and a `Content-Length` body), or what came before the
/// client closed.
fn read_request(stream: &mut std::net::TcpStream) -> Vec<u8> {
    let mut request = Vec::new();
    let mut buffer = [0u8; 64 * 1024];
    while crate::http::request_length(&request).is_none() {
        let read = stream.read(&mut buffer).unwrap_or(0);
        if read == 0 {
            break;
        }
        request.extend_from_slice(&buffer[..read]);
    }
    request
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exchange(port: u16, request: &str) -> String {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    }

    #[test]
    fn every_request_gets_the_answer_and_preflights_are_let_through() {
        let target = LoopbackServer::with_status("404 Not Found");
        let server = LoopbackServer::redirecting_to(&format!("{}/collect", target.base_url()));
        let answer = exchange(
            server.port(),
            "POST /v1/registrations HTTP/1.1\r\nContent-Length: 4\r\n\r\nbody",
        );
        assert!(answer.starts_with("HTTP/1.1 307"), "{answer}");
        assert!(answer.contains(&format!(
            "Location: http://127.0.0.1:{}/collect\r\n",
            target.port()
        )));
        let preflight = exchange(server.port(), "OPTIONS / HTTP/1.1\r\n\r\n");
        assert!(preflight.starts_with("HTTP/1.1 204"), "{preflight}");
        assert_eq!((server.requests(), server.answered()), (2, 1));
        assert_eq!(target.requests(), 0);
    }
}
