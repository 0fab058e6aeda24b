//! Black-box tests of the Shiliu server live in `api/`; this library is empty.
