//! The `liangpai` program: parses the command line and hands over to the library.

// Windows: a GUI program, so a double-click opens no console window; commands typed in cmd
// still print, through the parent's console (see `attach_parent_console`).
#![cfg_attr(windows, windows_subsystem = "windows")]

/// mimalloc instead of the system allocator: the export of a whole set allocates and frees many
/// picture and font buffers, which glibc returns to the kernel and faults in again (a third of
/// an export's CPU went to malloc and page faults; README "Throughput").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    #[cfg(windows)]
    if std::env::args_os().len() > 1 {
        attach_parent_console();
    }
    liangpai::cli::run(std::env::args_os())
}

/// Windows: when started with arguments from cmd or PowerShell, writes to that console. Output
/// that is already redirected (`> file`) keeps its handles; without a parent console (a
/// double-clicked file) nothing happens.
#[cfg(windows)]
#[allow(unsafe_code)]
fn attach_parent_console() {
    use windows_sys::Win32::System::Console::{
        ATTACH_PARENT_PROCESS, AttachConsole, GetStdHandle, STD_ERROR_HANDLE, STD_OUTPUT_HANDLE,
    };
    // SAFETY: plain Win32 calls without pointers; a failure only means there is no console.
    unsafe {
        if GetStdHandle(STD_OUTPUT_HANDLE).is_null() && GetStdHandle(STD_ERROR_HANDLE).is_null() {
            AttachConsole(ATTACH_PARENT_PROCESS);
        }
    }
}
