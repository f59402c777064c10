//! Imports: data people already have, brought into a map. Readers turn a standard's file into
//! plain records; the planner places them on the map; the editor works out the text to insert.
//! Nothing here writes a file or prints: the CLI shows the plan, asks, and writes.

pub mod award;
pub mod dates;
pub mod edit;
pub mod grants;
pub mod matching;
pub mod ocds;
pub mod orgs;
pub mod place;
pub mod preview;
pub mod table;
pub mod yaml;
