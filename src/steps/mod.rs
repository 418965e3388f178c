//! The screens, one per step of the flow.

pub mod consent;
pub mod declaration;
pub mod email;
pub mod follow_up;
pub mod office;
pub mod otp;
pub mod photos;
pub mod receipt;
pub mod start;
pub mod submitting;
