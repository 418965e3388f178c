//! The photo pipeline: decode with limits, orient, strip metadata, scale, encode to a budget, check quality.
