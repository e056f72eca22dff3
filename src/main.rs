fn main() -> std::process::ExitCode {
    smartplus::cli::main()
}
