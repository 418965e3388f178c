//! View models: what a screen shows, derived from the registration and the catalogue by pure
//! functions, so the screens only draw them (and memoize them on their inputs).

pub mod office;
