//! The `agendoc` command: parses the command line, dispatches to `agendoc::cmd`, and maps the
//! outcome to an exit code: 0 success, 1 input errors, 2 usage errors, 3 internal failures, 130
//! interrupted. Only this file decides how the process ends.

use std::process::ExitCode;

use clap::Parser;

use agendoc::cli::{Cli, Command, I18nCommand};
use agendoc::project::NotAProject;
use agendoc::{Outcome, cmd, output};

/// Stack of the worker threads. Typst's layout recurses deeply; rayon's default 2 MiB stacks
/// overflowed on a session of 100 documents (benches/compare.py).
const WORKER_STACK: usize = 64 * 1024 * 1024;

/// Exit code of a run stopped by Ctrl-C (128 + SIGINT), as shells report it.
const INTERRUPTED: u8 = 130;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Only fails if a pool already exists, which nothing creates before this line.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(WORKER_STACK)
        .build_global();
    // Outputs are rendered in memory: an interrupt stops at once, unless files are being renamed
    // into place, which then finishes first (the write reports `Interrupted`).
    let _ = ctrlc::set_handler(|| {
        if output::interrupt() {
            eprintln!("interrupted: nothing was written");
            std::process::exit(INTERRUPTED.into());
        }
    });
    let project = &cli.project;
    let result = match &cli.command {
        Command::Init { dir, languages } => cmd::new::init(
            &project.join(dir.as_deref().unwrap_or(".".as_ref())),
            languages,
        ),
        Command::New { name, kind } => cmd::new::new(project, name, *kind),
        Command::Eject { files, list, force } => cmd::eject::run(project, files, *list, *force),
        Command::Build(args) => cmd::build::run(project, args),
        Command::Serve(args) => cmd::serve::run(project, args),
        Command::Check(args) => cmd::check::run(project, args),
        Command::I18n(I18nCommand::Status { selection, json }) => {
            cmd::i18n::status(project, selection, *json)
        }
        Command::I18n(I18nCommand::Accept {
            lang,
            document,
            ids,
        }) => cmd::i18n::accept(project, lang, document.as_deref(), ids),
        Command::I18n(I18nCommand::Export {
            lang,
            format,
            document,
            output,
        }) => cmd::i18n::export(
            project,
            lang,
            *format,
            document.as_deref(),
            output.as_deref(),
        ),
        Command::I18n(I18nCommand::Import { file, lang }) => {
            cmd::i18n::import(project, file, lang.as_deref())
        }
        Command::I18n(I18nCommand::Review {
            lang,
            document,
            output,
        }) => cmd::i18n::review(project, lang, document.as_deref(), output.as_deref()),
        Command::Verify(args) => cmd::verify::run(project, args),
        Command::Diff(args) => cmd::diff::run(project, args),
        Command::Explain { code } => cmd::explain::run(code.as_deref()),
        Command::Schema { out } => cmd::schema::run(project, out.as_deref()),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut command, "agendoc", &mut std::io::stdout());
            Ok(Outcome::Success)
        }
        Command::Man => {
            let page = clap_mangen::Man::new(<Cli as clap::CommandFactory>::command());
            page.render(&mut std::io::stdout())
                .map(|()| Outcome::Success)
                .map_err(anyhow::Error::from)
        }
    };
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::InputErrors) => ExitCode::from(1),
        Ok(Outcome::UsageError) => ExitCode::from(2),
        Err(err) if err.downcast_ref::<NotAProject>().is_some() => {
            eprintln!("error: {err}");
            ExitCode::from(2)
        }
        Err(err) if err.downcast_ref::<output::Interrupted>().is_some() => {
            eprintln!("{err}");
            ExitCode::from(INTERRUPTED)
        }
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(3)
        }
    }
}
