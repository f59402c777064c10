fn main() -> std::process::ExitCode {
    ecomap::cli::run()
}
