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

const scenarios = {
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
