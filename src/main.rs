//! The `tracker` binary: everything is in the library.

// A history walk allocates and frees millions of small strings and maps; see
// docs/performance.md for what this allocator saves over the system's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    tracker::cli::main()
}
