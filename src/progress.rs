//! Progress for long work: a bar per stage on a terminal, plain lines otherwise, nothing with
//! `--quiet`. Printed to stderr so that stdout stays for results.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

/// How progress is shown for this run.
pub struct Progress {
    mode: Mode,
}

#[derive(Clone, Copy)]
enum Mode {
    Quiet,
    Lines,
    Bars,
}

/// One stage of work with a known number of steps.
pub struct Stage {
    bar: Option<ProgressBar>,
    mode: Mode,
    name: &'static str,
}

impl Progress {
    pub fn new(quiet: bool) -> Progress {
        let mode = if quiet {
            Mode::Quiet
        } else if std::io::stderr().is_terminal() {
            Mode::Bars
        } else {
            Mode::Lines
        };
        Progress { mode }
    }

    /// Nothing shown, for callers that report by other means (the preview server).
    pub fn hidden() -> Progress {
        Progress { mode: Mode::Quiet }
    }

    /// A one-off line (not on a terminal with bars, where the bars say it).
    pub fn line(&self, message: &str) {
        if let Mode::Lines = self.mode {
            eprintln!("build: {message}");
        }
    }

    pub fn stage(&self, name: &'static str, total: usize) -> Stage {
        let bar = match self.mode {
            Mode::Bars => {
                let bar = ProgressBar::new(total as u64);
                bar.set_style(
                    ProgressStyle::with_template("{prefix:>8} [{bar:30}] {pos}/{len} {msg}")
                        .expect("valid template")
                        .progress_chars("=> "),
                );
                bar.set_prefix(name);
                Some(bar)
            }
            _ => None,
        };
        Stage {
            bar,
            mode: self.mode,
            name,
        }
    }
}

impl Stage {
    /// One step finished.
    pub fn done(&self, what: &str) {
        match (&self.bar, self.mode) {
            (Some(bar), _) => {
                bar.set_message(what.to_string());
                bar.inc(1);
            }
            (None, Mode::Lines) => eprintln!("{}: {what}", self.name),
            _ => {}
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
