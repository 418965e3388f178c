//! The chaos run: the service as a child process behind the fault proxy, registrations sent
//! through the core's `ApiClient` (its retry policy and idempotency keys) by concurrent
//! workers, the service killed and restarted mid-run, then the database read back to count
//! what was stored once, twice, or not at all.
//!
//! With `database_url` (PostgreSQL) two instances run on that database, each behind its own
//! fault proxy, as behind a load balancer: a submission's rounds alternate between them (a
//! retry that found one instance down goes to the other), instance A is the one killed and
//! restarted, and the audit reads the shared database (photos in it) and both outboxes.

use super::service::ServiceProcess;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use vssid_client::{ApiClient, RetryPolicy, SubmitProgress};
use vssid_core::api::RegistrationRequest;
use vssid_testkit::fault_proxy::{FaultPlan, FaultProxy, ProxyCounts};
use vssid_testkit::jpeg::small_photos;
use vssid_testkit::sample::numbered_submission;

/// What to run.
#[derive(Debug, Clone)]
pub struct ChaosOptions {
    /// The `vssid-reception` binary.
    pub binary: PathBuf,
    pub submissions: u32,
    pub concurrency: usize,
    pub seed: u64,
    pub fault_rate: f64,
    /// How many times the service is killed (SIGKILL) and restarted, spread over the run.
    pub restarts: u32,
    /// The client's per-attempt timeout; the proxy's delays hold 500 ms longer.
    pub attempt_timeout: Duration,
    /// How many times a submission is sent again (same key) after the client gave up with a
    /// "try again later" error, as the app's outbox does.
    pub max_rounds: u32,
    /// Two instances on this PostgreSQL database instead of one on SQLite.
    pub database_url: Option<String>,
}

impl ChaosOptions {
    pub fn new(binary: PathBuf) -> ChaosOptions {
        ChaosOptions {
            binary,
            submissions: 100,
            concurrency: 8,
            seed: 1,
            fault_rate: 0.4,
            restarts: 2,
            attempt_timeout: Duration::from_millis(1500),
            max_rounds: 10,
            database_url: None,
        }
    }
}

/// What happened.
#[derive(Debug, Clone, Default)]
pub struct ChaosReport {
    pub attempted: u32,
    /// Submissions the client got a receipt for.
    pub succeeded: u32,
    /// Submissions the service refused for good (must be 0: the data is valid).
    pub refused: u32,
    /// Submissions still without a receipt after every round (must be 0).
    pub unfinished: u32,
    /// Records beyond the first for the same person (must be 0).
    pub duplicated: u32,
    /// Receipts whose registration is not in the database under the same id (must be 0).
    pub lost: u32,
    /// Records nobody submitted (must be 0).
    pub unknown_records: u32,
    /// Stored registrations whose photo files are missing (must be 0).
    pub photos_missing: u32,
    /// Stored registrations without their first e-mail in the outbox (written before the
    /// answer; after a kill in between, by the client's retry or the next start).
    pub first_mails_missing: u32,
    pub restarts: u32,
    /// HTTP attempts made by the clients, and rounds beyond the first.
    pub client_attempts: u64,
    pub extra_rounds: u64,
    pub proxy: ProxyCounts,
    pub records: u32,
    pub elapsed: Duration,
}

impl ChaosReport {
    /// Whether every registration is stored exactly once with its photos and first e-mail,
    /// and every client got its receipt.
    pub fn is_clean(&self) -> bool {
        self.duplicated == 0
            && self.lost == 0
            && self.unfinished == 0
            && self.refused == 0
            && self.unknown_records == 0
            && self.photos_missing == 0
            && self.first_mails_missing == 0
    }

    pub fn print(&self) {
        println!("attempted      {}", self.attempted);
        println!("succeeded      {}", self.succeeded);
        println!("duplicated     {}", self.duplicated);
        println!("lost           {}", self.lost);
        println!("refused        {}", self.refused);
        println!("unfinished     {}", self.unfinished);
        println!("records        {}", self.records);
        println!("unknown        {}", self.unknown_records);
        println!("photos missing {}", self.photos_missing);
        println!("mails missing  {}", self.first_mails_missing);
        println!("restarts       {}", self.restarts);
        println!(
            "client attempts {}, extra rounds {}",
            self.client_attempts, self.extra_rounds
        );
        println!(
            "proxy: requests {}, upstream down (502) {}, upstream cut {}",
            self.proxy.requests, self.proxy.upstream_down, self.proxy.upstream_cut
        );
        let injected: u64 = self.proxy.faults.values().sum();
        println!("faults injected {injected}:");
        for (kind, count) in &self.proxy.faults {
            println!("  {kind:<26} {count}");
        }
        println!("elapsed        {:.1} s", self.elapsed.as_secs_f64());
    }
}

/// How one submission ended.
enum Settled {
    Accepted { id: String },
    Refused,
    Unfinished,
}

/// Runs the whole scenario in `work_dir` (the service's data goes to `<work_dir>/data`).
pub async fn run_chaos(options: &ChaosOptions, work_dir: &Path) -> std::io::Result<ChaosReport> {
    let started = Instant::now();
    let data_dir = work_dir.join("data");
    let mut env = vec![
        // Every submission comes from 127.0.0.1: no rate limit and no hourly quota per
        // address (each has its own e-mail address, so the recipient cap stays on).
        ("VSSID_RATE_PER_SECOND", "0"),
        ("VSSID_REGISTRATIONS_PER_ADDRESS_PER_HOUR", "0"),
    ];
    if let Some(url) = &options.database_url {
        env.push(("VSSID_DATABASE_URL", url.as_str()));
    }
    let service = ServiceProcess::start(&options.binary, &data_dir, &env)?;
    let second = match &options.database_url {
        Some(_) => Some(ServiceProcess::start(
            &options.binary,
            &work_dir.join("data-b"),
            &env,
        )?),
        None => None,
    };
    let database = service.database_path();
    let outboxes: Vec<PathBuf> = std::iter::once(data_dir.join("outbox"))
        .chain(second.as_ref().map(|b| b.data_dir().join("outbox")))
        .collect();
    let photos_dir = data_dir.join("photos");
    let plan = FaultPlan::seeded(
        options.seed,
        options.fault_rate,
        options.attempt_timeout + Duration::from_millis(500),
    );
    let proxy = FaultProxy::start(service.addr, plan).await?;
    let proxy_b = match &second {
        Some(b) => Some(FaultProxy::start(b.addr, plan).await?),
        None => None,
    };
    let policy = RetryPolicy {
        max_attempts: 4,
        base_delay: Duration::from_millis(50),
        max_delay: Duration::from_millis(400),
        max_retry_after: Duration::from_secs(2),
        attempt_timeout: options.attempt_timeout,
    };
    let clients: Vec<ApiClient> = std::iter::once(proxy.base_url())
        .chain(proxy_b.as_ref().map(|b| b.base_url()))
        .map(|url| {
            ApiClient::new(&url)
                .map(|c| c.with_policy(policy.clone()))
                .map_err(|e| std::io::Error::other(format!("client: {e:?}")))
        })
        .collect::<Result<_, _>>()?;
    let clients = Arc::new(clients);

    let photos = Arc::new(small_photos());
    let submissions: Vec<_> = (0..options.submissions)
        .map(|n| numbered_submission(n, &photos))
        .collect();
    let submissions = Arc::new(submissions);
    let next = Arc::new(AtomicUsize::new(0));
    let settled_count = Arc::new(AtomicUsize::new(0));
    let attempts = Arc::new(AtomicU64::new(0));
    let extra_rounds = Arc::new(AtomicU64::new(0));
    let outcomes: Arc<Mutex<Vec<Option<Settled>>>> =
        Arc::new(Mutex::new((0..options.submissions).map(|_| None).collect()));

    // Kills and restarts at even points of the run, measured in settled submissions.
    let service = Arc::new(Mutex::new(service));
    let restarter = {
        let (service, settled_count) = (service.clone(), settled_count.clone());
        let total = options.submissions as usize;
        let points: Vec<usize> = (1..=options.restarts as usize)
            .map(|i| total * i / (options.restarts as usize + 1))
            .collect();
        tokio::spawn(async move {
            for point in points {
                while settled_count.load(Ordering::SeqCst) < point {
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
                let service = service.clone();
                tokio::task::spawn_blocking(move || {
                    let mut service = service
                        .lock()
                        .map_err(|_| std::io::Error::other("the service handle was poisoned"))?;
                    service.restart(Duration::from_millis(300))
                })
                .await
                .map_err(std::io::Error::other)??;
            }
            Ok::<(), std::io::Error>(())
        })
    };

    let mut workers = Vec::new();
    for _ in 0..options.concurrency {
        let (clients, submissions, next) = (clients.clone(), submissions.clone(), next.clone());
        let (settled_count, attempts, extra_rounds, outcomes) = (
            settled_count.clone(),
            attempts.clone(),
            extra_rounds.clone(),
            outcomes.clone(),
        );
        let max_rounds = options.max_rounds;
        workers.push(tokio::spawn(async move {
            loop {
                let index = next.fetch_add(1, Ordering::SeqCst);
                let Some(submission) = submissions.get(index) else {
                    break;
                };
                let mut settled = Settled::Unfinished;
                for round in 0..max_rounds {
                    if round > 0 {
                        extra_rounds.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(200)).await;
                    }
                    // With two instances, each round goes to the other one (a balancer
                    // sending the retry elsewhere); the first alternates by submission.
                    let client = &clients[(index + round as usize) % clients.len()];
                    let result = client
                        .submit(submission, |p| {
                            if matches!(p, SubmitProgress::Sending { .. }) {
                                attempts.fetch_add(1, Ordering::SeqCst);
                            }
                        })
                        .await;
                    match result {
                        Ok(receipt) => {
                            settled = Settled::Accepted { id: receipt.id };
                            break;
                        }
                        Err(error) if error.is_transient() => continue,
                        Err(error) => {
                            eprintln!("submission {index} refused: {error:?}");
                            settled = Settled::Refused;
                            break;
                        }
                    }
                }
                if let Ok(mut outcomes) = outcomes.lock() {
                    outcomes[index] = Some(settled);
                }
                settled_count.fetch_add(1, Ordering::SeqCst);
            }
        }));
    }
    for worker in workers {
        worker.await.map_err(std::io::Error::other)?;
    }
    restarter.await.map_err(std::io::Error::other)??;
    let mut counts = proxy.counts();
    if let Some(b) = &proxy_b {
        let more = b.counts();
        counts.requests += more.requests;
        counts.upstream_down += more.upstream_down;
        counts.upstream_cut += more.upstream_cut;
        for (kind, n) in more.faults {
            *counts.faults.entry(kind).or_default() += n;
        }
    }
    drop(second);
    let restarts = {
        let mut service = service
            .lock()
            .map_err(|_| std::io::Error::other("the service handle was poisoned"))?;
        // The last word is a kill too: whatever was acknowledged must be on disk.
        service.kill_hard()?;
        service.restarts
    };

    let outcomes: Vec<Option<Settled>> = std::mem::take(
        &mut *outcomes
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?,
    );
    let (stored, photo_files) = match &options.database_url {
        Some(url) => read_postgres_records(url)?,
        None => (
            read_records(&database).map_err(std::io::Error::other)?,
            Default::default(),
        ),
    };
    let mut report = ChaosReport {
        attempted: options.submissions,
        restarts,
        client_attempts: attempts.load(Ordering::SeqCst),
        extra_rounds: extra_rounds.load(Ordering::SeqCst),
        proxy: counts,
        records: stored.len() as u32,
        ..ChaosReport::default()
    };
    let mut by_person: HashMap<String, Vec<&StoredRecord>> = HashMap::new();
    for record in &stored {
        by_person
            .entry(record.person_id.clone())
            .or_default()
            .push(record);
    }
    let submitted_people: HashMap<String, usize> = submissions
        .iter()
        .enumerate()
        .map(|(i, s)| (s.request.form.person_id.clone(), i))
        .collect();
    for (person, records) in &by_person {
        if !submitted_people.contains_key(person) {
            report.unknown_records += records.len() as u32;
        }
        report.duplicated += records.len().saturating_sub(1) as u32;
    }
    for (submission, outcome) in submissions.iter().zip(&outcomes) {
        match outcome {
            Some(Settled::Accepted { id }) => {
                report.succeeded += 1;
                let found = by_person
                    .get(&submission.request.form.person_id)
                    .is_some_and(|records| {
                        records
                            .iter()
                            .any(|r| &r.id == id && r.key == submission.idempotency_key)
                    });
                if !found {
                    report.lost += 1;
                }
            }
            Some(Settled::Refused) => report.refused += 1,
            Some(Settled::Unfinished) | None => report.unfinished += 1,
        }
    }
    for record in &stored {
        let photos_present = record.photos.len() == 3
            && record.photos.iter().all(|sha| {
                photo_files.contains(sha) || photos_dir.join(format!("{sha}.jpg")).is_file()
            });
        if !photos_present {
            report.photos_missing += 1;
        }
        let first_mail = format!("{}-0.eml", record.reference);
        if !outboxes
            .iter()
            .any(|outbox| outbox.join(&first_mail).is_file())
        {
            report.first_mails_missing += 1;
        }
    }
    report.elapsed = started.elapsed();
    Ok(report)
}

/// A registration as read back from the database.
#[derive(Debug, Clone)]
pub struct StoredRecord {
    pub id: String,
    pub key: String,
    pub reference: String,
    pub person_id: String,
    /// The SHA-256 of each stored photo.
    pub photos: Vec<String>,
}

/// Every registration in the service's SQLite file (opened read-only after the service died).
pub fn read_records(database: &Path) -> Result<Vec<StoredRecord>, rusqlite::Error> {
    let connection = rusqlite::Connection::open_with_flags(
        database,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE,
    )?;
    let mut photos: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut statement = connection.prepare("SELECT registration_id, sha256 FROM photos")?;
    for row in statement.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get(1)?)))? {
        let (id, sha) = row?;
        photos.entry(id).or_default().push(sha);
    }
    let mut statement = connection
        .prepare("SELECT id, idempotency_key, reference, declaration_json FROM registrations")?;
    let rows = statement
        .query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows
        .into_iter()
        .map(|(id, key, reference, declaration)| {
            let person_id = serde_json::from_str::<RegistrationRequest>(&declaration)
                .map(|r| r.form.person_id)
                .unwrap_or_else(|_| format!("unreadable:{id}"));
            StoredRecord {
                photos: photos.remove(&id).unwrap_or_default(),
                id,
                key,
                reference,
                person_id,
            }
        })
        .collect())
}

/// Every registration in the PostgreSQL database, and the hashes of the photo files in it.
pub fn read_postgres_records(
    url: &str,
) -> std::io::Result<(Vec<StoredRecord>, std::collections::HashSet<String>)> {
    let url = url.to_string();
    // The synchronous client runs its own runtime: on a thread of its own.
    std::thread::spawn(move || {
        let mut client = postgres::Client::connect(&url, postgres::NoTls)?;
        let mut photos: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for row in client.query("SELECT registration_id, sha256 FROM photos", &[])? {
            photos.entry(row.get(0)).or_default().push(row.get(1));
        }
        let files = client
            .query("SELECT sha256 FROM photo_files", &[])?
            .iter()
            .map(|row| row.get(0))
            .collect();
        let records = client
            .query(
                "SELECT id, idempotency_key, reference, declaration_json FROM registrations",
                &[],
            )?
            .iter()
            .map(|row| {
                let id: String = row.get(0);
                let declaration: String = row.get(3);
                StoredRecord {
                    photos: photos.remove(&id).unwrap_or_default(),
                    person_id: serde_json::from_str::<RegistrationRequest>(&declaration)
                        .map(|r| r.form.person_id)
                        .unwrap_or_else(|_| format!("unreadable:{id}")),
                    id,
                    key: row.get(1),
                    reference: row.get(2),
                }
            })
            .collect();
        Ok::<_, postgres::Error>((records, files))
    })
    .join()
    .map_err(|_| std::io::Error::other("the database reader panicked"))?
    .map_err(std::io::Error::other)
}
