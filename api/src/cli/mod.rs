//! Command-line interface. Every command loads the same settings as the server.

pub mod bootstrap;
pub mod demo;
mod demo_assessment;
mod demo_reports;
mod demo_supervision;
mod demo_targets;
mod demo_units;

use clap::{Parser, Subcommand, ValueEnum};
use migration::{Migrator, MigratorTrait};

use crate::settings::Settings;
use crate::startup::{Application, build_state};

#[derive(Parser, Debug)]
#[command(
    name = "shiliu",
    version,
    about = "石榴 Shiliu: GraphQL API of the ethnic unity and progress demonstration campaign"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Apply pending migrations and serve (the default).
    Serve {
        /// Load the demo data set first if the database holds no tenant yet (not in production).
        #[arg(long)]
        demo: bool,
    },
    /// Apply, roll back or list migrations.
    Migrate {
        #[arg(value_enum)]
        action: MigrateAction,
    },
    /// Create a city tenant and its first ADMIN. The password comes from
    /// SHILIU_BOOTSTRAP_PASSWORD or, failing that, one line of standard input.
    Bootstrap {
        /// Division code of the city, e.g. 450200.
        #[arg(long)]
        code: String,
        /// Name of the city, e.g. 柳州市.
        #[arg(long)]
        name: String,
        /// Username of the first ADMIN.
        #[arg(long)]
        admin: String,
    },
    /// Load the demo data set (refused under the production profile).
    Demo,
    /// Print the GraphQL schema (SDL).
    Schema,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum MigrateAction {
    Up,
    Down,
    Status,
}

pub async fn run(cli: Cli) -> Result<(), String> {
    let command = cli.command.unwrap_or(Command::Serve { demo: false });
    if let Command::Schema = command {
        print!("{}", crate::graphql::sdl());
        return Ok(());
    }
    let settings = Settings::load().map_err(|e| e.to_string())?;
    match command {
        Command::Serve { demo } => {
            if demo && settings.is_production() {
                return Err("--demo is refused under the production profile".to_owned());
            }
            let state = build_state(settings).await.map_err(|e| e.to_string())?;
            if demo {
                demo::load_if_empty(&state).await?;
            }
            let app = Application::serve(state).map_err(|e| e.to_string())?;
            tracing::info!(port = app.port(), "Shiliu is serving; GraphiQL at /graphiql");
            app.run_until_stopped().await.map_err(|e| e.to_string())
        }
        Command::Migrate { action } => {
            let db = crate::db::connect(&settings.database).await?;
            let result = match action {
                MigrateAction::Up => Migrator::up(&db, None).await,
                MigrateAction::Down => Migrator::down(&db, Some(1)).await,
                MigrateAction::Status => Migrator::status(&db).await,
            };
            result.map_err(|e| format!("migrate: {e}"))?;
            for m in Migrator::get_migration_with_status(&db).await.map_err(|e| e.to_string())? {
                println!("{}\t{}", m.name(), m.status());
            }
            Ok(())
        }
        Command::Bootstrap { code, name, admin } => {
            let password = bootstrap::read_password()?;
            let state = build_state(settings).await.map_err(|e| e.to_string())?;
            bootstrap::run(&state, &code, &name, &admin, password).await
        }
        Command::Demo => {
            if settings.is_production() {
                return Err("the demo data set is refused under the production profile".to_owned());
            }
            let state = build_state(settings).await.map_err(|e| e.to_string())?;
            demo::load(&state).await
        }
        Command::Schema => Ok(()),
    }
}
