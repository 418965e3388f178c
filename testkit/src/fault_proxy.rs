//! A fault proxy on loopback: one HTTP/1.1 request per connection, passed to the service or
//! disturbed on the way (dropped before or after forwarding, held past the client's timeout,
//! reset, answered short, or answered 500/502/503/429 by the proxy).
//!
//! Which requests are disturbed is the [`FaultPlan`]'s: the first few with one fault (a test
//! of one retry path), or drawn from a seed, its `Idempotency-Key` and which attempt of that
//! key it is, so that a chaos run is repeatable whatever order concurrent requests arrive in.

use crate::hash::{fnv1a, splitmix64};
use crate::http::{header, request_length};
use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the proxy does with one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fault {
    /// Pass the request and the answer through.
    None,
    /// Read the request, close the client's connection; the service never sees it.
    DropBeforeForward,
    /// Deliver the request, read the service's answer, close the client's connection.
    DropAfterForward,
    /// Hold the request past the client's timeout, then deliver it (the client has gone,
    /// and its retry may reach the service at the same time).
    DelayBeforeForward,
    /// Deliver the request, hold the answer past the client's timeout.
    DelayAfterForward,
    /// Reset the client's connection (TCP RST) without forwarding.
    ResetBeforeForward,
    /// Deliver the request, then reset the client's connection.
    ResetAfterForward,
    /// Deliver the request, pass the answer's head and half its body, close.
    TruncateResponse,
    /// Answer 500 without forwarding.
    Status500,
    /// Deliver the request, then answer 502 instead of the service's answer.
    Status502AfterForward,
    /// Answer 503 with `Retry-After: 1` without forwarding.
    Status503,
    /// Answer 429 with `Retry-After: 1` without forwarding.
    Status429,
}

impl Fault {
    /// Every fault the proxy injects (not `None`).
    pub const INJECTED: [Fault; 11] = [
        Fault::DropBeforeForward,
        Fault::DropAfterForward,
        Fault::DelayBeforeForward,
        Fault::DelayAfterForward,
        Fault::ResetBeforeForward,
        Fault::ResetAfterForward,
        Fault::TruncateResponse,
        Fault::Status500,
        Fault::Status502AfterForward,
        Fault::Status503,
        Fault::Status429,
    ];

    /// A stable name for reports.
    pub fn name(self) -> &'static str {
        match self {
            Fault::None => "none",
            Fault::DropBeforeForward => "drop_before_forward",
            Fault::DropAfterForward => "drop_after_forward",
            Fault::DelayBeforeForward => "delay_before_forward",
            Fault::DelayAfterForward => "delay_after_forward",
            Fault::ResetBeforeForward => "reset_before_forward",
            Fault::ResetAfterForward => "reset_after_forward",
            Fault::TruncateResponse => "truncate_response",
            Fault::Status500 => "status_500",
            Fault::Status502AfterForward => "status_502_after_forward",
            Fault::Status503 => "status_503_retry_after",
            Fault::Status429 => "status_429_retry_after",
        }
    }
}

/// Which requests the proxy disturbs.
#[derive(Debug, Clone, Copy)]
pub enum Schedule {
    /// The first `count` requests get `fault`; later ones pass.
    First { fault: Fault, count: u64 },
    /// A share of the requests (`fault_rate`, 0 to 1) drawn from `seed`, spread evenly over
    /// [`Fault::INJECTED`].
    Seeded { seed: u64, fault_rate: f64 },
}

/// How the proxy disturbs requests.
#[derive(Debug, Clone, Copy)]
pub struct FaultPlan {
    pub schedule: Schedule,
    /// How long the delay faults hold (longer than the client's attempt timeout).
    pub hold: Duration,
    /// The `Retry-After` of the proxy's own 503 and 429 answers, in seconds.
    pub retry_after: u32,
}

impl FaultPlan {
    /// `fault_rate` of the requests disturbed, drawn from `seed`; delays hold for `hold`.
    pub fn seeded(seed: u64, fault_rate: f64, hold: Duration) -> FaultPlan {
        FaultPlan {
            schedule: Schedule::Seeded { seed, fault_rate },
            hold,
            retry_after: 1,
        }
    }

    /// The first `count` requests get `fault`; a 503 asks for a retry at once, delays hold
    /// for a second (see [`FaultPlan::holding`]).
    pub fn first(count: u64, fault: Fault) -> FaultPlan {
        FaultPlan {
            schedule: Schedule::First { fault, count },
            hold: Duration::from_secs(1),
            retry_after: 0,
        }
    }

    /// The same plan with delays of `hold`.
    pub fn holding(self, hold: Duration) -> FaultPlan {
        FaultPlan { hold, ..self }
    }

    /// The fault for the `index`-th request read (from 0), attempt `attempt` (from 1) of the
    /// request with this key.
    pub fn fault_for(&self, index: u64, key: Option<&str>, attempt: u32) -> Fault {
        match self.schedule {
            Schedule::First { fault, count } if index < count => fault,
            Schedule::First { .. } => Fault::None,
            Schedule::Seeded { seed, fault_rate } => {
                let Some(key) = key else {
                    return Fault::None;
                };
                let draw = splitmix64(
                    seed ^ fnv1a(key.as_bytes()) ^ u64::from(attempt).wrapping_mul(0xA076_1D64),
                );
                let unit = (draw >> 11) as f64 / (1u64 << 53) as f64;
                if unit >= fault_rate {
                    return Fault::None;
                }
                Fault::INJECTED[(splitmix64(draw) % Fault::INJECTED.len() as u64) as usize]
            }
        }
    }
}

/// What the proxy saw and did.
#[derive(Debug, Default, Clone)]
pub struct ProxyCounts {
    /// Requests read completely from clients.
    pub requests: u64,
    /// Faults injected, by kind name.
    pub faults: BTreeMap<&'static str, u64>,
    /// Requests that found no service listening (it was being restarted): answered 502.
    pub upstream_down: u64,
    /// Requests whose answer was cut by the service dying: the client's connection is closed.
    pub upstream_cut: u64,
}

/// The proxy, running in the background on a loopback port.
pub struct FaultProxy {
    pub addr: SocketAddr,
    counts: Arc<Mutex<ProxyCounts>>,
    task: tokio::task::JoinHandle<()>,
}

struct Shared {
    upstream: SocketAddr,
    plan: FaultPlan,
    attempts: Mutex<HashMap<String, u32>>,
    counts: Arc<Mutex<ProxyCounts>>,
}

impl FaultProxy {
    /// Starts the proxy in front of `upstream`.
    pub async fn start(upstream: SocketAddr, plan: FaultPlan) -> std::io::Result<FaultProxy> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let counts = Arc::new(Mutex::new(ProxyCounts::default()));
        let shared = Arc::new(Shared {
            upstream,
            plan,
            attempts: Mutex::new(HashMap::new()),
            counts: counts.clone(),
        });
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                tokio::spawn(handle(client, shared.clone()));
            }
        });
        Ok(FaultProxy { addr, counts, task })
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A copy of the counts so far.
    pub fn counts(&self) -> ProxyCounts {
        self.counts.lock().map(|c| c.clone()).unwrap_or_default()
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A request as read: its head (without the blank line), body, and idempotency key.
struct Request {
    head: String,
    body: Vec<u8>,
    key: Option<String>,
}

/// Reads one request with a `Content-Length` body; `None` if the client went away first.
async fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut data = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    let read = async {
        loop {
            let n = stream.read(&mut buf).await.ok()?;
            if n == 0 {
                return None;
            }
            data.extend_from_slice(&buf[..n]);
            let Some(length) = request_length(&data) else {
                continue;
            };
            let end = data.windows(4).position(|w| w == b"\r\n\r\n")?;
            let head = String::from_utf8_lossy(&data[..end]).into_owned();
            let key = header(&head, "idempotency-key");
            let body = data[end + 4..length].to_vec();
            return Some(Request { head, body, key });
        }
    };
    tokio::time::timeout(Duration::from_secs(60), read)
        .await
        .ok()
        .flatten()
}

/// The request as sent to the service: the same, asking it to close the connection after
/// answering (so the answer ends where the stream ends).
fn upstream_bytes(request: &Request) -> Vec<u8> {
    let mut lines = request.head.split("\r\n");
    let mut out = String::new();
    out.push_str(lines.next().unwrap_or_default());
    out.push_str("\r\n");
    for line in lines {
        let is_connection = line
            .split_once(':')
            .is_some_and(|(n, _)| n.trim().eq_ignore_ascii_case("connection"));
        if !is_connection {
            out.push_str(line);
            out.push_str("\r\n");
        }
    }
    out.push_str("Connection: close\r\n\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(&request.body);
    bytes
}

/// What became of a forwarded request.
enum Forwarded {
    /// The service's whole answer.
    Answer(Vec<u8>),
    /// Nobody listened.
    Down,
    /// The service took the request but its answer was cut (it died).
    Cut,
}

async fn forward(upstream: SocketAddr, request: &Request) -> Forwarded {
    let Ok(mut server) = TcpStream::connect(upstream).await else {
        return Forwarded::Down;
    };
    let exchange = async {
        server.write_all(&upstream_bytes(request)).await?;
        let mut answer = Vec::new();
        server.read_to_end(&mut answer).await?;
        Ok::<_, std::io::Error>(answer)
    };
    match tokio::time::timeout(Duration::from_secs(60), exchange).await {
        Ok(Ok(answer)) if !answer.is_empty() => Forwarded::Answer(answer),
        _ => Forwarded::Cut,
    }
}

fn plain_answer(status: &str, retry_after: Option<u32>) -> Vec<u8> {
    let body = status.as_bytes();
    let retry = match retry_after {
        Some(seconds) => format!("Retry-After: {seconds}\r\n"),
        None => String::new(),
    };
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/plain\r\n{retry}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

async fn reset(client: TcpStream) {
    let _ = client.set_zero_linger();
    drop(client);
}

async fn handle(mut client: TcpStream, shared: Arc<Shared>) {
    let Some(request) = read_request(&mut client).await else {
        return;
    };
    let attempt = match &request.key {
        Some(key) => {
            let Ok(mut attempts) = shared.attempts.lock() else {
                return;
            };
            let n = attempts.entry(key.to_ascii_lowercase()).or_insert(0);
            *n += 1;
            *n
        }
        None => 1,
    };
    let fault = {
        let Ok(mut counts) = shared.counts.lock() else {
            return;
        };
        let fault = shared
            .plan
            .fault_for(counts.requests, request.key.as_deref(), attempt);
        counts.requests += 1;
        if fault != Fault::None {
            *counts.faults.entry(fault.name()).or_insert(0) += 1;
        }
        fault
    };
    let (hold, retry_after) = (shared.plan.hold, Some(shared.plan.retry_after));
    match fault {
        Fault::DropBeforeForward => return,
        Fault::ResetBeforeForward => return reset(client).await,
        Fault::Status500 => {
            let _ = client
                .write_all(&plain_answer("500 Internal Server Error", None))
                .await;
            let _ = client.shutdown().await;
            return;
        }
        Fault::Status503 => {
            let _ = client
                .write_all(&plain_answer("503 Service Unavailable", retry_after))
                .await;
            let _ = client.shutdown().await;
            return;
        }
        Fault::Status429 => {
            let _ = client
                .write_all(&plain_answer("429 Too Many Requests", retry_after))
                .await;
            let _ = client.shutdown().await;
            return;
        }
        Fault::DelayBeforeForward => tokio::time::sleep(hold).await,
        _ => {}
    }
    let answer = match forward(shared.upstream, &request).await {
        Forwarded::Answer(answer) => answer,
        Forwarded::Down => {
            if let Ok(mut counts) = shared.counts.lock() {
                counts.upstream_down += 1;
            }
            let _ = client
                .write_all(&plain_answer("502 Bad Gateway", None))
                .await;
            let _ = client.shutdown().await;
            return;
        }
        Forwarded::Cut => {
            if let Ok(mut counts) = shared.counts.lock() {
                counts.upstream_cut += 1;
            }
            return;
        }
    };
    let to_client = match fault {
        Fault::DropAfterForward => return,
        Fault::ResetAfterForward => return reset(client).await,
        Fault::Status502AfterForward => plain_answer("502 Bad Gateway", None),
        Fault::DelayAfterForward => {
            tokio::time::sleep(hold).await;
            answer
        }
        Fault::TruncateResponse => {
            let body_at = answer
                .windows(4)
                .position(|w| w == b"\r\n\r\n")
                .map_or(answer.len(), |end| end + 4);
            let keep = body_at + (answer.len() - body_at) / 2;
            answer[..keep].to_vec()
        }
        _ => answer,
    };
    let _ = client.write_all(&to_client).await;
    let _ = client.shutdown().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seeded_plan_is_repeatable_and_near_its_rate() {
        let plan = FaultPlan::seeded(7, 0.4, Duration::from_secs(1));
        let faults: Vec<Fault> = (0..2000)
            .map(|i| plan.fault_for(i, Some(&format!("key-{i}")), 1))
            .collect();
        let again: Vec<Fault> = (0..2000)
            .map(|i| plan.fault_for(2000 - i, Some(&format!("key-{i}")), 1))
            .collect();
        assert_eq!(faults, again);
        let disturbed = faults.iter().filter(|f| **f != Fault::None).count();
        assert!((700..900).contains(&disturbed), "{disturbed}");
        assert_eq!(plan.fault_for(0, None, 1), Fault::None);
    }

    #[test]
    fn the_first_plan_disturbs_the_first_requests_only() {
        let plan = FaultPlan::first(2, Fault::Status503);
        let faults: Vec<Fault> = (0..4).map(|i| plan.fault_for(i, Some("k"), 1)).collect();
        assert_eq!(
            faults,
            [Fault::Status503, Fault::Status503, Fault::None, Fault::None]
        );
    }

    #[tokio::test]
    async fn a_503_from_the_proxy_then_the_service_answer_passes() {
        let service = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let upstream = service.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = service.accept().await {
                let _ = read_request(&mut stream).await;
                let _ = stream.write_all(&plain_answer("200 OK", None)).await;
            }
        });
        let proxy = FaultProxy::start(upstream, FaultPlan::first(1, Fault::Status503))
            .await
            .unwrap();
        let mut answers = Vec::new();
        for _ in 0..2 {
            let mut client = TcpStream::connect(proxy.addr).await.unwrap();
            client
                .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                .await
                .unwrap();
            let mut answer = String::new();
            client.read_to_string(&mut answer).await.unwrap();
            answers.push(answer);
        }
        assert!(answers[0].starts_with("HTTP/1.1 503"), "{}", answers[0]);
        assert!(answers[0].contains("Retry-After: 0\r\n"), "{}", answers[0]);
        assert!(answers[1].starts_with("HTTP/1.1 200"), "{}", answers[1]);
        let counts = proxy.counts();
        assert_eq!(counts.requests, 2);
        assert_eq!(counts.faults.get("status_503_retry_after"), Some(&1));
    }
}
