//! What the user can type. Only this module and `commands` see clap types.

use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

/// The exit codes of `check`.
const CHECK_EXIT_CODES: &str = "Exit codes: 0 the map has none of what --fail-on names; 1 it has, or the map has \
errors; 2 a usage error, or a file could not be read or written.";

/// The exit codes, shown under every command's help (see `cli::exit`).
const EXIT_CODES: &str = "Exit codes: 0 the command ran (warnings allowed); 1 the map has errors, or warnings under \
--deny warnings; 2 a usage error, or a file could not be read or written.";

/// Maps a local area's delivery ecosystem of employment support for people with mental health
/// problems: where provision is duplicated, which cohorts have no route to support, where the
/// money flows.
#[derive(Debug, Parser)]
#[command(name = "ecomap", version, about, long_about = None, propagate_version = true, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command shares.
#[derive(Debug, Args)]
pub struct Global {
    /// Output format (`ecomap COMMAND --help` lists the ones each command writes).
    #[arg(long, short = 'f', global = true, value_enum)]
    pub format: Option<Format>,
    /// Write the output to FILE (whole, or not at all) instead of the terminal; without
    /// --format, FILE's ending chooses the format (report.html); -o - is standard output.
    #[arg(long, short = 'o', global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Let -o FILE write over a read-only file, or one you may not write.
    #[arg(long, global = true)]
    pub force: bool,
    /// Colour: auto follows the terminal and NO_COLOR.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Also warn about figures and entities that have no `source`.
    #[arg(long, global = true)]
    pub strict: bool,
    /// Treat warnings as errors (exit code 1).
    #[arg(long, global = true, value_name = "WHAT", value_parser = ["warnings"])]
    pub deny: Option<String>,
    /// Override built-in benchmarks (see `ecomap benchmarks`) with this YAML file: a mapping of
    /// benchmark id to value. It wins over the map's `benchmarks:`.
    #[arg(long, global = true, value_name = "FILE")]
    pub benchmarks: Option<PathBuf>,
    /// Read no map file larger than SIZE (bytes, or with KB, MB, GB, KiB, MiB, GiB).
    #[arg(long, global = true, value_name = "SIZE", value_parser = size, default_value = "16MiB")]
    pub max_file_size: u64,
    /// Read no map larger than SIZE in all (its files, and what its aliases stand for).
    #[arg(long, global = true, value_name = "SIZE", value_parser = size, default_value = "32MiB")]
    pub max_map_size: u64,
}

/// A size on the command line: `1000`, `64MB` (10^6 bytes), `16MiB` (2^20 bytes).
fn size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size: write bytes, or such as 64MB or 16MiB"))?;
    let scale: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kb" | "k" => 1_000,
        "mb" | "m" => 1_000_000,
        "gb" | "g" => 1_000_000_000,
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        _ => {
            return Err(format!(
                "`{text}` is not a size: write bytes, or such as 64MB or 16MiB"
            ));
        }
    };
    number.checked_mul(scale).filter(|&n| n > 0).ok_or_else(|| {
        format!(
            "`{text}` is not a size ecomap can take: give one from 1 byte to {} bytes, such as 64MB or 16MiB",
            crate::money::group_thousands(u64::MAX)
        )
    })
}

/// The most months `--within` takes: a hundred years.
const MAX_WITHIN_MONTHS: u32 = 1200;

/// A number of months on the command line: a whole number from 0 to [`MAX_WITHIN_MONTHS`].
fn months(text: &str) -> Result<u32, String> {
    text.trim()
        .parse()
        .ok()
        .filter(|&n| n <= MAX_WITHIN_MONTHS)
        .ok_or_else(|| {
            format!(
                "`{text}` is not a number of months ecomap can take: give a whole number from 0 to {MAX_WITHIN_MONTHS}, such as 12"
            )
        })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    #[value(alias = "md")]
    Markdown,
    Csv,
    Html,
    Dot,
    Svg,
    Png,
    Mermaid,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Csv => "csv",
            Format::Html => "html",
            Format::Dot => "dot",
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Mermaid => "mermaid",
        }
    }
}

impl Format {
    /// What a file in this format is, in words, for messages.
    pub(super) fn in_words(self) -> &'static str {
        match self {
            Format::Text => "plain text",
            Format::Json => "JSON",
            Format::Markdown => "Markdown",
            Format::Csv => "a CSV table",
            Format::Html => "a web page (HTML)",
            Format::Dot => "a Graphviz graph (DOT)",
            Format::Svg => "an SVG picture",
            Format::Png => "a PNG picture",
            Format::Mermaid => "a Mermaid flowchart",
        }
    }

    /// The endings of a file name that hold this format, the usual one first.
    pub(super) fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Text => &["txt"],
            Format::Json => &["json"],
            Format::Markdown => &["md", "markdown"],
            Format::Csv => &["csv"],
            Format::Html => &["html", "htm"],
            Format::Dot => &["dot", "gv"],
            Format::Svg => &["svg"],
            Format::Png => &["png"],
            Format::Mermaid => &["mmd"],
        }
    }
}

/// What the ending of `-o FILE`'s name says the file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Named {
    /// A format ecomap writes.
    Format(Format),
    /// A kind of file ecomap writes none of, in words (`.pdf`: "a PDF document").
    Unwritten(&'static str),
}

/// Files people ask for that ecomap does not write, so that `-o report.pdf` is refused rather
/// than written as Markdown under a name no program will open.
const UNWRITTEN: &[(&str, &str)] = &[
    ("pdf", "a PDF document"),
    ("jpg", "a JPEG picture"),
    ("jpeg", "a JPEG picture"),
    ("gif", "a GIF picture"),
    ("docx", "a Word document"),
    ("xlsx", "an Excel workbook"),
];

impl Named {
    /// What the ending of `path`'s name names (in any case: `R.HTML` is HTML), or `None` for a
    /// name without an ending ecomap knows.
    pub(super) fn by_extension(path: &std::path::Path) -> Option<Named> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        let formats = Format::value_variants().iter().copied();
        let mut found = formats.filter(|f| f.extensions().contains(&ext.as_str()));
        match found.next() {
            Some(f) => Some(Named::Format(f)),
            None => (UNWRITTEN.iter())
                .find(|(e, _)| *e == ext)
                .map(|(_, what)| Named::Unwritten(what)),
        }
    }
}

/// The formats each command writes, its default first. A command not listed writes one output of
/// its own and takes no `--format`. Both the check of `--format` and each command's `--help` read
/// this table, so what the help offers is what the command takes.
const FORMATS: &[(&str, &[Format])] = {
    use Format::{Csv, Dot, Html, Json, Markdown, Mermaid, Png, Svg, Text};
    const TEXT_JSON: &[Format] = &[Text, Json];
    const TABLES: &[Format] = &[Text, Json, Csv, Markdown];
    &[
        ("report", &[Markdown, Json, Html]),
        ("validate", TEXT_JSON),
        ("show", TEXT_JSON),
        ("eligibility", TEXT_JSON),
        ("routes", TEXT_JSON),
        ("gaps", TEXT_JSON),
        ("overlap", TEXT_JSON),
        ("check", TEXT_JSON),
        ("funding", TABLES),
        ("capacity", &[Text, Json, Markdown]),
        ("benchmarks", TEXT_JSON),
        ("contracts", TABLES),
        ("what-if", TABLES),
        ("compare", TABLES),
        ("diff", TABLES),
        ("dot", &[Dot, Svg, Png, Mermaid]),
        ("export csv", &[Text]),
        ("import csv", &[Text]),
        ("import openreferral", &[Text]),
        ("import 360giving", &[Text]),
        ("import ocds", &[Text]),
    ]
};

/// The formats `command` (such as `gaps` or `export csv`) writes, its default first; none for a
/// command with one output of its own.
pub(super) fn formats(command: &str) -> &'static [Format] {
    FORMATS
        .iter()
        .find(|(name, _)| *name == command)
        .map_or(&[], |(_, formats)| formats)
}

/// The command line, with each command's `--format` offering only the formats that command
/// writes (and hidden where it writes one output of its own). Clap gives each subcommand the
/// global option unless it has its own, so each gets its own copy here.
pub(super) fn command() -> clap::Command {
    let mut cli = Cli::command();
    let Some(format) = cli
        .get_arguments()
        .find(|a| a.get_id() == "format")
        .cloned()
    else {
        return cli;
    };
    for sub in cli.get_subcommands_mut() {
        let name = sub.get_name().to_owned();
        *sub = with_own_format(std::mem::take(sub), &name, &format);
    }
    cli
}

/// `sub` (and its subcommands) with a `--format` listing what `path` writes.
fn with_own_format(mut sub: clap::Command, path: &str, format: &clap::Arg) -> clap::Command {
    for leaf in sub.get_subcommands_mut() {
        let leaf_path = format!("{path} {}", leaf.get_name());
        *leaf = with_own_format(std::mem::take(leaf), &leaf_path, format);
    }
    let written = formats(path);
    let own = match written {
        [] => format.clone().hide(true),
        [only] => format
            .clone()
            .help(format!("Output format: {} only", only.name())),
        [default, ..] => format
            .clone()
            .help(format!("Output format (default: {})", default.name())),
    };
    sub.arg(own.value_parser(Written(written)))
}

/// `--format`'s values for one command: any format is read (so that a command refusing one can
/// say which it writes), but help and completions offer only those it writes.
#[derive(Clone)]
struct Written(&'static [Format]);

impl clap::builder::TypedValueParser for Written {
    type Value = Format;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Format, clap::Error> {
        clap::builder::EnumValueParser::<Format>::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            self.0.iter().filter_map(|f| f.to_possible_value()),
        ))
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The gap report for a partnership's meeting: summary, gaps, overlaps, coverage, funding,
    /// capacity against benchmarks, provenance and references (Markdown, JSON, or one
    /// self-contained HTML page with diagrams).
    #[command(after_help = EXIT_CODES)]
    Report(ReportArgs),
    /// Check a map and list every problem, with file, line and column.
    #[command(after_help = EXIT_CODES)]
    Validate(MapArg),
    /// The map in brief: counts, commissioners' services and spend, cohorts' needs and entry points.
    #[command(after_help = EXIT_CODES)]
    Show(MapArg),
    /// Which cohort may use which service, and why not.
    #[command(after_help = EXIT_CODES)]
    Eligibility(EligibilityArgs),
    /// For each cohort and each stage it needs: its routes (referral chains), or its gap.
    #[command(after_help = EXIT_CODES)]
    Routes(RoutesArgs),
    /// The gaps, by cohort: no route, or too few places, with the reason and the nearest fix.
    #[command(after_help = EXIT_CODES)]
    Gaps(GapsArgs),
    /// Services that offer the same stage to the same cohort, in pairs, ranked.
    #[command(after_help = EXIT_CODES)]
    Overlap(OverlapArgs),
    /// Exit 1 when the map has what --fail-on names (for version control); 0 when it has none.
    #[command(after_help = CHECK_EXIT_CODES)]
    Check(CheckArgs),
    /// Where the money goes: from funders through commissioners to services, cohorts and stages.
    Funding(FundingArgs),
    /// Capacity against published benchmarks, with the working shown line by line.
    Capacity(MapArg),
    /// The benchmark table: each value with its unit and source, and any overrides.
    Benchmarks(BenchmarksArgs),
    /// Contracts ending soon: what else serves the same people, and who loses their only route.
    #[command(after_help = EXIT_CODES)]
    Contracts(ContractsArgs),
    /// What if services go, or a commissioner withdraws: gaps and shortfalls before and after.
    #[command(after_help = EXIT_CODES)]
    WhatIf(WhatIfArgs),
    /// The same indicators for many maps, as one table (CSV for researchers).
    #[command(after_help = EXIT_CODES)]
    Compare(CompareArgs),
    /// What changed between two versions of one area's map.
    #[command(after_help = EXIT_CODES)]
    Diff(DiffArgs),
    /// Draw a view of the map as DOT, SVG, PNG or a Mermaid flowchart (see: ecomap docs diagrams).
    Dot(DotArgs),
    /// Write synthetic maps of a realistic shape, to try the tool at scale (see: ecomap docs performance).
    Generate(GenerateArgs),
    /// The map for other tools: spreadsheet tables, GraphML and GEXF for Gephi and yEd, Kumu's
    /// spreadsheets.
    #[command(subcommand, after_help = EXIT_CODES)]
    Export(ExportCommand),
    /// Start a new map: a commented starter map (one entry of each kind) in FOLDER/map.yaml.
    #[command(after_help = EXIT_CODES)]
    Init(InitArgs),
    /// The JSON Schema of the map format, for editors that check YAML as you type.
    Schema,
    /// Read a page of the documentation: `ecomap docs` lists them, `ecomap docs format` shows one.
    Docs(DocsArgs),
    /// A shell completion script: `ecomap completions bash > ~/.local/share/bash-completion/completions/ecomap`.
    Completions(CompletionsArgs),
    /// The manual page, generated from these commands: `ecomap man > ecomap.1; man ./ecomap.1`.
    Man,
    /// Start from data you already have: a map from spreadsheet tables or a council's Open
    /// Referral directory; grants (360Giving) and contracts (OCDS) added to a map as funding lines.
    #[command(subcommand)]
    Import(ImportCommand),
}

/// What `ecomap export` writes.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// The map as the spreadsheet tables `ecomap import csv` reads, written to the folder -o
    /// FOLDER.
    #[command(after_help = EXIT_CODES)]
    Csv(ExportCsvArgs),
    /// GraphML for yEd, Gephi, Cytoscape or networkx: every entity a node, every link an edge,
    /// with typed attributes (to standard output, or -o FILE).
    #[command(after_help = EXIT_CODES)]
    Graphml(MapArg),
    /// GEXF 1.3 for Gephi: every entity a node, every link an edge, with typed attributes (to
    /// standard output, or -o FILE).
    #[command(after_help = EXIT_CODES)]
    Gexf(MapArg),
    /// Kumu's import spreadsheets: elements.csv and connections.csv in the folder -o FOLDER.
    #[command(after_help = EXIT_CODES)]
    Kumu(MapArg),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to start the map in (made if it does not exist; it must hold no map yet).
    #[arg(value_name = "FOLDER")]
    pub folder: PathBuf,
}

#[derive(Debug, Args)]
pub struct DocsArgs {
    /// The page to show; without it, the list of pages.
    #[arg(value_name = "TOPIC")]
    pub topic: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_name = "SHELL", value_enum)]
    pub shell: clap_complete::Shell,
}

/// The exit codes of the funding imports.
const IMPORT_EXIT_CODES: &str = "Exit codes: 0 the lines were added, or shown (--dry-run), or the user said no; 1 the map \
has errors, before or after the edit (then nothing is written); 2 a usage error (such as no --yes when not on a \
terminal), or a file could not be read or written.";

/// What `ecomap import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// A map from a folder of spreadsheet tables, written to the folder -o MAP.
    ///
    /// Reads area.csv, services.csv, cohorts.csv, funding.csv, rules.csv and the other tables of
    /// `ecomap docs spreadsheets` (the template is examples/spreadsheets/). A mistake in a table is
    /// shown with its file, row and column, and no map is written until there are none.
    #[command(after_help = MAKE_EXIT_CODES)]
    Csv(ImportCsvArgs),
    /// A first map from a council's Open Referral directory of services, written to -o MAP.
    ///
    /// Reads Open Referral UK / HSDS JSON (one file, a folder of pages, or - for standard input) or
    /// its CSV data package. Organisations become providers, services services, named funders
    /// commissioners, age limits rules; what cannot be mapped is kept in notes and listed. A
    /// directory has no cohorts and no amounts: add them next (see: ecomap docs openreferral).
    #[command(name = "openreferral", after_help = MAKE_EXIT_CODES)]
    OpenReferral(ImportOpenReferralArgs),
    /// 360Giving grants (JSON, CSV, or a spreadsheet's `grants` sheet) as funding lines, added to
    /// an existing map in place after showing what will change (see: ecomap docs import).
    #[command(name = "360giving", after_help = IMPORT_EXIT_CODES)]
    ThreeSixtyGiving(FundingImportArgs),
    /// Open Contracting (OCDS) release or record packages as funding lines, added to an existing
    /// map in place after showing what will change; a tender not yet awarded becomes a planned line.
    #[command(after_help = IMPORT_EXIT_CODES)]
    Ocds(FundingImportArgs),
}

/// The exit codes of an import that makes a map.
const MAKE_EXIT_CODES: &str = "Exit codes: 0 the map was written (warnings allowed); 1 the input has errors, or the map \
would have (nothing is written); 2 a usage error, or a file could not be read or written.";

#[derive(Debug, Args)]
pub struct ImportCsvArgs {
    /// The folder of tables: area.csv, services.csv, cohorts.csv, funding.csv, rules.csv, …
    #[arg(value_name = "FOLDER")]
    pub folder: PathBuf,
    /// Replace the map's files if the folder -o MAP has them already.
    #[arg(long)]
    pub force: bool,
    /// List everything that could not be placed; without it, the first 50 (the rest are
    /// counted).
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct ImportOpenReferralArgs {
    /// The directory: a JSON file, a folder of JSON pages or of the CSV data package, or - for
    /// JSON on standard input.
    #[arg(value_name = "FILE|FOLDER|-")]
    pub input: String,
    /// A YAML file mapping taxonomy terms and phrases to stages and models, over the built-in
    /// table (see: ecomap docs openreferral).
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,
    /// Replace the map's files if the folder -o MAP has them already.
    #[arg(long)]
    pub force: bool,
    /// List everything that could not be placed; without it, the first 50 (the rest are
    /// counted).
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct ExportCsvArgs {
    #[command(flatten)]
    pub map: MapArg,
    /// Replace the tables if the folder -o FOLDER has them already.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct FundingImportArgs {
    /// The file to read.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The map to add the lines to (a YAML file or a folder). It is edited in place.
    #[arg(long, value_name = "MAP")]
    pub into: PathBuf,
    /// Show what would change, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Write without asking. Without it, ecomap asks on a terminal, and elsewhere writes nothing.
    #[arg(long, short = 'y', conflicts_with = "dry_run")]
    pub yes: bool,
    /// Send a grant or contract to a service (or, for money passed on, a commissioner): KEY is
    /// its id (grant, award, contract, ocid or tender id) or its recipient's identifier or name.
    /// Repeat for several.
    #[arg(long, value_name = "KEY=ID")]
    pub to: Vec<String>,
    /// A YAML file of `KEY: ID` lines, read as --to.
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,
    /// Where to write lines that cannot be inserted safely (default: MAP.to-paste.txt beside the map).
    #[arg(long, value_name = "FILE")]
    pub paste_to: Option<PathBuf>,
    /// List every award not placed, skipped or on the map already; without it, past 20 whose
    /// funder or recipient is nowhere on the map, those organisations are summed up and the 20
    /// with the most money named, and the other lists stop at 20 (the rest are counted).
    #[arg(long)]
    pub all: bool,
}

/// A map: one YAML file, or a folder of them.
#[derive(Debug, Args)]
pub struct MapArg {
    /// The map: a YAML file, a folder of YAML files, or - to read one file from standard input.
    #[arg(value_name = "MAP")]
    pub map: PathBuf,
}

#[derive(Debug, Args)]
pub struct EligibilityArgs {
    #[command(flatten)]
    pub map: MapArg,
    /// Only this cohort.
    #[arg(long, value_name = "ID")]
    pub cohort: Option<String>,
    /// Only this service.
    #[arg(long, value_name = "ID")]
    pub service: Option<String>,
    /// Give the reason for every outcome, not only the matrix.
    #[arg(long)]
    pub why: bool,
}

/// The views `ecomap dot` draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ViewArg {
    /// Commissioners, providers and services, referrals, cohorts at their entry points.
    Ecosystem,
    /// Money from funders through commissioners and services to cohorts.
    Funding,
    /// One cohort's routes to each stage it needs (with --cohort).
    Routes,
    /// The services that overlap, joined by the cohort-stages they share.
    Overlap,
}

/// Which program draws SVG and PNG.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RendererArg {
    /// Graphviz if installed, else the built-in renderer (SVG only).
    Auto,
    /// Graphviz's `dot` program only.
    Graphviz,
    /// The built-in renderer only (SVG only; plainer layout).
    Builtin,
}

#[derive(Debug, Args)]
pub struct DotArgs {
    #[command(flatten)]
    pub map: MapArg,
    /// What to draw.
    #[arg(long, value_enum, default_value_t = ViewArg::Ecosystem)]
    pub view: ViewArg,
    /// The cohort whose routes to draw (for --view routes).
    #[arg(long, value_name = "ID")]
    pub cohort: Option<String>,
    /// Which program draws --format svg and png.
    #[arg(long, value_enum, default_value_t = RendererArg::Auto)]
    pub renderer: RendererArg,
}

#[derive(Debug, Args)]
pub struct GapsArgs {
    #[command(flatten)]
    pub map: MapArg,
    /// List every service that keeps a cohort from a stage; without it, the nearest 20 of each
    /// gap (the rest are counted).
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub map: MapArg,
    /// List every overlapping pair, and every service that keeps a cohort from a stage; without
    /// it, the first 50 pairs of the ranking and the nearest 20 services of each gap (the rest
    /// are counted).
    #[arg(long)]
    pub all: bool,
    /// Which program draws the diagrams of --format html.
    #[arg(long, value_enum, default_value_t = RendererArg::Auto)]
    pub renderer: RendererArg,
}

#[derive(Debug, Args)]
pub struct OverlapArgs {
    #[command(flatten)]
    pub map: MapArg,
    /// List every overlapping pair; without it, the first 50 of the ranking (the counts are
    /// always of every pair).
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct FundingArgs {
    #[command(flatten)]
    pub map: MapArg,
    /// Show one view only (text and CSV); without it, text shows every view and CSV every flow.
    #[arg(long, value_enum, value_name = "VIEW")]
    pub by: Option<FundingBy>,
}

/// The views of `ecomap funding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FundingBy {
    Commissioner,
    Service,
    Cohort,
    Stage,
    Evidence,
}

#[derive(Debug, Args)]
pub struct BenchmarksArgs {
    /// A map whose `benchmarks:` overrides to apply (optional).
    #[arg(value_name = "MAP")]
    pub map: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RoutesArgs {
    #[command(flatten)]
    pub map: MapArg,
    /// Only this cohort.
    #[arg(long, value_name = "ID")]
    pub cohort: Option<String>,
    /// In JSON, list every service that keeps a cohort from a stage it has a gap in; without
    /// it, the nearest 20 of each gap (the rest are counted).
    #[arg(long)]
    pub all: bool,
}

/// What `check` fails on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Any gap, capacity gaps included.
    Gaps,
    /// Any overlap the map does not accept.
    Overlap,
    /// Any warning from validation.
    Warnings,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub map: MapArg,
    /// What makes the check fail, comma-separated.
    #[arg(
        long,
        value_name = "WHAT",
        value_enum,
        value_delimiter = ',',
        default_value = "gaps,overlap"
    )]
    pub fail_on: Vec<FailOn>,
}

/// A date on the command line: `2026-04-01`.
fn date(text: &str) -> Result<crate::date::Date, String> {
    crate::date::Date::parse(text)
}

#[derive(Debug, Args)]
pub struct ContractsArgs {
    #[command(flatten)]
    pub map: MapArg,
    /// Contracts ending on or before DATE (YYYY-MM-DD), instead of --within.
    #[arg(long, value_name = "DATE", value_parser = date, conflicts_with = "within")]
    pub ending_by: Option<crate::date::Date>,
    /// Contracts ending within MONTHS of --as-of (a whole number, 0 to 1200).
    #[arg(long, value_name = "MONTHS", value_parser = months, default_value_t = 12)]
    pub within: u32,
    /// The day the window starts (YYYY-MM-DD); if not given, the start of the map's area.period
    /// (2025-26 → 2025-04-01), else today.
    #[arg(long, value_name = "DATE", value_parser = date)]
    pub as_of: Option<crate::date::Date>,
    /// List every service each contract's service overlaps; without it, the first 20 of the
    /// ranking (the rest are counted).
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("change").required(true).args(["without", "withdraw"])))]
pub struct WhatIfArgs {
    #[command(flatten)]
    pub map: MapArg,
    /// Take this service off the map (repeat for several).
    #[arg(long, value_name = "SERVICE")]
    pub without: Vec<String>,
    /// This commissioner withdraws its funding: services it alone funds go, those it co-funds shrink.
    #[arg(long, value_name = "COMMISSIONER", conflicts_with = "without")]
    pub withdraw: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The maps: YAML files or folders, one row each, in this order (a folder in which every file
    /// is a whole map of its own, with its own `area`, is a row per file).
    #[arg(value_name = "MAP", required = true, num_args = 1..)]
    pub maps: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier version of the map.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The later version of the map.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Services in each map.
    #[arg(long, value_name = "N")]
    pub services: usize,
    /// Cohorts in each map.
    #[arg(long, value_name = "K")]
    pub cohorts: usize,
    /// Write this many maps into the folder given by -o (area-0001.yaml, ...), each seeded from
    /// the seed and its number.
    #[arg(long, value_name = "A")]
    pub areas: Option<usize>,
    /// Commissioners in each map [default: 4, one more for every 500 services, at most 40].
    #[arg(long, value_name = "C")]
    pub commissioners: Option<usize>,
    /// Localities in each map [default: one for every 40 services].
    #[arg(long, value_name = "L")]
    pub localities: Option<usize>,
    /// The seed: the same arguments give the same bytes.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
}
