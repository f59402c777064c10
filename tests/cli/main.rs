//! The one integration-test binary: runs `ecomap` as a user would, checks each analysis on small
//! maps worked out by hand, and checks the laws the library promises. Each module is one concern;
//! `support` holds what they share.

mod bad_maps;
mod capacity;
mod compare;
mod csv_cells;
mod diagrams;
mod docs;
mod examples;
mod funding;
mod fuzz_regressions;
mod gaps;
mod golden;
mod help;
mod html;
mod inputs;
mod json_contract;
mod laws;
mod numbers;
mod outputs;
mod overlap;
mod report;
mod retender;
mod routes;
mod runs;
mod support;
