//! Where the slow work runs — the photo pipeline and reading a card's QR code, each up to
//! seconds on a phone — so that the interface keeps drawing and answering: a thread of its
//! own on desktop and mobile ([`on_worker_thread`]), the page's Web Worker on the web
//! (`web_worker`), and the page itself, after it has drawn the progress, where no worker can
//! run.

use super::photos::{run_pipeline, PhotoBytes, PhotoProcessor, ProcessedPhoto};
use super::worker_jobs::{do_job, Answer, Job};
use super::BoxFuture;
use crate::i18n::Text;
use vssid_core::fields::FieldError;
use vssid_core::flow::PhotoSlot;
use vssid_core::qr::CardFacts;

/// Runs `job` on a thread of its own and waits for its answer without blocking; `None`
/// when the job panicked. Where no thread can be started, the job runs here.
#[cfg(not(target_arch = "wasm32"))]
pub fn on_worker_thread<T: Send + 'static>(
    name: &str,
    job: impl FnOnce() -> T + Send + 'static,
) -> BoxFuture<Option<T>> {
    let (sender, receiver) = futures_channel::oneshot::channel();
    // The job sits in a slot the thread takes it from, so it is still here if the thread
    // could not be started.
    let slot = std::sync::Arc::new(std::sync::Mutex::new(Some(job)));
    let for_thread = slot.clone();
    let started = std::thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            let job = for_thread.lock().ok().and_then(|mut j| j.take());
            if let Some(job) = job {
                let _ = sender.send(job());
            }
        });
    match started {
        Ok(_) => Box::pin(async move { receiver.await.ok() }),
        Err(_) => {
            let job = slot.lock().ok().and_then(|mut j| j.take());
            Box::pin(std::future::ready(job.map(|job| job())))
        }
    }
}

/// The real pipeline of `vssid_core::photo` ([`run_pipeline`]), run off the interface's
/// thread by [`PhotoProcessor::process_later`].
pub struct PipelineProcessor;

/// How long the web waits before the pipeline runs on the page, so that the "processing"
/// state is drawn first.
#[cfg(target_arch = "wasm32")]
const PAINT_WAIT_MS: u32 = 40;

impl PhotoProcessor for PipelineProcessor {
    fn process(&self, slot: PhotoSlot, raw: &[u8]) -> Result<ProcessedPhoto, FieldError> {
        run_pipeline(slot, raw)
    }

    fn process_later(
        &self,
        slot: PhotoSlot,
        raw: PhotoBytes,
    ) -> BoxFuture<Result<ProcessedPhoto, FieldError>> {
        off_the_interface(Job::Photo { slot }, raw, Answer::into_photo)
    }

    fn get_ready(&self) {
        #[cfg(target_arch = "wasm32")]
        super::web_worker::start_early();
    }
}

/// Reads the card's QR code in a photo off the interface's thread: its facts, or why none
/// were read.
pub fn read_card_later(bytes: PhotoBytes) -> BoxFuture<Result<CardFacts, FieldError>> {
    off_the_interface(Job::CardQr, bytes, |answer, _| answer.into_card())
}

/// Does `job` on `bytes` away from the interface's thread — the same [`do_job`] everywhere —
/// and reads its answer with `read`; a job that stopped without one (a panic, a worker
/// lost) is a failure the person reads.
fn off_the_interface<T: 'static>(
    job: Job,
    bytes: PhotoBytes,
    read: fn(Answer, Vec<u8>) -> Option<Result<T, FieldError>>,
) -> BoxFuture<Result<T, FieldError>> {
    #[cfg(not(target_arch = "wasm32"))]
    let done = on_worker_thread(job.thread_name(), move || do_job(job, &bytes));
    #[cfg(target_arch = "wasm32")]
    let done = off_the_page(job, bytes);
    Box::pin(async move {
        let (answer, out) = done.await.ok_or_else(processing_failed)?;
        read(answer, out).unwrap_or_else(|| Err(processing_failed()))
    })
}

/// Does `job` in the page's Web Worker or, where no worker can run, on the page once it has
/// drawn the progress: the answer and the bytes that go with it, or `None` when the worker
/// stopped during the job (as [`on_worker_thread`] answers for a thread).
#[cfg(target_arch = "wasm32")]
fn off_the_page(job: Job, bytes: PhotoBytes) -> BoxFuture<Option<(Answer, Vec<u8>)>> {
    use super::web_worker::{run, Unavailable};
    Box::pin(async move {
        match run(job, &bytes).await {
            Ok(done) => Some(done),
            Err(Unavailable::Failed) => None,
            Err(Unavailable::NoWorker) => {
                super::timer::sleep_ms(PAINT_WAIT_MS).await;
                Some(do_job(job, &bytes))
            }
        }
    })
}

/// The work stopped without an answer.
fn processing_failed() -> FieldError {
    Text::PhotoProcessingFailed.error("photo_processing_failed")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edges::photos::{read_card, sniff};

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        vssid_testkit::jpeg::jpeg(width, height, 1, 90)
    }

    #[test]
    fn a_worker_thread_hands_its_answer_back_and_survives_a_panic() {
        let caller = std::thread::current().id();
        let worker = pollster::block_on(on_worker_thread("test-worker", || {
            std::thread::current().id()
        }))
        .unwrap();
        assert_ne!(worker, caller);
        let panicked: Option<u8> =
            pollster::block_on(on_worker_thread("test-worker", || panic!("pipeline bug")));
        assert_eq!(panicked, None);
    }

    #[test]
    fn the_pipeline_off_the_interface_thread_answers_like_the_direct_call() {
        let raw = jpeg(640, 480);
        let direct = PipelineProcessor.process(PhotoSlot::IdFront, &raw).unwrap();
        let later =
            pollster::block_on(PipelineProcessor.process_later(PhotoSlot::IdFront, raw.into()))
                .unwrap();
        assert_eq!(later, direct);
        assert_eq!((later.width, later.height), (640, 480));
        assert_eq!(sniff(&later.bytes).unwrap().mime, "image/jpeg");

        let refused = pollster::block_on(
            PipelineProcessor.process_later(PhotoSlot::Portrait, b"%PDF-1.7".to_vec().into()),
        )
        .unwrap_err();
        let direct = PipelineProcessor
            .process(PhotoSlot::Portrait, b"%PDF-1.7")
            .unwrap_err();
        assert_eq!(refused, direct);
    }

    #[test]
    fn a_card_read_off_the_interface_thread_says_why_when_there_is_no_code() {
        let direct = read_card(&jpeg(640, 480)).unwrap_err();
        let later = pollster::block_on(read_card_later(jpeg(640, 480).into())).unwrap_err();
        assert_eq!(later, direct);
        assert_eq!(later.code, "qr_not_found");
    }
}
