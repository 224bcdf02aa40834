// Error factory (UNTESTED here: crates.io is not reachable): the sentry crate.
//   SENTRY_DSN=http://key@127.0.0.1:PORT/1 factory SCENARIO
use sentry::protocol::User;
use sentry::Level;

fn parse(value: &str) -> Result<i32, std::num::ParseIntError> {
    value.parse::<i32>()
}

fn main() {
    let _guard = sentry::init(sentry::ClientOptions {
        dsn: std::env::var("SENTRY_DSN").ok().and_then(|d| d.parse().ok()),
        release: Some("factory@1.0.0".into()),
        environment: Some("factory".into()),
        server_name: Some("factory-host".into()),
        ..Default::default()
    });
    match std::env::args().nth(1).as_deref() {
        Some("captured_exception") => {
            if let Err(err) = parse("forty-two") {
                sentry::capture_error(&err);
            }
        }
        Some("captured_message") => {
            sentry::capture_message("hello from factory", Level::Info);
        }
        Some("rich_context") => {
            sentry::configure_scope(|scope| {
                scope.set_tag("customer_tier", "gold");
                scope.set_user(Some(User {
                    id: Some("42".into()),
                    username: Some("alice".into()),
                    email: Some("alice@example.com".into()),
                    ..Default::default()
                }));
                scope.set_extra("cart_items", 3.into());
            });
            if let Err(err) = parse("a hundred") {
                sentry::capture_error(&err);
            }
        }
        _ => {
            eprintln!("usage: factory {{captured_exception,captured_message,rich_context}}");
            std::process::exit(2);
        }
    }
}
