// Error factory: @sentry/browser in headless Chromium (driven by ../_shared/browser-driver.js).
// The usecases of getsentry/sentry-event-diff: throw a string / object / Error in onerror,
// setTimeout and addEventListener; unhandled rejections; captureException / captureMessage.
"use strict";

const params = new URLSearchParams(location.search);
const scenario = params.get("scenario");

Sentry.init({
  dsn: window.__FACTORY_DSN,
  release: "factory@1.0.0",
  environment: "factory",
});

function divide(a, b) {
  if (b === 0) throw new RangeError("Division by zero");
  return a / b;
}

function handled(fn) {
  try {
    fn();
  } catch (err) {
    Sentry.captureException(err);
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
  captured_string() { Sentry.captureException("captureException: a string"); },
  captured_object() { Sentry.captureException({ reason: "captureException: an object", code: 42 }); },
  captured_message() { Sentry.captureMessage("hello from factory"); },
  rich_context() {
    Sentry.addBreadcrumb({ category: "auth", message: "user logged in", level: "info" });
    Sentry.setTag("customer_tier", "gold");
    Sentry.setUser({ id: "42", username: "alice", email: "alice@example.com" });
    Sentry.setExtra("cart_items", 3);
    Sentry.setContext("character", { name: "Mighty Fighter", age: 19 });
    handled(() => divide(100, 0));
  },
  custom_fingerprint() {
    Sentry.withScope((scope) => {
      scope.setFingerprint(["{{ default }}", "factory-salt"]);
      handled(() => divide(5, 0));
    });
  },
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
