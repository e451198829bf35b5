use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    fix_mmap_threshold();
    let cli = match rolelint::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let code = rolelint::app::run(cli, &mut out);
    ExitCode::from(code)
}

/// glibc raises its mmap threshold each time a large block is freed (up to 32 MiB); after
/// that, the multi-megabyte lists of a large org are carved from the parsing threads' own
/// arenas and stay there when freed. With a large file parsed on two threads that cost 25
/// MB of peak memory at 100,000 people (271 MB instead of 246) and 3 MB at 10,000, for no
/// gain in time. The default threshold, fixed, keeps large blocks in their own mappings,
/// which go back to the system when freed.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn fix_mmap_threshold() {
    use std::ffi::c_int;
    const M_MMAP_THRESHOLD: c_int = -3;
    unsafe extern "C" {
        fn mallopt(param: c_int, value: c_int) -> c_int;
    }
    // SAFETY: mallopt only sets an allocator parameter, and runs before any other thread.
    unsafe {
        mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn fix_mmap_threshold() {}
