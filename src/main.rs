//! The `agendoc` command: parses the command line, dispatches to `agendoc::cmd`, and maps the
//! outcome to an exit code: 0 success, 1 input errors, 2 usage errors, 3 internal failures.

use std::process::ExitCode;

use clap::Parser;

use agendoc::cli::{Cli, Command, I18nCommand};
use agendoc::{Outcome, cmd};

/// Stack of the worker threads. Typst's layout recurses deeply; rayon's default 2 MiB stacks
/// overflowed on a session of 100 documents (benches/compare.py).
const WORKER_STACK: usize = 64 * 1024 * 1024;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Only fails if a pool already exists, which nothing creates before this line.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(WORKER_STACK)
        .build_global();
    agendoc::output::handle_interrupts();
    let result = match &cli.command {
        Command::Build(args) => cmd::build::run(&cli.project, args),
        Command::Serve(args) => cmd::serve::run(&cli.project, args),
        Command::Check(args) => cmd::check::run(&cli.project, args),
        Command::I18n(I18nCommand::Status { selection, json }) => {
            cmd::i18n::status(&cli.project, selection, *json)
        }
        Command::I18n(I18nCommand::Accept {
            lang,
            document,
            ids,
        }) => cmd::i18n::accept(&cli.project, lang, document.as_deref(), ids),
        Command::I18n(I18nCommand::Export {
            lang,
            format,
            document,
            output,
        }) => cmd::i18n::export(
            &cli.project,
            lang,
            *format,
            document.as_deref(),
            output.as_deref(),
        ),
        Command::I18n(I18nCommand::Import { file, lang }) => {
            cmd::i18n::import(&cli.project, file, lang.as_deref())
        }
        Command::I18n(I18nCommand::Review {
            lang,
            document,
            output,
        }) => cmd::i18n::review(&cli.project, lang, document.as_deref(), output.as_deref()),
        Command::Verify(args) => cmd::verify::run(&cli.project, args),
        Command::Explain { code } => cmd::explain::run(code.as_deref()),
        Command::Schema { out } => cmd::schema::run(&cli.project, out.as_deref()),
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
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(3)
        }
    }
}
