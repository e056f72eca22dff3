// Planning a large account makes millions of small allocations (JSON values,
// paths, names); the system allocator spent a quarter of the plan's time on them.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    smartplus::cli::main()
}
