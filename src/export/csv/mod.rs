//! CSV: the typed table writer (`table`), and the tables of the map (`tables`, read back by
//! `ecomap import csv`) and of funding (`funding`).

pub mod funding;
pub mod table;
pub mod tables;
