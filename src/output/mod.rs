//! Everything users see is rendered here and printed through the [`Printer`]:
//! stdout carries data, stderr carries status, diagnostics and progress.

pub mod accounts;
pub mod apply;
pub mod diagnostics;
pub mod import;
pub mod plan;
pub mod progress;
pub mod sandbox;
pub mod status;
pub mod text;
pub mod uploads;

use std::io::Write;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Width used for rendering reports, fixed so output is the same on every terminal.
pub const WIDTH: usize = 100;

/// How output should look, decided by the caller (flags, environment, terminal).
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    /// Print only results and errors.
    pub quiet: bool,
    /// Extra detail (`-v`).
    pub verbose: u8,
    /// Colour is wanted and stderr can show it.
    pub color: bool,
    /// Colour is wanted and stdout can show it (a plan on a terminal).
    pub data_color: bool,
    /// stderr is a terminal (progress bars may be drawn).
    pub terminal: bool,
}

/// Prints rendered text to the right stream for its kind. The only place that
/// writes to stdout and stderr.
///
/// Every byte passes [`crate::secret::mask`]. Write errors are not ignored: a closed
/// pipe (`| head`) closes the stream quietly, any other error is kept for
/// [`Printer::failure`] (the command then exits 1, naming the stream). Clones share
/// the streams' state.
#[derive(Clone, Debug)]
pub struct Printer {
    pub style: Style,
    streams: Arc<[Mutex<Health>; 2]>,
}

/// One of the two streams.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

impl Stream {
    pub fn name(self) -> &'static str {
        match self {
            Stream::Stdout => "stdout",
            Stream::Stderr => "stderr",
        }
    }
}

/// What became of a stream.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
enum Health {
    #[default]
    Open,
    /// The reader went away (`EPIPE`): nothing more is written, and that is fine.
    Closed,
    /// Any other error (`ENOSPC` on `/dev/full`, `EIO`): the output is lost.
    Failed(String),
}

impl Printer {
    pub fn new(style: Style) -> Self {
        Printer {
            style,
            streams: Arc::default(),
        }
    }

    /// A printer for tests and embedding: no colour, normal verbosity.
    pub fn plain() -> Self {
        Printer::new(Style::default())
    }

    /// Writes `text` as it is (masked) to `stream`, unless the stream is closed or
    /// failed already.
    pub fn write(&self, stream: Stream, text: &str) {
        let text = crate::secret::mask(text);
        let slot = match stream {
            Stream::Stdout => &self.streams[0],
            Stream::Stderr => &self.streams[1],
        };
        let Some(mut health) = stream_lock(slot, stream) else {
            // A panic in the middle of a write: say so anyway, unlocked.
            let _ = std::io::stderr().write_all(text.as_bytes());
            return;
        };
        if *health != Health::Open {
            return;
        }
        let written = match stream {
            Stream::Stdout => {
                let mut out = std::io::stdout().lock();
                out.write_all(text.as_bytes()).and_then(|()| out.flush())
            }
            Stream::Stderr => {
                let mut err = std::io::stderr().lock();
                err.write_all(text.as_bytes()).and_then(|()| err.flush())
            }
        };
        if let Err(e) = written {
            *health = if e.kind() == std::io::ErrorKind::BrokenPipe {
                Health::Closed
            } else {
                Health::Failed(e.to_string())
            };
        }
    }

    /// The first stream a write failed on (not counting a closed pipe), and why.
    pub fn failure(&self) -> Option<(Stream, String)> {
        [Stream::Stdout, Stream::Stderr]
            .into_iter()
            .zip(self.streams.iter())
            .find_map(|(stream, slot)| {
                match &*slot.lock().unwrap_or_else(PoisonError::into_inner) {
                    Health::Failed(e) => Some((stream, e.clone())),
                    _ => None,
                }
            })
    }

    /// Data for stdout (plans, JSON, schemas).
    pub fn data(&self, text: &str) {
        if text.ends_with('\n') {
            self.write(Stream::Stdout, text);
        } else {
            self.write(Stream::Stdout, &format!("{text}\n"));
        }
    }

    /// A status line on stderr; hidden with `--quiet`.
    pub fn status(&self, text: &str) {
        if !self.style.quiet {
            self.write(Stream::Stderr, &format!("{text}\n"));
        }
    }

    /// Detail shown with `-v`.
    pub fn detail(&self, text: &str) {
        if self.style.verbose > 0 {
            self.write(Stream::Stderr, &format!("{text}\n"));
        }
    }

    /// A warning on stderr, shown even with `--quiet`.
    pub fn warn(&self, text: &str) {
        self.write(Stream::Stderr, &format!("warning: {text}\n"));
    }

    /// Pre-rendered text for stderr, always shown (diagnostics).
    pub fn stderr(&self, text: &str) {
        self.write(Stream::Stderr, text);
    }

    /// Renders a top-level error; text from elsewhere in it (server messages, names)
    /// is made safe for the terminal first.
    pub fn error(&self, report: &miette::Report) {
        let text = diagnostics::render_error(report.as_ref(), self.style.color);
        self.stderr(&text);
    }

    /// A writer for `tracing`'s log lines: each line goes through this printer.
    pub fn log_writer(&self) -> LogWriter {
        LogWriter {
            printer: self.clone(),
        }
    }
}

/// The stream's state, locked; `None` when a panicking thread would wait for the
/// stderr lock (it may hold it itself, having panicked mid-write: the panic hook
/// must not deadlock).
fn stream_lock(slot: &Mutex<Health>, stream: Stream) -> Option<MutexGuard<'_, Health>> {
    if stream == Stream::Stdout || !std::thread::panicking() {
        return Some(slot.lock().unwrap_or_else(PoisonError::into_inner));
    }
    match slot.try_lock() {
        Ok(guard) => Some(guard),
        Err(std::sync::TryLockError::Poisoned(p)) => Some(p.into_inner()),
        Err(std::sync::TryLockError::WouldBlock) => None,
    }
}

/// Makes one [`LogLine`] per log event (see [`Printer::log_writer`]).
#[derive(Clone, Debug)]
pub struct LogWriter {
    printer: Printer,
}

/// One log event, buffered whole so that masking sees the token in one piece.
pub struct LogLine {
    printer: Printer,
    buf: Vec<u8>,
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogWriter {
    type Writer = LogLine;

    fn make_writer(&'a self) -> LogLine {
        LogLine {
            printer: self.printer.clone(),
            buf: Vec::new(),
        }
    }
}

impl Write for LogLine {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for LogLine {
    fn drop(&mut self) {
        if !self.buf.is_empty() {
            self.printer
                .stderr(&String::from_utf8_lossy(&std::mem::take(&mut self.buf)));
        }
    }
}
