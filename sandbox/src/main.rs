//! `switchboard-sandbox`: see `sandbox/README.md` and `--help`.

use std::io::Write;
use std::process::ExitCode;

use sandbox::{Config, Demo, USAGE};

fn main() -> ExitCode {
    let config = match Config::from_args(std::env::args().skip(1)) {
        Ok(Some(config)) => config,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("switchboard-sandbox: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("switchboard-sandbox: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async_main(config))
}

async fn async_main(config: Config) -> ExitCode {
    let running = match sandbox::run(config).await {
        Ok(running) => running,
        Err(e) => {
            eprintln!("switchboard-sandbox: {e}");
            return ExitCode::FAILURE;
        }
    };
    let demo = Demo::from_state(&running.state);
    {
        let mut out = std::io::stdout().lock();
        // Tests parse the first line; it must be alone and flushed at once.
        let _ = writeln!(out, "{}", running.ready_line());
        let _ = out.flush();
        let _ = writeln!(out, "{}", demo.banner(&running));
        let _ = out.flush();
    }
    wait_for_signal().await;
    eprintln!("switchboard-sandbox: shutting down");
    running.shutdown().await;
    ExitCode::SUCCESS
}

async fn wait_for_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = terminate => {}
    }
}
