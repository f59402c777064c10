//! The one integration-test binary: runs `ecomap` as a user would, and checks the laws the library
//! promises. Each module is one concern; `support` holds the small runner they share.

mod bad_maps;
mod docs;
mod examples;
mod help;
mod laws;
mod runs;
mod support;
