//! The registration flow as one state machine: `update(state, event) -> (state, effects)`.
