//! The slow jobs — the photo pipeline and reading a card's QR code — as data: what is asked
//! ([`Job`]), what is answered ([`Answer`]), and [`do_job`], which does one wherever it runs
//! (a thread of its own on desktop and mobile; on the web, the worker of `web_worker`, or the
//! page when no worker can run).

use super::photos::{read_card, run_pipeline, ProcessedPhoto};
use serde::{Deserialize, Serialize};
use vssid_core::fields::FieldError;
use vssid_core::flow::PhotoSlot;
use vssid_core::qr::CardFacts;

/// What the page asks of the worker; the picture travels beside it as bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "job")]
pub enum Job {
    /// The photo pipeline for this slot, on the raw picture.
    Photo { slot: PhotoSlot },
    /// The card's facts from the QR code on a photo of an ID card.
    CardQr,
}

/// What the worker answers; a processed photo's bytes travel beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Photo(Result<PhotoFacts, FieldError>),
    CardQr(Result<Box<CardFacts>, FieldError>),
}

/// A processed photo's size and warnings (its bytes come apart).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoFacts {
    pub width: u32,
    pub height: u32,
    pub warnings: Vec<FieldError>,
}

/// Does `job` on `bytes` where it is asked: in the worker, or on the page when it falls
/// back. The answer and the bytes that go with it (a processed photo; empty otherwise).
pub fn do_job(job: Job, bytes: &[u8]) -> (Answer, Vec<u8>) {
    match job {
        Job::Photo { slot } => match run_pipeline(slot, bytes) {
            Ok(photo) => (
                Answer::Photo(Ok(PhotoFacts {
                    width: photo.width,
                    height: photo.height,
                    warnings: photo.warnings,
                })),
                photo.bytes,
            ),
            Err(error) => (Answer::Photo(Err(error)), Vec::new()),
        },
        Job::CardQr => (Answer::CardQr(read_card(bytes).map(Box::new)), Vec::new()),
    }
}

impl Job {
    /// The name of the thread that does this job on desktop and mobile.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    pub fn thread_name(self) -> &'static str {
        match self {
            Job::Photo { .. } => "photo-pipeline",
            Job::CardQr => "card-qr",
        }
    }
}

impl Answer {
    /// The processed photo this answer and its bytes carry; `None` when it answers another
    /// job.
    pub fn into_photo(self, bytes: Vec<u8>) -> Option<Result<ProcessedPhoto, FieldError>> {
        match self {
            Answer::Photo(Ok(facts)) => Some(Ok(ProcessedPhoto {
                bytes,
                width: facts.width,
                height: facts.height,
                warnings: facts.warnings,
            })),
            Answer::Photo(Err(error)) => Some(Err(error)),
            Answer::CardQr(_) => None,
        }
    }

    /// The card's facts this answer carries, or why none were read; `None` when it answers
    /// another job.
    pub fn into_card(self) -> Option<Result<CardFacts, FieldError>> {
        match self {
            Answer::CardQr(card) => Some(card.map(|card| *card)),
            Answer::Photo(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What crosses to the worker and back is JSON: the answer must come back whole.
    fn through_json(job: Job, bytes: &[u8]) -> (Answer, Vec<u8>) {
        let job: Job = serde_json::from_str(&serde_json::to_string(&job).unwrap()).unwrap();
        let (answer, out) = do_job(job, bytes);
        let back: Answer = serde_json::from_str(&serde_json::to_string(&answer).unwrap()).unwrap();
        assert_eq!(back, answer);
        (back, out)
    }

    fn noisy_jpeg(width: u32, height: u32) -> Vec<u8> {
        vssid_testkit::jpeg::jpeg(width, height, 2, 90)
    }

    #[test]
    fn a_photo_prepared_as_a_job_is_the_pipelines_own_photo() {
        let raw = noisy_jpeg(1200, 900);
        let (answer, bytes) = through_json(
            Job::Photo {
                slot: PhotoSlot::IdFront,
            },
            &raw,
        );
        let from_job = answer.into_photo(bytes).unwrap().unwrap();
        let direct = run_pipeline(PhotoSlot::IdFront, &raw).unwrap();
        assert_eq!(from_job, direct);
        assert!(from_job.bytes.starts_with(&[0xff, 0xd8]));
    }

    #[test]
    fn a_picture_the_pipeline_refuses_comes_back_as_its_error() {
        let (answer, bytes) = through_json(
            Job::Photo {
                slot: PhotoSlot::Portrait,
            },
            b"%PDF-1.7 not a picture",
        );
        assert!(bytes.is_empty());
        let error = answer.clone().into_photo(bytes).unwrap().unwrap_err();
        assert_eq!(
            error,
            run_pipeline(PhotoSlot::Portrait, b"%PDF-1.7 not a picture").unwrap_err()
        );
        assert_eq!(answer.into_card(), None);
    }

    #[test]
    fn a_photo_without_a_qr_code_gives_no_card_and_says_why() {
        let (answer, bytes) = through_json(Job::CardQr, &noisy_jpeg(640, 480));
        assert!(bytes.is_empty());
        let why = answer.clone().into_card().unwrap().unwrap_err();
        assert_eq!(why, read_card(&noisy_jpeg(640, 480)).unwrap_err());
        assert_eq!(why.code, "qr_not_found");
        assert_eq!(answer.into_photo(Vec::new()), None);
    }
}
