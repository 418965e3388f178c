//! Administrative units (2025 and legacy) and BHXH offices, with Vietnamese search.
