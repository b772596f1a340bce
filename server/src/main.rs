//! `dify-logs-server`: command line entry point.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use dify_logs_server::{build_demo, serve, DemoConfig};

/// Dify-compatible servers for the dify-logs widget.
#[derive(Parser, Debug)]
#[command(name = "dify-logs-server", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve a generated, Dify-compatible `/v1` API (no real Dify needed).
    Demo(DemoArgs),
    // Proxy(ProxyArgs) will forward to a real Dify (server/src/proxy.rs).
}

#[derive(Args, Debug)]
struct DemoArgs {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8788")]
    addr: SocketAddr,
    /// The API key the demo accepts.
    #[arg(long, default_value = "app-demo")]
    key: String,
    /// Number of log entries to generate.
    #[arg(long, default_value_t = 1000)]
    count: usize,
    /// Seed of the generated data.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Also serve this directory's static files at `/`.
    #[arg(long, value_name = "DIR")]
    serve_dir: Option<PathBuf>,
    /// Reference "now" (Unix seconds) for the data; default: the current time.
    #[arg(long, value_name = "UNIX_SECONDS")]
    now: Option<i64>,
    /// Enable the `/__test/*` request log and fault injection.
    #[arg(long)]
    test_hooks: bool,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Demo(args) => run_demo(args).await,
    }
}

async fn run_demo(args: DemoArgs) -> std::process::ExitCode {
    if let Some(dir) = &args.serve_dir {
        if !dir.is_dir() {
            eprintln!("--serve-dir {}: not a directory", dir.display());
            return std::process::ExitCode::from(2);
        }
    }
    let now = args.now.unwrap_or_else(|| chrono::Utc::now().timestamp());
    let cfg = DemoConfig {
        key: args.key,
        count: args.count,
        seed: args.seed,
        now,
        serve_dir: args.serve_dir,
        test_hooks: args.test_hooks,
    };
    let demo = build_demo(&cfg);
    let listener = match tokio::net::TcpListener::bind(args.addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cannot listen on {}: {e}", args.addr);
            return std::process::ExitCode::from(1);
        }
    };
    let addr = listener.local_addr().unwrap_or(args.addr);
    // Tests wait for this exact line, so it goes out as soon as we accept.
    println!(
        "dify-logs demo listening on http://{addr} (key: {})",
        cfg.key
    );
    tokio::select! {
        _ = serve(listener, demo.router) => {}
        _ = shutdown_signal() => {}
    }
    std::process::ExitCode::SUCCESS
}

/// Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}
