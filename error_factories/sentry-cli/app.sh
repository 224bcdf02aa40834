#!/bin/sh
# Error factory: `sentry-cli send-event` (npm @sentry/cli, a Rust binary using the Rust SDK's transport).
#   SENTRY_DSN=http://key@127.0.0.1:PORT/1 NODE_PATH=<prefix>/node_modules sh app.sh SCENARIO
# sentry-cli uploads the whole process environment as extra.environ unless told not to:
# always --no-environ, and run it under `env -i` with only what it needs.
set -eu
CLI="$NODE_PATH/.bin/sentry-cli"
send() {
  env -i PATH=/usr/bin:/bin SENTRY_DSN="$SENTRY_DSN" HOME=/nonexistent \
    "$CLI" --log-level=error send-event --no-environ -r factory@1.0.0 -E factory "$@"
}
case "${1:-}" in
  captured_message) send -m "hello from factory" ;;
  message_params) send -m "%s failed to log in %d times" -a alice -a 3 ;;
  rich_context)
    send -m "checkout failed" -l warning -t customer_tier:gold -t feature.flag:new-checkout \
      -e cart_items:3 -u id:42 -u username:alice -u email:alice@example.com ;;
  custom_fingerprint) send -m "hello with a fingerprint" -f "{{ default }}" -f factory-salt ;;
  logfile_breadcrumbs)
    log=$(mktemp)
    printf 'starting worker\nconnecting to db\nconnection refused\n' >"$log"
    send -m "worker crashed" --logfile "$log"
    rm -f "$log" ;;
  long_value) send -m "$(head -c 20000 /dev/zero | tr '\0' x)" ;;
  unicode) send -m "ünïcödé ✓ 日本語 🚀 — Ωμέγα" ;;
  *) echo "usage: app.sh {captured_message,message_params,rich_context,custom_fingerprint,logfile_breadcrumbs,long_value,unicode}" >&2; exit 2 ;;
esac
