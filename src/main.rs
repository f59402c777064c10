/// mimalloc in place of the system allocator: the analyses make and drop many small vectors and
/// strings, and on a large map the system allocator's bookkeeping was a tenth to a sixth of a
/// command's time (docs/performance.md). Built without transparent huge pages (`no_thp` in
/// Cargo.toml): the kernel zeroing the 2 MiB pages it asked for was a sixth to a quarter of a large
/// report's time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    ecomap::cli::run()
}
