# Error factory: sentry-ruby 5.3 (Debian's ruby-sentry-ruby).
#
#   SENTRY_DSN=http://key@127.0.0.1:PORT/1 ruby app.rb SCENARIO
require "sentry-ruby"

Sentry.init do |config|
  config.dsn = ENV.fetch("SENTRY_DSN")
  config.release = "factory@1.0.0"
  config.environment = "factory"
  config.server_name = "factory-host"
  config.background_worker_threads = 0 # send synchronously: nothing is lost at exit
  config.breadcrumbs_logger = [:sentry_logger]
end

def divide(a, b)
  a / b
end

def load_setting(settings, key)
  settings.fetch(key)
rescue KeyError
  raise ArgumentError, "missing setting #{key.inspect}"
end

def handled
  yield
rescue StandardError => e
  Sentry.capture_exception(e)
end

SCENARIOS = {
  "captured_exception" => -> { handled { divide(1, 0) } },
  "chained_exception" => -> { handled { load_setting({ "debug" => "1" }, "database_url") } },
  "captured_message" => -> { Sentry.capture_message("hello from factory", level: :warning) },
  "rich_context" => lambda {
    Sentry.add_breadcrumb(Sentry::Breadcrumb.new(category: "auth", message: "user logged in", level: "info"))
    Sentry.set_tags(customer_tier: "gold")
    Sentry.set_user(id: "42", username: "alice", email: "alice@example.com")
    Sentry.set_extras(cart_items: 3)
    Sentry.set_context("character", { name: "Mighty Fighter", age: 19 })
    handled { divide(100, 0) }
  },
  "custom_fingerprint" => lambda {
    Sentry.with_scope do |scope|
      scope.set_fingerprint(["{{ default }}", "factory-salt"])
      handled { divide(5, 0) }
    end
  },
  "long_value" => -> { handled { raise ArgumentError, "x" * 20_000 } },
  "unicode" => -> { handled { raise ArgumentError, "ünïcödé ✓ 日本語 🚀 — Ωμέγα" } },
}.freeze

scenario = SCENARIOS[ARGV[0]]
abort("usage: app.rb {#{SCENARIOS.keys.sort.join(',')}}") unless ARGV.size == 1 && scenario
scenario.call
