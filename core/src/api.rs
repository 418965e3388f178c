//! The registration HTTP API: request and response types, and the client that submits.
