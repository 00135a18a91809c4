//! Switchboard sandbox: a local stand-in for the Dimensions reseller API and
//! the Telecom X API, for development and browser tests. See `sandbox/README.md`.
//!
//! It has its own types (in [`seed`]) and never imports the console's models,
//! so a field name that is wrong on one side is caught by the other.

pub mod api;
pub mod bulk;
pub mod control;
pub mod generated;
pub mod pbx;
pub mod portal;
pub mod seed;
pub mod serve;
pub mod state;
pub mod static_site;
pub mod telecomx;
pub mod time;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, LOCATION};
use axum::http::{HeaderName, HeaderValue, Method};
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::seed::Seed;
pub use crate::state::AppState;

/// Where and what to serve. `Config::default()` is the documented default
/// command line.
#[derive(Debug, Clone)]
pub struct Config {
    pub host: IpAddr,
    /// API listener port; 0 picks a free one.
    pub port: u16,
    /// Serve this directory as a static site on a second listener.
    pub static_dir: Option<PathBuf>,
    /// Static listener port; 0 picks a free one.
    pub static_port: u16,
    /// Served as `/config.json` on the static listener, with
    /// `__SANDBOX_API__` replaced by the API origin.
    pub config_json: Option<PathBuf>,
    /// Serve the demo customer portal (which embeds the console) on a third
    /// listener on this port; 0 picks a free one.
    pub portal_port: Option<u16>,
    /// Extra CORS origins for the API listener.
    pub cors_origins: Vec<String>,
    /// Seed file; `None` = the embedded `data/seed.json`.
    pub seed: Option<PathBuf>,
    /// Extra accepted bearer tokens.
    pub tokens: Vec<String>,
    /// Print one line per `/api` request to stderr.
    pub log_requests: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 8787,
            static_dir: None,
            static_port: 8080,
            config_json: None,
            portal_port: None,
            cors_origins: Vec::new(),
            seed: None,
            tokens: Vec::new(),
            log_requests: false,
        }
    }
}

pub const USAGE: &str = "\
usage: switchboard-sandbox [--host 127.0.0.1] [--port 8787] [--static DIR] [--static-port 8080]
                           [--config-json FILE] [--cors-origin ORIGIN]... [--seed FILE] [--token TOKEN]...
                           [--portal-port N] [--quiet]

  --host ADDR          address both listeners bind (default 127.0.0.1)
  --port N             API listener port, 0 = any free port (default 8787); API base is /api
  --static DIR         also serve DIR as a static site (SPA fallback to index.html)
  --static-port N      static listener port, 0 = any free port (default 8080)
  --config-json FILE   serve FILE as /config.json on the static listener, with
                       __SANDBOX_API__ replaced by the API origin
  --portal-port N      also serve the demo customer portal, which embeds the
                       console, on this port (0 = any free port); in the
                       config file __SANDBOX_PORTAL__ is replaced by its origin
  --cors-origin ORIGIN allow this browser origin on the API (repeatable)
  --seed FILE          start from FILE instead of the embedded data/seed.json
  --token TOKEN        accept this bearer token too (repeatable)
  --quiet              do not log API requests to stderr
";

impl Config {
    /// Parses the command line (without the program name). `Err` carries a
    /// message for the user; `Ok(None)` means `--help` was asked for.
    pub fn from_args<I, S>(args: I) -> Result<Option<Config>, String>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut config = Config {
            log_requests: true,
            ..Config::default()
        };
        let mut args = args.into_iter().map(Into::into);
        while let Some(arg) = args.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
                _ => (arg.clone(), None),
            };
            if flag == "--help" || flag == "-h" {
                return Ok(None);
            }
            if flag == "--quiet" {
                config.log_requests = false;
                continue;
            }
            let mut value = || {
                inline
                    .clone()
                    .or_else(|| args.next())
                    .ok_or_else(|| format!("{flag} needs a value"))
            };
            match flag.as_str() {
                "--host" => {
                    let v = value()?;
                    config.host = if v == "localhost" {
                        IpAddr::V4(Ipv4Addr::LOCALHOST)
                    } else {
                        v.parse()
                            .map_err(|_| format!("--host: not an IP address: {v}"))?
                    };
                }
                "--port" => config.port = parse_port("--port", &value()?)?,
                "--static-port" => config.static_port = parse_port("--static-port", &value()?)?,
                "--static" => config.static_dir = Some(PathBuf::from(value()?)),
                "--config-json" => config.config_json = Some(PathBuf::from(value()?)),
                "--portal-port" => {
                    config.portal_port = Some(parse_port("--portal-port", &value()?)?)
                }
                "--cors-origin" => config.cors_origins.push(value()?),
                "--seed" => config.seed = Some(PathBuf::from(value()?)),
                "--token" => config.tokens.push(value()?),
                other => return Err(format!("unknown argument: {other}")),
            }
        }
        if config.config_json.is_some() && config.static_dir.is_none() {
            return Err("--config-json needs --static DIR".into());
        }
        if config.portal_port.is_some() && config.static_dir.is_none() {
            return Err("--portal-port needs --static DIR (the portal embeds the console)".into());
        }
        Ok(Some(config))
    }
}

fn parse_port(flag: &str, v: &str) -> Result<u16, String> {
    v.parse()
        .map_err(|_| format!("{flag}: not a port number: {v}"))
}

/// `http://ip:port` for a bound address; an unspecified address (0.0.0.0,
/// ::) is shown as loopback, which is what a local browser should use.
pub fn origin(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}", SocketAddr::new(ip, addr.port()))
}

/// A started sandbox: both listeners are bound and serving.
pub struct Running {
    pub api_addr: SocketAddr,
    pub static_addr: Option<SocketAddr>,
    pub portal_addr: Option<SocketAddr>,
    pub state: AppState,
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl Running {
    /// e.g. `http://127.0.0.1:8787` (the console's base URL is this + `/api`).
    pub fn api_origin(&self) -> String {
        origin(self.api_addr)
    }

    pub fn static_origin(&self) -> Option<String> {
        self.static_addr.map(origin)
    }

    pub fn portal_origin(&self) -> Option<String> {
        self.portal_addr.map(origin)
    }

    /// The line tests wait for:
    /// `SANDBOX_READY api=http://127.0.0.1:PORT static=http://127.0.0.1:PORT2 portal=...`
    /// (`-` for a listener that is not running).
    pub fn ready_line(&self) -> String {
        format!(
            "SANDBOX_READY api={} static={} portal={}",
            self.api_origin(),
            self.static_origin().unwrap_or_else(|| "-".into()),
            self.portal_origin().unwrap_or_else(|| "-".into())
        )
    }

    /// Stops accepting, lets in-flight requests finish (briefly), returns.
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(true);
        for task in self.tasks {
            let _ = task.await;
        }
    }
}

/// Errors that stop the sandbox from starting.
#[derive(Debug)]
pub struct StartError(pub String);

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StartError {}

/// Loads the seed, binds the listener(s) and starts serving in the background.
pub async fn run(config: Config) -> Result<Running, StartError> {
    let seed = match &config.seed {
        None => Seed::default_seed(),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| StartError(format!("--seed {}: {e}", path.display())))?;
            Seed::parse(&text).map_err(|e| StartError(format!("--seed {}: {e}", path.display())))?
        }
    };
    if let Some(dir) = &config.static_dir {
        if !dir.is_dir() {
            return Err(StartError(format!(
                "--static {}: not a directory",
                dir.display()
            )));
        }
    }
    if let Some(file) = &config.config_json {
        let text = std::fs::read_to_string(file)
            .map_err(|e| StartError(format!("--config-json {}: {e}", file.display())))?;
        if text.contains(portal::PORTAL_PLACEHOLDER) && config.portal_port.is_none() {
            return Err(StartError(format!(
                "--config-json {}: it names {} but --portal-port is not given",
                file.display(),
                portal::PORTAL_PLACEHOLDER
            )));
        }
    }

    let bind = |port: u16, what: &'static str| {
        let addr = SocketAddr::new(config.host, port);
        async move {
            TcpListener::bind(addr)
                .await
                .map_err(|e| StartError(format!("{what}: cannot listen on {addr}: {e}")))
        }
    };
    let api_listener = bind(config.port, "--port").await?;
    let api_addr = api_listener
        .local_addr()
        .map_err(|e| StartError(e.to_string()))?;
    let static_listener = match &config.static_dir {
        Some(_) => Some(bind(config.static_port, "--static-port").await?),
        None => None,
    };
    let static_addr = match &static_listener {
        Some(l) => Some(l.local_addr().map_err(|e| StartError(e.to_string()))?),
        None => None,
    };
    let portal_listener = match config.portal_port {
        Some(port) => Some(bind(port, "--portal-port").await?),
        None => None,
    };
    let portal_addr = match &portal_listener {
        Some(l) => Some(l.local_addr().map_err(|e| StartError(e.to_string()))?),
        None => None,
    };

    let state = AppState::new(
        seed,
        config.tokens.clone(),
        origin(api_addr),
        config.log_requests,
    );
    let cors = cors_layer(&config.cors_origins, static_addr)?;
    let api_app = api_router(state.clone(), cors);

    let (shutdown, watcher) = watch::channel(false);
    let mut tasks = vec![tokio::spawn(serve::serve(
        api_listener,
        api_app,
        false,
        watcher.clone(),
    ))];
    if let (Some(listener), Some(addr)) = (portal_listener, static_addr) {
        let portal = portal::router(state.clone(), origin(addr));
        tasks.push(tokio::spawn(serve::serve(
            listener,
            portal,
            true,
            watcher.clone(),
        )));
    }
    if let (Some(listener), Some(dir)) = (static_listener, &config.static_dir) {
        let site = static_site::router(
            dir.clone(),
            config.config_json.clone(),
            origin(api_addr),
            portal_addr.map(origin),
        );
        tasks.push(tokio::spawn(serve::serve(listener, site, true, watcher)));
    }
    Ok(Running {
        api_addr,
        static_addr,
        portal_addr,
        state,
        shutdown,
        tasks,
    })
}

/// The API listener's app: Dimensions and Telecom X routes behind the gate
/// of `/api` and `/telecomx` (log, faults, auth) and CORS outermost (so
/// faults and 401s carry CORS headers, and preflights never reach the gate);
/// beside them, the control routes, with their own guard and no CORS at all
/// (a preflight to them is a plain `405`).
pub fn api_router(state: AppState, cors: CorsLayer) -> Router {
    let apis = api::routes()
        .merge(telecomx::routes())
        .fallback(api::fallback)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            api::gate,
        ))
        .layer(cors);
    control::routes().merge(apis).with_state(state)
}

/// The API listener's CORS policy: the `--cors-origin`s, the static listener's
/// own origins, and the default console dev origins on port 8080.
pub fn cors_layer(
    extra: &[String],
    static_addr: Option<SocketAddr>,
) -> Result<CorsLayer, StartError> {
    let mut origins: Vec<String> = extra
        .iter()
        .map(|o| o.trim_end_matches('/').to_owned())
        .collect();
    if let Some(addr) = static_addr {
        let port = addr.port();
        origins.push(origin(addr));
        origins.push(format!("http://127.0.0.1:{port}"));
        origins.push(format!("http://localhost:{port}"));
    }
    origins.push("http://127.0.0.1:8080".into());
    origins.push("http://localhost:8080".into());
    let mut values: Vec<HeaderValue> = Vec::new();
    for o in origins {
        let v = HeaderValue::from_str(&o)
            .map_err(|_| StartError(format!("--cors-origin: not a valid origin: {o}")))?;
        if !values.contains(&v) {
            values.push(v);
        }
    }
    Ok(CorsLayer::new()
        .allow_origin(AllowOrigin::list(values))
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers([
            AUTHORIZATION,
            CONTENT_TYPE,
            HeaderName::from_static("accept-charges"),
        ])
        .expose_headers([LOCATION])
        .max_age(Duration::from_secs(600)))
}

/// The ids a person (or a test) needs to try the console, derived from the
/// loaded seed so that `--seed` files work too.
#[derive(Debug, Clone, Default)]
pub struct Demo {
    pub token: String,
    /// A non-charged customer, a user of it with both roles, and one of that
    /// user's devices that is not assigned: assigning it succeeds.
    pub tenant: Option<(String, String)>,
    pub user: Option<(String, String)>,
    pub device: Option<String>,
    /// A charged customer, and a user + device of it that assign (with
    /// `accept-charges: true`).
    pub charged_tenant: Option<(String, String)>,
    pub charged_user: Option<(String, String)>,
    pub charged_device: Option<String>,
    /// Telecom X: a RESELLER login, a login that needs an SMS code, and a
    /// PERSONAL login (for refusals).
    pub telecomx_reseller: Option<TxLogin>,
    pub telecomx_two_factor: Option<TxLogin>,
    pub telecomx_personal: Option<TxLogin>,
    /// The customer with the most users (the bulk test customer), for the
    /// bulk page.
    pub bulk_tenant: Option<(String, String)>,
    /// A customer of the RESELLER login's company (its Telecom X id and
    /// name): the customer id to paste on the mobile config page.
    pub telecomx_reseller_customer: Option<(String, String)>,
}

/// A Telecom X demo account from the seed.
#[derive(Debug, Clone)]
pub struct TxLogin {
    pub email: String,
    pub password: String,
    pub access_level: telecomx::world::Level,
    pub customer: String,
    /// The code to send as `smsKey`, for an account with SMS validation.
    pub sms_key: Option<String>,
}

impl TxLogin {
    fn line(&self) -> String {
        let sms = match &self.sms_key {
            Some(code) => format!(", smsKey {code}"),
            None => String::new(),
        };
        format!(
            "{} / {}{sms}  ({}, {})",
            self.email, self.password, self.access_level, self.customer
        )
    }
}

impl Demo {
    pub fn from_state(state: &AppState) -> Demo {
        let inner = state.lock();
        let data = &inner.data;
        let pick = |charged: bool| {
            let mut fallback = None;
            for c in data
                .customers
                .iter()
                .filter(|c| c.charged == charged && c.enabled)
            {
                fallback.get_or_insert((c.id.clone(), c.name.clone()));
                for u in data.users_of(&c.id).filter(|u| u.missing_role().is_none()) {
                    // A device of the user's that is free (and, for the
                    // non-charged demo, not charged by itself).
                    let free = data.devices.iter().find(|d| {
                        d.user_id == u.id
                            && !data.assignments.contains_key(&d.id)
                            && (charged || !d.charged)
                    });
                    if let Some(d) = free {
                        return (
                            Some((c.id.clone(), c.name.clone())),
                            Some((u.id.clone(), u.display_name.clone())),
                            Some(d.id.clone()),
                        );
                    }
                }
            }
            (fallback, None, None)
        };
        let (tenant, user, device) = pick(false);
        let (charged_tenant, charged_user, charged_device) = pick(true);
        let world = &data.telecomx;
        let login = |pred: &dyn Fn(&telecomx::world::Employee) -> bool| {
            world
                .employees
                .iter()
                .filter(|e| e.state == telecomx::world::EmployeeState::Enabled)
                .filter(|e| pred(e))
                .find_map(|e| {
                    Some(TxLogin {
                        email: e.email_address.clone(),
                        password: e.password.clone()?,
                        access_level: e.access_level,
                        customer: world.customer(&e.customer)?.name.clone(),
                        sms_key: e.sms_key.clone(),
                    })
                })
        };
        use telecomx::world::Level;
        let bulk_tenant = data
            .customers
            .iter()
            .map(|c| (data.users_of(&c.id).count(), c))
            .filter(|(n, _)| *n >= 100)
            .max_by_key(|(n, _)| *n)
            .map(|(_, c)| (c.id.clone(), c.name.clone()));
        let telecomx_reseller_customer = world
            .employees
            .iter()
            .find(|e| e.access_level == Level::Reseller && e.password.is_some())
            .and_then(|e| {
                world
                    .customers
                    .iter()
                    .find(|c| c.reseller.as_deref() == Some(e.customer.as_str()))
            })
            .map(|c| (c.id.clone(), c.name.clone()));
        Demo {
            bulk_tenant,
            telecomx_reseller_customer,
            token: data.tokens.first().cloned().unwrap_or_default(),
            tenant,
            user,
            device,
            charged_tenant,
            charged_user,
            charged_device,
            telecomx_reseller: login(&|e| e.access_level == Level::Reseller && e.sms_key.is_none()),
            telecomx_two_factor: login(&|e| e.access_level > Level::NoLogin && e.sms_key.is_some()),
            telecomx_personal: login(&|e| e.access_level == Level::Personal && e.sms_key.is_none()),
        }
    }

    /// The human banner printed after the READY line.
    pub fn banner(&self, running: &Running) -> String {
        let id = |v: &Option<(String, String)>| match v {
            Some((id, name)) => format!("{id}  ({name})"),
            None => "-".into(),
        };
        let dev = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
        let api = running.api_origin();
        let console = match running.static_origin() {
            Some(o) => format!("{o}/"),
            None => "not served (pass --static DIR)".into(),
        };
        let portal = match running.portal_origin() {
            Some(o) => {
                format!("\n  demo portal    {o}/  (a customer portal embedding the console)")
            }
            None => String::new(),
        };
        let tx = |v: &Option<TxLogin>| v.as_ref().map_or_else(|| "-".into(), TxLogin::line);
        format!(
            "Switchboard sandbox: a local stand-in for the Dimensions reseller API and the Telecom X API\n\
             \x20 console        {console}{portal}\n\
             \x20 API base URL   {api}/api  (Dimensions)\n\
             \x20                {api}/telecomx  (Telecom X)\n\
             \x20 test controls  {api}/__sandbox/  (see sandbox/README.md)\n\
             demo:\n\
             \x20 token          {token}\n\
             \x20 tenant         {tenant}\n\
             \x20 user           {user}\n\
             \x20 device         {device}  (the user's, not assigned: assign succeeds)\n\
             \x20 charged tenant {ctenant}\n\
             \x20 charged user   {cuser}\n\
             \x20 charged device {cdevice}  (402 first, 201 with accept-charges: true)\n\
             \x20 bulk tenant    {btenant}  (users with a device each, for /bulk)\n\
             telecomx demo logins:\n\
             \x20 reseller       {txr}\n\
             \x20   customer     {txc}  (one of the reseller's: paste it on /mobile-config)\n\
             \x20 SMS code       {tx2}\n\
             \x20 personal       {txp}\n\
             Ctrl-C to stop.",
            token = self.token,
            tenant = id(&self.tenant),
            user = id(&self.user),
            device = dev(&self.device),
            ctenant = id(&self.charged_tenant),
            cuser = id(&self.charged_user),
            cdevice = dev(&self.charged_device),
            txr = tx(&self.telecomx_reseller),
            btenant = id(&self.bulk_tenant),
            txc = id(&self.telecomx_reseller_customer),
            tx2 = tx(&self.telecomx_two_factor),
            txp = tx(&self.telecomx_personal),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_command_line() {
        let c = Config::from_args([
            "--host",
            "127.0.0.1",
            "--port=0",
            "--static",
            "dist",
            "--static-port",
            "0",
            "--config-json",
            "c.json",
            "--cors-origin",
            "http://a:1",
            "--cors-origin",
            "http://b:2",
            "--seed",
            "s.json",
            "--token",
            "t1",
        ])
        .unwrap()
        .unwrap();
        assert_eq!(c.port, 0);
        assert_eq!(c.static_port, 0);
        assert_eq!(c.static_dir, Some(PathBuf::from("dist")));
        assert_eq!(c.cors_origins, ["http://a:1", "http://b:2"]);
        assert_eq!(c.tokens, ["t1"]);
        assert!(c.log_requests);
        let d = Config::from_args(Vec::<String>::new()).unwrap().unwrap();
        assert_eq!(
            (d.host.to_string().as_str(), d.port, d.static_port),
            ("127.0.0.1", 8787, 8080)
        );
        assert!(Config::from_args(["--help"]).unwrap().is_none());
        assert!(Config::from_args(["--port"]).is_err());
        assert!(Config::from_args(["--port", "x"]).is_err());
        assert!(Config::from_args(["--bogus"]).is_err());
        assert!(Config::from_args(["--config-json", "c.json"]).is_err());
    }

    #[test]
    fn origins_show_loopback_for_unspecified() {
        assert_eq!(origin("0.0.0.0:5".parse().unwrap()), "http://127.0.0.1:5");
        assert_eq!(origin("[::]:5".parse().unwrap()), "http://[::1]:5");
        assert_eq!(
            origin("127.0.0.1:8787".parse().unwrap()),
            "http://127.0.0.1:8787"
        );
    }

    #[test]
    fn demo_ids_from_the_default_seed() {
        let state = AppState::new(Seed::default_seed(), vec![], String::new(), false);
        let demo = Demo::from_state(&state);
        assert_eq!(demo.token, "demo-token-7f3c9a");
        assert_eq!(
            demo.tenant.unwrap().0,
            "11111111-2222-4333-8444-555555555555"
        );
        assert_eq!(demo.user.unwrap().0, "11111111-0000-4000-8000-000000000001");
        assert_eq!(demo.device.unwrap(), "5eed0000000000000000000000001011");
        assert_eq!(
            demo.charged_tenant.unwrap().0,
            "99999999-8888-4777-8666-555555555555"
        );
        assert_eq!(
            demo.charged_user.unwrap().0,
            "99999999-0000-4000-8000-000000000001"
        );
        assert_eq!(
            demo.charged_device.unwrap(),
            "5eed0000000000000000000000009012"
        );
        let reseller = demo.telecomx_reseller.unwrap();
        assert_eq!(reseller.email, "rasmus.kjaer@nordictelecom.example");
        assert_eq!(reseller.password, "telecomx-demo");
        let two_factor = demo.telecomx_two_factor.unwrap();
        assert_eq!(two_factor.email, "henrik.lund@acme-logistics.example");
        assert_eq!(two_factor.sms_key.as_deref(), Some("424242"));
        assert_eq!(
            demo.telecomx_personal.unwrap().email,
            "peter.madsen@acme-logistics.example"
        );
    }
}
