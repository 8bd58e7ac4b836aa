//! `agendoc explain`: what a diagnostic code means.

use crate::Outcome;
use crate::diagnostics::Code;

pub fn run(code: Option<&str>) -> anyhow::Result<Outcome> {
    match code {
        None => {
            for code in Code::ALL {
                println!("{} {:<20} {}", code.id(), code.name(), code.explanation());
            }
            Ok(Outcome::Success)
        }
        Some(text) => match Code::parse(text) {
            Some(code) => {
                println!("{} {}\n\n{}", code.id(), code.name(), code.explanation());
                Ok(Outcome::Success)
            }
            None => {
                eprintln!(
                    "error: no diagnostic code `{text}`\nhint: `agendoc explain` lists them all"
                );
                Ok(Outcome::InputErrors)
            }
        },
    }
}
