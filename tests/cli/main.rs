//! The one integration-test binary: runs `ecomap` as a user would, checks each analysis on small
//! maps worked out by hand, and checks the laws the library promises. Each module is one concern;
//! `support` holds what they share.

mod authoring;
mod bad_maps;
mod benchmark_rules;
mod capacity;
mod compare;
mod compare_many;
mod diagrams;
mod docs;
mod examples;
mod exports;
mod funding;
mod funding_rules;
mod gaps;
mod generate;
mod golden;
mod help;
mod html;
mod import_csv;
mod import_funding;
mod import_openreferral;
mod json_contract;
mod laws;
mod map_writer;
mod mermaid;
mod overlap;
mod places;
mod planned_lines;
mod provenance;
mod report;
mod retender;
mod routes;
mod runs;
mod support;
mod withdraw;
