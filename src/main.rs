//! The `tracker` binary: everything is in the library.

fn main() -> std::process::ExitCode {
    tracker::cli::main()
}
