//! `dify-logs-server`: command line entry point.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgGroup, Args, Parser, Subcommand};
use dify_logs_server::proxy::{self, LogFormat, Metrics, Upstreams};
use dify_logs_server::{build_demo, serve_until, DemoConfig, Stopped};

/// Dify-compatible servers for the dify-logs widget.
#[derive(Parser, Debug)]
#[command(name = "dify-logs-server", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve a generated, Dify-compatible `/v1` API (no real Dify needed);
    /// with --apps N, N apps at /apps/{slug}/v1 as well.
    Demo(DemoArgs),
    /// Forward the widget's read-only calls to a real Dify, adding the app
    /// key from DIFY_API_KEY (or --key-file) so it never reaches a browser;
    /// or to several apps listed in --apps-file, each with its own key.
    #[command(after_help = PROXY_ENV_HELP)]
    Proxy(ProxyArgs),
}

/// The environment the proxy reads, shown under `proxy --help`.
const PROXY_ENV_HELP: &str = "\
Environment:
  DIFY_API_KEY          The Dify app key (unless --key-file or --apps-file is
                        given; an apps file names each app's variable).
  SSL_CERT_FILE         A PEM file of trusted certificates.
  SSL_CERT_DIR          Directories of them (OpenSSL's hashed names, `:`-separated).
                        Either one replaces the system store, as in OpenSSL; the
                        built-in roots and --ca-file are trusted as well.
  HTTPS_PROXY           An http:// or https:// proxy for an https upstream
                        (a CONNECT tunnel: TLS stays end to end with Dify).
  HTTP_PROXY            A proxy for an http upstream (like the network, it sees
                        the key).
  ALL_PROXY             The proxy for both when the above are not set.
  NO_PROXY              Hosts reached directly, comma-separated: names (a name
                        covers its subdomains too), IPs, CIDR ranges, or *.
                        Loopback is proxied too unless listed here.
                        Lower-case names (https_proxy, ...) work as well.

Upstream TLS is always verified; there is no switch to skip that.";

#[derive(Args, Debug)]
#[command(group(ArgGroup::new("apps").required(true).args(["upstream", "apps_file"])))]
struct ProxyArgs {
    /// Dify's API base, ending in /v1 (e.g. https://api.dify.ai/v1): one
    /// app, served at /v1.
    #[arg(long, value_name = "URL")]
    upstream: Option<String>,
    /// Serve the apps listed in this TOML file instead, each at
    /// /apps/{slug}/v1 with its own upstream and key (key_env or key_file),
    /// the first also at /v1; GET /apps lists their slugs and labels.
    #[arg(long, value_name = "PATH", conflicts_with = "key_file")]
    apps_file: Option<PathBuf>,
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8787")]
    addr: SocketAddr,
    /// Also serve the built widget from this directory at `/`.
    #[arg(long, value_name = "DIR")]
    serve_dir: Option<PathBuf>,
    /// An origin allowed to call the proxy cross-origin (repeatable; exact
    /// match). Without it only same-origin pages can read the answers.
    #[arg(long = "allow-origin", value_name = "ORIGIN")]
    allow_origins: Vec<String>,
    /// Read the app key from this file instead of DIFY_API_KEY. The key is
    /// never taken from a flag: flags show in process lists.
    #[arg(long, value_name = "PATH")]
    key_file: Option<PathBuf>,
    /// Also trust the certificates in this PEM file, e.g. the private CA of
    /// a self-hosted Dify (repeatable). A file that is missing, unreadable
    /// or holds no certificate stops start-up.
    #[arg(long = "ca-file", value_name = "PATH")]
    ca_files: Vec<PathBuf>,
    /// Total time for one upstream request, body included.
    #[arg(long, default_value_t = 15)]
    timeout_secs: u64,
    /// Time to connect to the upstream.
    #[arg(long, default_value_t = 5)]
    connect_timeout_secs: u64,
    /// Requests per minute per client IP (0: no limit).
    #[arg(long, default_value_t = 600)]
    rate_limit_per_minute: u32,
    /// Upstream requests in flight at once; more get a 503.
    #[arg(long, default_value_t = 64)]
    max_concurrency: usize,
    /// Largest upstream answer passed on, in bytes; larger ones become a 502.
    #[arg(long, default_value_t = 4 * 1024 * 1024)]
    max_response_bytes: usize,
    /// The request log on stderr: `text`, or `json` (one object per line).
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
    /// Also serve Prometheus metrics at http://ADDR/metrics (a separate
    /// listener: keep it off the public network).
    #[arg(long, value_name = "ADDR")]
    metrics_addr: Option<SocketAddr>,
    /// On SIGTERM or Ctrl-C, how long requests in flight may take to
    /// finish before the proxy exits anyway.
    #[arg(long, default_value_t = 10)]
    shutdown_grace_secs: u64,
}

#[derive(Args, Debug)]
struct DemoArgs {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8788")]
    addr: SocketAddr,
    /// The API key the demo accepts at /v1; each app of --apps accepts it
    /// followed by `-` and the app's slug (app-demo-support, ...).
    #[arg(long, default_value = "app-demo")]
    key: String,
    /// Also serve this many apps (1 to 6), each with data of its own, at
    /// /apps/{slug}/v1, listed by GET /apps; the first has the data of /v1.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=6))]
    apps: Option<u8>,
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
    /// Enable the `/__test/*` hooks: request log, fault injection, new
    /// runs while a client pages, same-second order shuffling.
    #[arg(long)]
    test_hooks: bool,
    /// On SIGTERM or Ctrl-C, how long requests in flight may take to
    /// finish before the demo exits anyway.
    #[arg(long, default_value_t = 10)]
    shutdown_grace_secs: u64,
}

/// A line on stdout that never takes the server down: whoever started it
/// may read the first line and close the pipe (`println!` panics then).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, $($arg)*);
        let _ = out.flush();
    }};
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Demo(args) => run_demo(args).await,
        Command::Proxy(args) => run_proxy(args).await,
    }
}

/// What `--upstream` or `--apps-file` configure.
struct Target {
    upstreams: Upstreams,
    /// Every key, for the log's redaction.
    keys: Vec<String>,
    /// Where requests go, for the listening line.
    shown: String,
    /// Upstreams that look wrong but may be right.
    warnings: Vec<String>,
}

/// Reads the app or apps; errors are for exit code 2.
fn target(args: &ProxyArgs) -> Result<Target, String> {
    if let Some(file) = &args.apps_file {
        let apps = proxy::load_apps_file(file, &|var| std::env::var(var).ok())?;
        let slugs: Vec<&str> = apps.iter().map(|a| a.slug()).collect();
        return Ok(Target {
            keys: apps
                .iter()
                .map(|a| a.key().expose_secret().to_string())
                .collect(),
            shown: format!(
                "{} apps from {}: {}",
                apps.len(),
                file.display(),
                slugs.join(", ")
            ),
            warnings: apps
                .iter()
                .filter_map(|a| {
                    proxy::v1_warning(&format!("app {}: upstream", a.slug()), a.upstream())
                })
                .collect(),
            upstreams: Upstreams::Apps(apps),
        });
    }
    let raw = args.upstream.as_deref().unwrap_or_default();
    let upstream = proxy::parse_upstream(raw)?;
    let env_key = std::env::var("DIFY_API_KEY").ok();
    let key = proxy::load_key(env_key.as_deref(), args.key_file.as_deref())?;
    Ok(Target {
        keys: vec![key.expose_secret().to_string()],
        shown: upstream.to_string(),
        warnings: proxy::v1_warning("--upstream", &upstream)
            .into_iter()
            .collect(),
        upstreams: Upstreams::One {
            upstream: raw.to_string(),
            key,
        },
    })
}

async fn run_proxy(args: ProxyArgs) -> std::process::ExitCode {
    let target = match target(&args) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("dify-logs proxy: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    if let Err(e) = proxy::log::init(args.log_format, target.keys) {
        eprintln!("dify-logs proxy: {e}");
        return std::process::ExitCode::from(1);
    }
    for w in &target.warnings {
        eprintln!("dify-logs proxy: {w}");
    }
    let mut cfg = proxy::ProxyConfig::with_upstreams(target.upstreams);
    cfg.serve_dir = args.serve_dir;
    cfg.allow_origins = args.allow_origins;
    cfg.ca_files = args.ca_files;
    cfg.timeout = std::time::Duration::from_secs(args.timeout_secs.max(1));
    cfg.connect_timeout = std::time::Duration::from_secs(args.connect_timeout_secs.max(1));
    cfg.rate_limit_per_minute = args.rate_limit_per_minute;
    cfg.max_concurrency = args.max_concurrency;
    cfg.max_response_bytes = args.max_response_bytes;
    cfg.metrics = args.metrics_addr.map(|_| Metrics::new());
    let cfg_metrics = cfg.metrics.clone();
    let router = match proxy::build(cfg) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("dify-logs proxy: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let listener = match listen(args.addr).await {
        Ok(l) => l,
        Err(code) => return code,
    };
    let metrics_listener = match args.metrics_addr {
        Some(a) => match listen(a).await {
            Ok(l) => Some(l),
            Err(code) => return code,
        },
        None => None,
    };
    let addr = listener.local_addr().unwrap_or(args.addr);
    // Tests wait for this exact line.
    say!(
        "dify-logs proxy listening on http://{addr} -> {}",
        target.shown
    );
    if let (Some(l), Some(m)) = (metrics_listener, &cfg_metrics) {
        let maddr = l.local_addr().unwrap_or(addr);
        say!("dify-logs proxy metrics on http://{maddr}/metrics");
        tokio::spawn(dify_logs_server::serve(l, m.router()));
    }
    let grace = Duration::from_secs(args.shutdown_grace_secs);
    let stopped = proxy::serve_until(listener, router, shutdown_signal(grace), grace).await;
    report(stopped);
    std::process::ExitCode::SUCCESS
}

async fn run_demo(args: DemoArgs) -> std::process::ExitCode {
    if let Err(e) = proxy::log::init(LogFormat::Text, Vec::new()) {
        eprintln!("dify-logs demo: {e}");
        return std::process::ExitCode::from(1);
    }
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
        apps: args.apps.map_or(0, usize::from),
    };
    let demo = build_demo(&cfg);
    let listener = match listen(args.addr).await {
        Ok(l) => l,
        Err(code) => return code,
    };
    let addr = listener.local_addr().unwrap_or(args.addr);
    // Tests wait for this exact line, so it goes out as soon as we accept.
    say!(
        "dify-logs demo listening on http://{addr} (key: {})",
        cfg.key
    );
    for app in &demo.apps {
        say!(
            "dify-logs demo app {} at http://{addr}/apps/{}/v1 (key: {}, {} runs): {}",
            app.slug,
            app.slug,
            app.key,
            app.data.runs.len(),
            app.label
        );
    }
    let grace = Duration::from_secs(args.shutdown_grace_secs);
    let stopped = serve_until(listener, demo.router, shutdown_signal(grace), grace).await;
    report(stopped);
    std::process::ExitCode::SUCCESS
}

/// Logs how the drain after the shutdown signal went.
fn report(stopped: Stopped) {
    if stopped.cut_off == 0 {
        tracing::info!(
            open = stopped.open,
            "stopped: every request in flight was answered"
        );
    } else {
        tracing::warn!(
            open = stopped.open,
            cut_off = stopped.cut_off,
            "stopped: the grace period ran out, connections still busy were closed"
        );
    }
}

/// Binds `addr`; on failure says so and gives exit code 1.
async fn listen(addr: SocketAddr) -> Result<tokio::net::TcpListener, std::process::ExitCode> {
    tokio::net::TcpListener::bind(addr).await.map_err(|e| {
        eprintln!("cannot listen on {addr}: {e}");
        std::process::ExitCode::from(1)
    })
}

/// Ctrl-C or SIGTERM, logged.
async fn shutdown_signal(grace: Duration) {
    signal().await;
    tracing::info!(
        grace_secs = grace.as_secs(),
        "shutting down: no new connections, finishing the requests in flight"
    );
}

async fn signal() {
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
