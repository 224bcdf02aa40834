// Error factory: a plain Node.js script using @sentry/node (5.x to 11.x).
//   SENTRY_DSN=http://key@127.0.0.1:PORT/1 node app.js SCENARIO
"use strict";

const Sentry = require("@sentry/node");

Sentry.init({
  dsn: process.env.SENTRY_DSN,
  release: "factory@1.0.0",
  environment: "factory",
  // No performance data; keep the default integrations of each major version.
  tracesSampleRate: undefined,
});

function divide(a, b) {
  if (b === 0) {
    throw new RangeError("Division by zero");
  }
  return a / b;
}

function recurse(depth) {
  return recurse(depth + 1) + 1;
}

function handled(fn) {
  try {
    fn();
  } catch (err) {
    Sentry.captureException(err);
  }
}

function loadSetting(settings, key) {
  if (!(key in settings)) {
    throw new Error(`missing setting ${key}`, { cause: new TypeError(`no key ${key}`) });
  }
  return settings[key];
}

const scenarios = {
  zero_division() {
    divide(1, 0); // uncaught: the SDK's onUncaughtException integration sends it, exit 1
  },
  chained_exception() {
    handled(() => loadSetting({ debug: "1" }, "database_url"));
  },
  custom_fingerprint() {
    Sentry.withScope((scope) => {
      scope.setFingerprint(["{{ default }}", "factory-salt"]);
      handled(() => divide(5, 0));
    });
  },
  deep_recursion() {
    handled(() => recurse(0));
  },
  long_value() {
    handled(() => { throw new Error("x".repeat(20000)); });
  },
  unicode() {
    handled(() => { throw new Error("ünïcödé ✓ 日本語 🚀 — Ωμέγα"); });
  },
  captured_exception() {
    try {
      divide(1, 0);
    } catch (err) {
      Sentry.captureException(err);
    }
  },
  captured_message() {
    Sentry.captureMessage("hello from factory");
  },
  rich_context() {
    Sentry.addBreadcrumb({ category: "auth", message: "user logged in", level: "info" });
    Sentry.setTag("customer_tier", "gold");
    Sentry.setUser({ id: "42", username: "alice", email: "alice@example.com" });
    Sentry.setExtra("cart_items", 3);
    Sentry.setContext("character", { name: "Mighty Fighter", age: 19 });
    try {
      divide(100, 0);
    } catch (err) {
      Sentry.captureException(err);
    }
  },
};

async function main() {
  const name = process.argv[2];
  if (!scenarios[name]) {
    console.error(`usage: app.js {${Object.keys(scenarios).join(",")}}`);
    process.exit(2);
  }
  scenarios[name]();
  await Sentry.flush(10000);
}

main();
