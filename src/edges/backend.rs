//! The reception service as the app sees it: submit, verify the e-mail code, resend it;
//! after the receipt, withdraw the consent or get a copy of the data; the privacy notice and
//! the office list.
//!
//! The HTTP client of `vssid_client` plugs in by implementing [`Backend`]
//! ([`HttpBackend`]); [`FakeBackend`], the built-in demo service, accepts every registration
//! and the code `123456` (and answers the statuses the real service gives: `received`, then
//! `confirmed`; after that its office asks for a new portrait, then approves the corrections:
//! [`super::demo_office`]); [`NoReception`] stands in when no service can be used and sends nothing.
//! [`default_backend`] is the one place that chooses, from the configured [`Reception`].

use super::demo_office::DemoOffice;
use super::photos::PhotoStore;
use super::timer::sleep_ms;
use super::BoxFuture;
use crate::config::{Reception, Unavailable};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
pub use vssid_client::OfficesFetch;
use vssid_client::{ApiClient, Submission as ApiSubmission};
use vssid_core::api::{DeclaredRegistration, RegistrationState, RegistrationStatus};
use vssid_core::fields::FieldError;
use vssid_core::flow::{PhotoSlot, ResubmitPayload, Submission, SubmitFailure, SubmitPayload};
use vssid_core::privacy_notice::PrivacyNotice;

/// The reception service.
pub trait Backend {
    /// Sends a registration (photos are read from the photo store by their keys).
    fn submit(&self, payload: SubmitPayload) -> BoxFuture<Result<Submission, SubmitFailure>>;
    /// Checks the e-mail code; answers the registration's new status.
    fn verify_otp(
        &self,
        registration_id: &str,
        code: &str,
    ) -> BoxFuture<Result<RegistrationStatus, FieldError>>;
    /// Asks for a new code; answers the seconds before the next resend is allowed.
    fn resend_otp(&self, registration_id: &str) -> BoxFuture<Result<u32, FieldError>>;
    /// Withdraws the consent: the service deletes the registration (`secret`: the key it was
    /// sent with).
    fn withdraw(&self, registration_id: &str, secret: &str) -> BoxFuture<Result<(), FieldError>>;
    /// A copy of what the service holds about the registration (JSON).
    fn registration_data(
        &self,
        registration_id: &str,
        secret: &str,
    ) -> BoxFuture<Result<String, FieldError>>;
    /// The service operator's privacy notice; `None` when it cannot be had (the app then
    /// shows its built-in copy).
    fn privacy_notice(&self) -> BoxFuture<Option<PrivacyNotice>> {
        Box::pin(async { None })
    }
    /// The registration's state ("Hồ sơ của tôi").
    fn status(&self, registration_id: &str) -> BoxFuture<Result<RegistrationState, FieldError>> {
        let _ = registration_id;
        Box::pin(async { Err(no_service()) })
    }
    /// What was declared and what the office asks to be corrected.
    fn declaration(
        &self,
        registration_id: &str,
        secret: &str,
    ) -> BoxFuture<Result<DeclaredRegistration, FieldError>> {
        let _ = (registration_id, secret);
        Box::pin(async { Err(no_service()) })
    }
    /// Sends the corrections (photos read from the photo store by their keys).
    fn resubmit(
        &self,
        payload: ResubmitPayload,
    ) -> BoxFuture<Result<RegistrationState, SubmitFailure>> {
        let _ = payload;
        Box::pin(async {
            Err(SubmitFailure::Rejected {
                message: no_service(),
            })
        })
    }
    /// The service's office list (`cached_etag`: the version the device holds); `None` when
    /// it cannot be had (the app keeps the list it has).
    fn offices(&self, _cached_etag: Option<String>) -> BoxFuture<Option<OfficesFetch>> {
        Box::pin(async { None })
    }

    /// Where the registrations go, as the screens tell it.
    fn reception(&self) -> Reception;

    /// The registration's tờ khai as a PDF, made by the service (so no font travels in the
    /// app), behind the secret; without a service, why there is none.
    fn declaration_pdf(
        &self,
        _registration_id: &str,
        _secret: &str,
    ) -> BoxFuture<Result<Vec<u8>, FieldError>> {
        Box::pin(async {
            Err(FieldError {
                code: "no_declaration_pdf".into(),
                vi: "Tờ khai (PDF) do dịch vụ tiếp nhận tạo; bản thử không có tờ khai".into(),
                en: "The tờ khai (PDF) is made by the reception service; the demo has none".into(),
            })
        })
    }
}

/// What a backend without a reception service answers to a follow-up call.
fn no_service() -> FieldError {
    FieldError {
        code: "no_reception".into(),
        vi: "Không kết nối được dịch vụ tiếp nhận; trạng thái hiển thị là lần cập nhật gần nhất"
            .into(),
        en: "The reception service cannot be reached; the status shown is the last one known"
            .into(),
    }
}

/// The code the fake backend accepts.
pub const FAKE_OTP: &str = "123456";

/// A stand-in reception service: accepts every registration, and the code `123456`.
pub struct FakeBackend {
    /// How long each call takes, so the waiting screens can be seen.
    pub delay_ms: u32,
    submissions: Rc<Cell<u32>>,
    office: Rc<RefCell<DemoOffice>>,
}

impl FakeBackend {
    pub fn new(delay_ms: u32) -> Self {
        FakeBackend {
            delay_ms,
            submissions: Rc::new(Cell::new(0)),
            office: Rc::default(),
        }
    }

    /// How many registrations were submitted.
    pub fn submissions(&self) -> u32 {
        self.submissions.get()
    }
}

fn wrong_code() -> FieldError {
    FieldError {
        code: "otp_wrong".into(),
        vi: "Mã xác thực (OTP) không đúng, vui lòng kiểm tra lại email".into(),
        en: "The code is not right, please check your e-mail".into(),
    }
}

impl Backend for FakeBackend {
    fn submit(&self, payload: SubmitPayload) -> BoxFuture<Result<Submission, SubmitFailure>> {
        let delay = self.delay_ms;
        let count = self.submissions.clone();
        let office = self.office.clone();
        Box::pin(async move {
            sleep_ms(delay).await;
            count.set(count.get() + 1);
            let serial: u32 = payload.idempotency_key.bytes().fold(7u32, |acc, b| {
                acc.wrapping_mul(31).wrapping_add(u32::from(b))
            }) % 1_000_000;
            let office_prefix: String = payload.office.chars().take(3).collect();
            let id = format!("fake-{}", payload.idempotency_key);
            let reference = format!("{office_prefix}-DK-{serial:06}");
            office.borrow_mut().received(
                &id,
                &reference,
                &payload.office,
                payload.declaration.to_form(),
            );
            Ok(Submission {
                id,
                reference,
                status: RegistrationStatus::Received,
                received_at: String::new(),
            })
        })
    }

    fn verify_otp(
        &self,
        registration_id: &str,
        code: &str,
    ) -> BoxFuture<Result<RegistrationStatus, FieldError>> {
        let delay = self.delay_ms;
        let right = code == FAKE_OTP;
        let office = self.office.clone();
        let id = registration_id.to_string();
        Box::pin(async move {
            sleep_ms(delay).await;
            if right {
                office.borrow_mut().confirmed(&id);
                Ok(RegistrationStatus::Confirmed)
            } else {
                Err(wrong_code())
            }
        })
    }

    fn resend_otp(&self, _registration_id: &str) -> BoxFuture<Result<u32, FieldError>> {
        let delay = self.delay_ms;
        Box::pin(async move {
            sleep_ms(delay).await;
            Ok(60)
        })
    }

    fn withdraw(&self, _registration_id: &str, _secret: &str) -> BoxFuture<Result<(), FieldError>> {
        let delay = self.delay_ms;
        Box::pin(async move {
            sleep_ms(delay).await;
            Ok(())
        })
    }

    fn registration_data(
        &self,
        registration_id: &str,
        _secret: &str,
    ) -> BoxFuture<Result<String, FieldError>> {
        let delay = self.delay_ms;
        let id = registration_id.to_string();
        Box::pin(async move {
            sleep_ms(delay).await;
            Ok(serde_json::json!({
                "id": id,
                "note": "the built-in fake service keeps nothing",
            })
            .to_string())
        })
    }

    fn status(&self, registration_id: &str) -> BoxFuture<Result<RegistrationState, FieldError>> {
        let delay = self.delay_ms;
        let office = self.office.clone();
        let id = registration_id.to_string();
        Box::pin(async move {
            sleep_ms(delay).await;
            let answer = office.borrow_mut().status(&id);
            Ok(answer)
        })
    }

    fn declaration(
        &self,
        registration_id: &str,
        _secret: &str,
    ) -> BoxFuture<Result<DeclaredRegistration, FieldError>> {
        let delay = self.delay_ms;
        let office = self.office.clone();
        let id = registration_id.to_string();
        Box::pin(async move {
            sleep_ms(delay).await;
            let answer = office.borrow_mut().declaration(&id);
            Ok(answer)
        })
    }

    fn resubmit(
        &self,
        payload: ResubmitPayload,
    ) -> BoxFuture<Result<RegistrationState, SubmitFailure>> {
        let delay = self.delay_ms;
        let office = self.office.clone();
        Box::pin(async move {
            sleep_ms(delay).await;
            let answer = office.borrow_mut().resubmit(&payload);
            answer.map_err(|errors| SubmitFailure::Invalid { errors })
        })
    }

    fn reception(&self) -> Reception {
        Reception::Demo
    }
}

/// The reception service over HTTP, through the client of `vssid_client` (idempotency
/// key, bounded retries with backoff, typed errors). Photos are read from the app's private
/// photo store by the keys the flow gives.
pub struct HttpBackend {
    client: Rc<ApiClient>,
    photos: Rc<dyn PhotoStore>,
}

impl HttpBackend {
    pub fn new(client: ApiClient, photos: Rc<dyn PhotoStore>) -> Self {
        HttpBackend {
            client: Rc::new(client),
            photos,
        }
    }
}

/// The photo a submission needs is no longer on the device: it must be taken again.
fn photo_missing(slot: PhotoSlot) -> SubmitFailure {
    let mut errors = vssid_core::fields::FieldErrors::new();
    errors.insert(
        slot.field(),
        FieldError {
            code: "photo_missing".into(),
            vi: "Không tìm thấy ảnh này trên máy, vui lòng chụp lại".into(),
            en: "This photo is no longer on the device, please take it again".into(),
        },
    );
    SubmitFailure::Invalid { errors }
}

impl Backend for HttpBackend {
    fn submit(&self, payload: SubmitPayload) -> BoxFuture<Result<Submission, SubmitFailure>> {
        let client = self.client.clone();
        let photos = self.photos.clone();
        Box::pin(async move {
            let read = |slot: PhotoSlot, key: &str| {
                photos
                    .get(key)
                    .map(std::sync::Arc::unwrap_or_clone)
                    .ok_or_else(|| photo_missing(slot))
            };
            let submission = ApiSubmission::from_payload(
                &payload,
                read(PhotoSlot::Portrait, &payload.photos.portrait)?,
                read(PhotoSlot::IdFront, &payload.photos.id_front)?,
                read(PhotoSlot::IdBack, &payload.photos.id_back)?,
            );
            client
                .submit(&submission, |_| {})
                .await
                .map(Submission::from)
                .map_err(|error| error.to_submit_failure())
        })
    }

    fn verify_otp(
        &self,
        registration_id: &str,
        code: &str,
    ) -> BoxFuture<Result<RegistrationStatus, FieldError>> {
        let client = self.client.clone();
        let (id, code) = (registration_id.to_string(), code.to_string());
        Box::pin(async move {
            client
                .confirm_otp(&id, &code)
                .await
                .map(|state| state.status)
                .map_err(|error| FieldError::from_localized(&error))
        })
    }

    fn status(&self, registration_id: &str) -> BoxFuture<Result<RegistrationState, FieldError>> {
        let client = self.client.clone();
        let id = registration_id.to_string();
        Box::pin(async move {
            client
                .status(&id)
                .await
                .map_err(|error| FieldError::from_localized(&error))
        })
    }

    fn declaration(
        &self,
        registration_id: &str,
        secret: &str,
    ) -> BoxFuture<Result<DeclaredRegistration, FieldError>> {
        let client = self.client.clone();
        let (id, secret) = (registration_id.to_string(), secret.to_string());
        Box::pin(async move {
            client
                .declaration(&id, &secret)
                .await
                .map_err(|error| FieldError::from_localized(&error))
        })
    }

    fn resubmit(
        &self,
        payload: ResubmitPayload,
    ) -> BoxFuture<Result<RegistrationState, SubmitFailure>> {
        let client = self.client.clone();
        let photos = self.photos.clone();
        Box::pin(async move {
            let mut new_photos = Vec::new();
            for (slot, key) in &payload.photos {
                let bytes = photos.get(key).ok_or_else(|| photo_missing(*slot))?;
                new_photos.push((*slot, std::sync::Arc::unwrap_or_clone(bytes)));
            }
            let resubmission = vssid_client::Resubmission {
                idempotency_key: payload.idempotency_key.clone(),
                changes: payload.changes.clone(),
                photos: new_photos,
            };
            client
                .resubmit(&payload.registration_id, &payload.secret, &resubmission)
                .await
                .map_err(|error| error.to_submit_failure())
        })
    }

    fn resend_otp(&self, registration_id: &str) -> BoxFuture<Result<u32, FieldError>> {
        let client = self.client.clone();
        let id = registration_id.to_string();
        Box::pin(async move {
            client
                .resend_otp(&id)
                .await
                .map(|resent| u32::try_from(resent.resend_after_seconds).unwrap_or(u32::MAX))
                .map_err(|error| FieldError::from_localized(&error))
        })
    }

    fn withdraw(&self, registration_id: &str, secret: &str) -> BoxFuture<Result<(), FieldError>> {
        let client = self.client.clone();
        let (id, secret) = (registration_id.to_string(), secret.to_string());
        Box::pin(async move {
            client
                .withdraw(&id, &secret)
                .await
                .map_err(|error| FieldError::from_localized(&error))
        })
    }

    fn registration_data(
        &self,
        registration_id: &str,
        secret: &str,
    ) -> BoxFuture<Result<String, FieldError>> {
        let client = self.client.clone();
        let (id, secret) = (registration_id.to_string(), secret.to_string());
        Box::pin(async move {
            client
                .registration_data(&id, &secret)
                .await
                .map_err(|error| FieldError::from_localized(&error))
        })
    }

    fn privacy_notice(&self) -> BoxFuture<Option<PrivacyNotice>> {
        let client = self.client.clone();
        Box::pin(async move { client.privacy_notice().await.ok() })
    }

    fn offices(&self, cached_etag: Option<String>) -> BoxFuture<Option<OfficesFetch>> {
        let client = self.client.clone();
        Box::pin(async move { client.offices(cached_etag.as_deref()).await.ok() })
    }

    fn declaration_pdf(
        &self,
        registration_id: &str,
        secret: &str,
    ) -> BoxFuture<Result<Vec<u8>, FieldError>> {
        let client = self.client.clone();
        let (id, secret) = (registration_id.to_string(), secret.to_string());
        Box::pin(async move {
            client
                .declaration_pdf(&id, &secret)
                .await
                .map_err(|error| FieldError::from_localized(&error))
        })
    }

    fn reception(&self) -> Reception {
        Reception::Service(self.client.base_url().to_string())
    }
}

/// Stands in when no reception service can be used (none is configured, or its address was
/// refused): nothing is sent anywhere, and every call answers why.
pub struct NoReception {
    unavailable: Unavailable,
    why: FieldError,
}

impl NoReception {
    pub fn new(unavailable: Unavailable) -> Self {
        let why = unavailable.why_nothing_is_sent();
        NoReception { unavailable, why }
    }

    fn refuse<T: 'static>(&self) -> BoxFuture<Result<T, FieldError>> {
        let why = self.why.clone();
        Box::pin(async move { Err(why) })
    }
}

impl Backend for NoReception {
    fn submit(&self, _payload: SubmitPayload) -> BoxFuture<Result<Submission, SubmitFailure>> {
        let message = self.why.clone();
        Box::pin(async move { Err(SubmitFailure::Rejected { message }) })
    }

    fn verify_otp(
        &self,
        _registration_id: &str,
        _code: &str,
    ) -> BoxFuture<Result<RegistrationStatus, FieldError>> {
        self.refuse()
    }

    fn resend_otp(&self, _registration_id: &str) -> BoxFuture<Result<u32, FieldError>> {
        self.refuse()
    }

    fn withdraw(&self, _registration_id: &str, _secret: &str) -> BoxFuture<Result<(), FieldError>> {
        self.refuse()
    }

    fn registration_data(
        &self,
        _registration_id: &str,
        _secret: &str,
    ) -> BoxFuture<Result<String, FieldError>> {
        self.refuse()
    }

    fn reception(&self) -> Reception {
        Reception::Unavailable(self.unavailable.clone())
    }
}

/// The reception service the app talks to, as configured: the HTTP client for a service's
/// address; the built-in demo service only when it is asked for by name (`demo`); with no
/// address, or one that cannot be used, nothing is sent and the screens say why. The fake is
/// never a silent fallback.
pub fn default_backend(reception: &Reception, photos: Rc<dyn PhotoStore>) -> Rc<dyn Backend> {
    match reception {
        Reception::Service(base) => match ApiClient::new(base) {
            Ok(client) => Rc::new(HttpBackend::new(client, photos)),
            Err(error) => {
                eprintln!("vssid-app: the reception service at {base} cannot be used ({error})");
                Rc::new(NoReception::new(Unavailable::Refused {
                    address: base.clone(),
                    reason: FieldError::from_localized(&error),
                }))
            }
        },
        Reception::Demo => Rc::new(FakeBackend::new(1200)),
        Reception::Unavailable(unavailable) => {
            if let Unavailable::Refused { address, reason } = unavailable {
                eprintln!(
                    "vssid-app: the reception service's address {address} is refused: {}",
                    reason.en
                );
            }
            Rc::new(NoReception::new(unavailable.clone()))
        }
    }
}
