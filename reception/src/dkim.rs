//! DKIM signatures (RFC 6376, rsa-sha256, relaxed/relaxed) on the messages the delivery
//! worker sends, with `mail-auth`, when `mail.dkim_key_file` names a key.

use crate::config::MailDelivery;
use mail_auth::common::crypto::{RsaKey, Sha256};
use mail_auth::common::headers::HeaderWriter;
use mail_auth::dkim::{DkimSigner, Done};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::PrivateKeyDer;

/// The headers signed: those a reader sees and trusts.
const SIGNED_HEADERS: [&str; 9] = [
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "Reply-To",
    "MIME-Version",
    "Content-Type",
    "Content-Language",
];

/// A configured signer.
pub struct Dkim {
    signer: DkimSigner<RsaKey<Sha256>, Done>,
}

impl Dkim {
    /// The signer of `config`, `None` without a key file; an error (said at start) for a key
    /// that cannot be read or a key without its domain and selector.
    pub fn from_config(config: &MailDelivery) -> Result<Option<Dkim>, String> {
        let Some(path) = &config.dkim_key_file else {
            return Ok(None);
        };
        if config.dkim_domain.trim().is_empty() || config.dkim_selector.trim().is_empty() {
            return Err("mail.dkim_key_file needs mail.dkim_domain and mail.dkim_selector".into());
        }
        let pem = std::fs::read(path)
            .map_err(|error| format!("cannot read the DKIM key {}: {error}", path.display()))?;
        let der = PrivateKeyDer::from_pem_slice(&pem)
            .map_err(|error| format!("the DKIM key {} is not PEM: {error}", path.display()))?;
        let key = RsaKey::<Sha256>::from_key_der(der)
            .map_err(|error| format!("the DKIM key {} is not RSA: {error}", path.display()))?;
        let signer = DkimSigner::from_key(key)
            .domain(config.dkim_domain.trim())
            .selector(config.dkim_selector.trim())
            .headers(SIGNED_HEADERS);
        Ok(Some(Dkim { signer }))
    }

    /// The message with its `DKIM-Signature` header in front.
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>, String> {
        let signature = self
            .signer
            .sign(message)
            .map_err(|error| format!("cannot sign: {error}"))?;
        let mut signed = signature.to_header().into_bytes();
        signed.extend_from_slice(message);
        Ok(signed)
    }
}
