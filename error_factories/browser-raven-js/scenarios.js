// Error factory: the legacy raven-js 3.x in headless Chromium (driven by ../_shared/browser-driver.js).
// The usecases of getsentry/sentry-event-diff, with raven-js's API.
"use strict";

const scenario = new URLSearchParams(location.search).get("scenario");

Raven.config(window.__FACTORY_DSN, {
  release: "factory@1.0.0",
  environment: "factory",
}).install();

function divide(a, b) {
  if (b === 0) throw new RangeError("Division by zero");
  return a / b;
}

function handled(fn, options) {
  try {
    fn();
  } catch (err) {
    Raven.captureException(err, options);
  }
}

const scenarios = {
  onerror_error() { throw new Error("onerror: an Error"); },
  onerror_string() { throw "onerror: a string"; },
  onerror_object() { throw { reason: "onerror: an object", code: 42 }; },
  timeout_error() { setTimeout(() => divide(1, 0), 0); },
  listener_error() {
    window.__factoryClick = true;
    document.getElementById("trigger").addEventListener("click", () => {
      throw new TypeError("listener: cannot read the cart");
    });
  },
  rejection_error() { Promise.reject(new Error("rejection: an Error")); },
  rejection_string() { Promise.reject("rejection: a string"); },
  captured_exception() { handled(() => divide(1, 0)); },
  captured_string() { Raven.captureException("captureException: a string"); },
  captured_object() { Raven.captureException({ reason: "captureException: an object", code: 42 }); },
  captured_message() { Raven.captureMessage("hello from factory"); },
  rich_context() {
    Raven.captureBreadcrumb({ category: "auth", message: "user logged in", level: "info" });
    Raven.setTagsContext({ customer_tier: "gold" });
    Raven.setUserContext({ id: "42", username: "alice", email: "alice@example.com" });
    Raven.setExtraContext({ cart_items: 3 });
    handled(() => divide(100, 0));
  },
  custom_fingerprint() { handled(() => divide(5, 0), { fingerprint: ["{{ default }}", "factory-salt"] }); },
  long_value() { handled(() => { throw new Error("x".repeat(20000)); }); },
  unicode() { handled(() => { throw new Error("ünïcödé ✓ 日本語 🚀 — Ωμέγα"); }); },
};

window.__factoryReady = true;
window.__factoryDone = true;
if (!scenarios[scenario]) {
  console.error(`unknown scenario ${scenario}`);
} else {
  scenarios[scenario]();
}
