//! The draft: the whole in-progress registration as a versioned JSON document.
