//! The `soc2` binary: parse the command line and hand over to the library.

/// A large workbook is millions of short strings (ids, owners, dates): jemalloc's size
/// classes hold them without glibc's per-allocation header and 32-byte minimum, which
/// took the 100,000-item `status` from 192 to 155 MB.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> std::process::ExitCode {
    match soc2_workbook::cli::parse() {
        Ok(cli) => soc2_workbook::cli::run(cli),
        Err(code) => code,
    }
}
