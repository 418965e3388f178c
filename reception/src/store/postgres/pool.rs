//! The PostgreSQL connections: a fixed set of worker threads, each owning one connection of
//! the synchronous `postgres` client, taking jobs from one queue.
//!
//! The synchronous client runs a small Tokio runtime of its own inside each connection, which
//! must not be entered from a thread that is already running async code. Keeping every
//! connection on a thread of its own makes the store callable from anywhere (a blocking task,
//! a plain thread, a CLI command, a test) while the store traits stay synchronous. A
//! connection found broken is opened again for the next job.

use crate::store::StoreError;
use postgres::{Client, NoTls};
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender};
use std::sync::{Arc, Mutex};

type Job = Box<dyn FnOnce(Result<&mut Client, StoreError>) + Send>;

/// Worker threads with one connection each.
pub(super) struct Pool {
    jobs: Mutex<Option<Sender<Job>>>,
    workers: Mutex<Vec<std::thread::JoinHandle<()>>>,
}

impl Pool {
    /// Starts `size` workers for the database at `url` (they connect on their first job).
    pub(super) fn start(url: &str, size: usize) -> Pool {
        let (jobs, queue) = channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        let workers = (0..size.max(1))
            .map(|index| {
                let queue = queue.clone();
                let url = url.to_string();
                std::thread::Builder::new()
                    .name(format!("vssid-pg-{index}"))
                    .spawn(move || work(&url, &queue))
                    .expect("a thread for a database connection")
            })
            .collect();
        Pool {
            jobs: Mutex::new(Some(jobs)),
            workers: Mutex::new(workers),
        }
    }

    /// Runs `work` on a connection and waits for its result.
    pub(super) fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Client) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let (reply, result) = sync_channel(1);
        let job: Job = Box::new(move |client| {
            let _ = reply.send(client.and_then(work));
        });
        let jobs = self.jobs.lock().map_err(|_| StoreError::Poisoned)?.clone();
        jobs.ok_or_else(|| StoreError::Unavailable("closed".into()))?
            .send(job)
            .map_err(|_| StoreError::Unavailable("their threads are gone".into()))?;
        result.recv().map_err(|_| {
            StoreError::Unavailable("the connection ended during the operation".into())
        })?
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        if let Ok(mut jobs) = self.jobs.lock() {
            jobs.take();
        }
        if let Ok(mut workers) = self.workers.lock() {
            for worker in workers.drain(..) {
                let _ = worker.join();
            }
        }
    }
}

/// A worker: takes jobs until the queue closes, (re)connecting as needed.
fn work(url: &str, queue: &Mutex<Receiver<Job>>) {
    let mut client: Option<Client> = None;
    loop {
        let job = match queue.lock() {
            Ok(queue) => match queue.recv() {
                Ok(job) => job,
                Err(_) => return,
            },
            Err(_) => return,
        };
        if client.as_ref().is_some_and(|c| c.is_closed()) {
            client = None;
        }
        if client.is_none() {
            match Client::connect(url, NoTls) {
                Ok(connected) => client = Some(connected),
                Err(error) => {
                    job(Err(StoreError::Postgres(error)));
                    continue;
                }
            }
        }
        let connection = client.as_mut().expect("connected above");
        // A job that panics (a bug) leaves its transaction rolled back by the client's drop
        // guard; the connection is dropped with it and opened again for the next job.
        let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(Ok(connection))));
        if ran.is_err() {
            client = None;
        }
    }
}
