//! The `liangpai` program: parses the command line and hands over to the library.

fn main() -> std::process::ExitCode {
    liangpai::cli::run(std::env::args_os())
}
