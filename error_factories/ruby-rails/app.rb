# Error factory: a single-file Rails 6.1 app with sentry-rails 5.3 (Debian's ruby-sentry-rails).
#
#   SENTRY_DSN=http://key@127.0.0.1:PORT/1 FACTORY_PORT=8000 ruby app.rb
#
# Serves on 127.0.0.1:$FACTORY_PORT with WEBrick until SIGTERM.  The requests come from
# ../_shared/http_client.py, another process.  Sends are synchronous
# (background_worker_threads = 0): every event is sent before the action's answer.
ENV["RAILS_ENV"] = "production"
require "logger"
require "rails"
require "action_controller/railtie"
require "sentry-ruby"
require "sentry-rails"
require "rack/handler/webrick"

class FactoryApp < Rails::Application
  config.root = __dir__
  config.eager_load = false
  config.secret_key_base = "factory-secret-key"
  config.consider_all_requests_local = false
  config.logger = Logger.new($stderr, level: :warn)
  config.hosts.clear
end

Sentry.init do |config|
  config.dsn = ENV.fetch("SENTRY_DSN")
  config.release = "factory@1.0.0"
  config.environment = "factory"
  config.server_name = "factory-host"
  config.send_default_pii = true # cookies, the user's IP and the user set by the action
  config.background_worker_threads = 0
  config.breadcrumbs_logger = [:active_support_logger]
end

# No CSRF check: without config.load_defaults, Rails 6.1 enables no forgery protection.
class OrdersController < ActionController::Base
  def divide
    quantity = Integer(params.fetch(:quantity, 1))
    render json: { total: divide_by(Integer(params[:id]) * quantity, 0) }
  end

  def checkout
    Sentry.set_user(id: "42", username: "alice", email: "alice@example.com")
    begin
      divide_by(Integer(params[:id]), 0)
    rescue ZeroDivisionError => e
      Sentry.capture_exception(e)
    end
    render json: { order: params[:id], status: "deferred" }
  end

  private

  def divide_by(a, b)
    a / b
  end
end

FactoryApp.routes.append do
  get "/orders/:id/divide" => "orders#divide"
  post "/orders/:id/divide" => "orders#divide"
  get "/orders/:id/checkout" => "orders#checkout"
end

FactoryApp.initialize!

trap("TERM") { Rack::Handler::WEBrick.shutdown }
Rack::Handler::WEBrick.run(
  FactoryApp,
  Host: "127.0.0.1",
  Port: Integer(ENV.fetch("FACTORY_PORT", "8000")),
  Logger: WEBrick::Log.new($stderr, WEBrick::Log::WARN),
  AccessLog: [],
)
