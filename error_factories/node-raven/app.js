// Error factory: the legacy raven-node 2.x client (npm `raven`).
//   SENTRY_DSN=http://key@127.0.0.1:PORT/1 node app.js SCENARIO
"use strict";

const Raven = require("raven");

Raven.config(process.env.SENTRY_DSN, {
  release: "factory@1.0.0",
  environment: "factory",
  name: "factory-host",
}).install((err, sendErr) => {
  // fatal error callback: the uncaught exception has been sent (or failed to)
  if (sendErr) console.error(sendErr);
  process.exit(1);
});

function divide(a, b) {
  if (b === 0) throw new RangeError("Division by zero");
  return a / b;
}

function recurse(depth) {
  return recurse(depth + 1) + 1;
}

function handled(fn, options) {
  return new Promise((resolve) => {
    try {
      fn();
      resolve();
    } catch (err) {
      Raven.captureException(err, options || {}, () => resolve());
    }
  });
}

const scenarios = {
  zero_division() { divide(1, 0); },
  captured_exception() { return handled(() => divide(1, 0)); },
  captured_message() {
    return new Promise((resolve) => Raven.captureMessage("hello from factory", { level: "warning" }, resolve));
  },
  rich_context() {
    Raven.captureBreadcrumb({ category: "auth", message: "user logged in", level: "info" });
    Raven.setContext({
      tags: { customer_tier: "gold" },
      user: { id: "42", username: "alice", email: "alice@example.com" },
      extra: { cart_items: 3 },
    });
    return handled(() => divide(100, 0));
  },
  custom_fingerprint() { return handled(() => divide(5, 0), { fingerprint: ["{{ default }}", "factory-salt"] }); },
  deep_recursion() { return handled(() => recurse(0)); },
  long_value() { return handled(() => { throw new Error("x".repeat(20000)); }); },
  unicode() { return handled(() => { throw new Error("ünïcödé ✓ 日本語 🚀 — Ωμέγα"); }); },
};

const name = process.argv[2];
if (!scenarios[name]) {
  console.error(`usage: app.js {${Object.keys(scenarios).join(",")}}`);
  process.exit(2);
}
Promise.resolve(scenarios[name]()).then(() => process.exit(0));
