//! The web build's second thread: a dedicated Web Worker (`web/worker.js`, beside the page)
//! running this same wasm, which does the work that would hold up the page for seconds — the
//! photo pipeline and reading a card's QR code. The page posts it a [`Job`] with the
//! picture's bytes and awaits its [`Answer`] while it keeps drawing and answering taps (the
//! jobs themselves are in `worker_jobs`).
//!
//! The worker is started at the first job and kept. Where none can run (a browser without
//! module workers, a page served without `worker.js`), [`run`] answers
//! [`Unavailable::NoWorker`] and the caller does the work on the page, as before. A worker
//! that failed in the middle of a job answers [`Unavailable::Failed`] and is replaced at the
//! next job.

use super::worker_jobs::{do_job, Answer, Job};
use futures_channel::oneshot;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The worker's script, beside `index.html`.
const SCRIPT: &str = "worker.js";

/// The worker's side: `web/worker.js` calls this for each message with the job (JSON) and
/// the bytes, and posts back `[answer JSON, bytes]`.
#[wasm_bindgen(js_name = vssidWorkerJob)]
pub fn worker_job(job: &str, bytes: Vec<u8>) -> Result<js_sys::Array, JsError> {
    let job: Job = serde_json::from_str(job)?;
    let (answer, out) = do_job(job, &bytes);
    drop(bytes);
    let answer = serde_json::to_string(&answer)?;
    let out = js_sys::Uint8Array::from(out.as_slice());
    Ok(js_sys::Array::of2(&JsValue::from_str(&answer), &out))
}

/// Why the worker gave no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unavailable {
    /// No worker can run here: do the work on the page.
    NoWorker,
    /// The worker stopped during the job (it is replaced at the next one).
    Failed,
}

/// How the worker is doing, as its event handlers see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Health {
    /// Started; its wasm is not ready yet.
    Starting,
    Ready,
    /// It failed; `was_ready` tells whether it ever ran (if not, none can run here).
    Broken {
        was_ready: bool,
    },
}

type Reply = Result<(String, Vec<u8>), Unavailable>;
type Waiting = Rc<RefCell<HashMap<u32, oneshot::Sender<Reply>>>>;

struct Running {
    worker: web_sys::Worker,
    health: Rc<Cell<Health>>,
    waiting: Waiting,
    next_id: u32,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

enum State {
    NotStarted,
    Running(Running),
    /// No worker can run in this page.
    Unavailable,
}

thread_local! {
    static WORKER: RefCell<State> = const { RefCell::new(State::NotStarted) };
}

/// Every job still waiting gets `reply`.
fn answer_all(waiting: &Waiting, reply: Unavailable) {
    for (_, sender) in waiting.borrow_mut().drain() {
        let _ = sender.send(Err(reply));
    }
}

fn field(value: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// Starts the worker, or says that none can run here.
fn start() -> Option<Running> {
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Module);
    let worker = web_sys::Worker::new_with_options(SCRIPT, &options).ok()?;
    let health = Rc::new(Cell::new(Health::Starting));
    let waiting: Waiting = Rc::default();
    let on_message = {
        let (health, waiting) = (health.clone(), waiting.clone());
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let data = event.data();
            if field(&data, "ready").is_truthy() {
                health.set(Health::Ready);
                return;
            }
            if field(&data, "broken").is_truthy() {
                let was_ready = health.get() == Health::Ready;
                health.set(Health::Broken { was_ready });
                answer_all(&waiting, Unavailable::NoWorker);
                return;
            }
            let Some(id) = field(&data, "id").as_f64() else {
                return;
            };
            let Some(sender) = waiting.borrow_mut().remove(&(id as u32)) else {
                return;
            };
            let reply = match field(&data, "answer").as_string() {
                Some(answer) => {
                    let bytes = field(&data, "bytes")
                        .dyn_into::<js_sys::Uint8Array>()
                        .map(|array| array.to_vec())
                        .unwrap_or_default();
                    Ok((answer, bytes))
                }
                // The job threw (a panic in the wasm leaves that instance unusable).
                None => {
                    health.set(Health::Broken { was_ready: true });
                    Err(Unavailable::Failed)
                }
            };
            let _ = sender.send(reply);
        })
    };
    let on_error = {
        let (health, waiting) = (health.clone(), waiting.clone());
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_event: web_sys::Event| {
            let was_ready = health.get() == Health::Ready;
            health.set(Health::Broken { was_ready });
            let reply = if was_ready {
                Unavailable::Failed
            } else {
                Unavailable::NoWorker
            };
            answer_all(&waiting, reply);
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Some(Running {
        worker,
        health,
        waiting,
        next_id: 0,
        _on_message: on_message,
        _on_error: on_error,
    })
}

/// Posts `job` to the worker (started or replaced as needed) and returns where its reply
/// will arrive.
fn post(job: Job, bytes: &[u8]) -> Result<oneshot::Receiver<Reply>, Unavailable> {
    WORKER.with(|state| {
        let mut state = state.borrow_mut();
        make_ready(&mut state);
        let State::Running(running) = &mut *state else {
            return Err(Unavailable::NoWorker);
        };
        running.next_id = running.next_id.wrapping_add(1);
        let id = running.next_id;
        let message = js_sys::Object::new();
        let job = serde_json::to_string(&job).map_err(|_| Unavailable::Failed)?;
        let array = js_sys::Uint8Array::from(bytes);
        for (name, value) in [
            ("id", JsValue::from(id)),
            ("job", JsValue::from_str(&job)),
            ("bytes", array.clone().into()),
        ] {
            js_sys::Reflect::set(&message, &JsValue::from_str(name), &value)
                .map_err(|_| Unavailable::Failed)?;
        }
        let (sender, receiver) = oneshot::channel();
        running.waiting.borrow_mut().insert(id, sender);
        let transfer = js_sys::Array::of1(&array.buffer());
        if running
            .worker
            .post_message_with_transfer(&message, &transfer)
            .is_err()
        {
            running.waiting.borrow_mut().remove(&id);
            return Err(Unavailable::Failed);
        }
        Ok(receiver)
    })
}

/// Does `job` on `bytes` in the worker, while the page goes on.
pub async fn run(job: Job, bytes: &[u8]) -> Result<(Answer, Vec<u8>), Unavailable> {
    let receiver = post(job, bytes)?;
    let (answer, bytes) = receiver.await.map_err(|_| Unavailable::Failed)??;
    let answer = serde_json::from_str(&answer).map_err(|_| Unavailable::Failed)?;
    Ok((answer, bytes))
}

/// Starts the worker before its first job (when the photos screen opens), so that its wasm
/// is ready when a photo is chosen.
pub fn start_early() {
    WORKER.with(|state| make_ready(&mut state.borrow_mut()));
}

/// Lets a broken worker go (here, outside its own handlers) and starts one where none runs.
fn make_ready(state: &mut State) {
    if let State::Running(running) = &*state {
        if let Health::Broken { was_ready } = running.health.get() {
            running.worker.terminate();
            *state = if was_ready {
                State::NotStarted
            } else {
                State::Unavailable
            };
        }
    }
    if matches!(*state, State::NotStarted) {
        *state = match start() {
            Some(running) => State::Running(running),
            None => State::Unavailable,
        };
    }
}
