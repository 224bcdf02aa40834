# Error factory (UNTESTED here: Hex is not reachable): the sentry package for Elixir.
#   SENTRY_DSN=http://key@127.0.0.1:PORT/1 SDK_VERSION=10.7.1 elixir app.exs SCENARIO
Mix.install([{:sentry, System.get_env("SDK_VERSION", "10.7.1")}, {:hackney, "~> 1.20"}, {:jason, "~> 1.4"}])

Application.put_all_env(sentry: [dsn: System.fetch_env!("SENTRY_DSN"), release: "factory@1.0.0",
                                 environment_name: "factory", server_name: "factory-host"])
{:ok, _} = Application.ensure_all_started(:sentry)

divide = fn a, b -> div(a, b) end
capture = fn fun ->
  try do
    fun.()
  rescue
    e -> Sentry.capture_exception(e, stacktrace: __STACKTRACE__, result: :sync)
  end
end

case System.argv() do
  ["captured_exception"] -> capture.(fn -> divide.(1, 0) end)
  ["captured_message"] -> Sentry.capture_message("hello from factory", result: :sync)
  ["rich_context"] ->
    Sentry.Context.set_tags_context(%{customer_tier: "gold"})
    Sentry.Context.set_user_context(%{id: "42", username: "alice", email: "alice@example.com"})
    Sentry.Context.set_extra_context(%{cart_items: 3})
    capture.(fn -> divide.(100, 0) end)
  _ ->
    IO.puts(:stderr, "usage: app.exs {captured_exception,captured_message,rich_context}")
    System.halt(2)
end
