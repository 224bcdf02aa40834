# Error factory: the legacy sentry-raven 3.1 client (Debian's ruby-sentry-raven).
#
#   SENTRY_DSN=http://key@127.0.0.1:PORT/1 ruby app.rb SCENARIO
require "raven"

Raven.configure do |config|
  config.dsn = ENV.fetch("SENTRY_DSN")
  config.release = "factory@1.0.0"
  config.current_environment = "factory"
  config.server_name = "factory-host"
  config.async = false
  config.logger = Logger.new(nil)
end

def divide(a, b)
  a / b
end

def load_setting(settings, key)
  settings.fetch(key)
rescue KeyError
  raise ArgumentError, "missing setting #{key.inspect}"
end

def recurse(depth)
  recurse(depth + 1) + 1
end

def handled(options = {})
  yield
rescue StandardError, SystemStackError => e
  Raven.capture_exception(e, options)
end

SCENARIOS = {
  "zero_division" => lambda {
    Raven.capture # no block: an at_exit hook reports the exception the program dies of
    divide(1, 0)
  },
  "captured_exception" => -> { handled { divide(1, 0) } },
  "chained_exception" => -> { handled { load_setting({ "debug" => "1" }, "database_url") } },
  "captured_message" => -> { Raven.capture_message("hello from factory", level: "warning") },
  "rich_context" => lambda {
    Raven.breadcrumbs.record do |crumb|
      crumb.category = "auth"
      crumb.message = "user logged in"
      crumb.level = "info"
    end
    Raven.tags_context(customer_tier: "gold")
    Raven.user_context(id: "42", username: "alice", email: "alice@example.com")
    Raven.extra_context(cart_items: 3)
    handled { divide(100, 0) }
  },
  "custom_fingerprint" => -> { handled(fingerprint: ["{{ default }}", "factory-salt"]) { divide(5, 0) } },
  "deep_recursion" => -> { handled { recurse(0) } },
  "long_value" => -> { handled { raise ArgumentError, "x" * 20_000 } },
  "unicode" => -> { handled { raise ArgumentError, "ünïcödé ✓ 日本語 🚀 — Ωμέγα" } },
}.freeze

scenario = SCENARIOS[ARGV[0]]
abort("usage: app.rb {#{SCENARIOS.keys.sort.join(',')}}") unless ARGV.size == 1 && scenario
scenario.call
