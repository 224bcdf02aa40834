// Error factory: an Express app served over real HTTP.
//   SENTRY_DSN=http://key@127.0.0.1:PORT/1 FACTORY_PORT=8000 node app.js
// Serves on 127.0.0.1:$FACTORY_PORT until SIGTERM, then flushes the SDK and exits. The requests
// come from ../_shared/http_client.py, another process. Runs with whichever SDK the npm prefix
// holds: @sentry/node 11 (Express 5, setupExpressErrorHandler), @sentry/node 7 (Express 4,
// Sentry.Handlers) or raven-node 2.6 (Express 4, Raven.requestHandler/errorHandler).
"use strict";

const OPTIONS = { release: "factory@1.0.0", environment: "factory" };
const USER = { id: "42", username: "alice", email: "alice@example.com" };

function load(name) {
  try {
    return require(name);
  } catch (err) {
    if (err.code !== "MODULE_NOT_FOUND") throw err;
    return null;
  }
}

// The SDK first: @sentry/node 11 instruments Express when it is required after init.
const Raven = load("raven");
const Sentry = Raven ? null : require("@sentry/node");
const major = Sentry ? Number(Sentry.SDK_VERSION.split(".")[0]) : 2;
let pendingRavenSends = 0;

if (Raven) {
  Raven.config(process.env.SENTRY_DSN, { ...OPTIONS, name: "factory-host" }).install();
  // raven-node reads source files and sends in the background: count the captures until
  // their callbacks, so SIGTERM waits for them
  for (const method of ["captureException", "captureMessage"]) {
    const original = Raven[method].bind(Raven);
    Raven[method] = (what, kwargs, cb) => {
      if (typeof kwargs === "function") [cb, kwargs] = [kwargs, undefined];
      pendingRavenSends += 1;
      return original(what, kwargs || {}, (...args) => {
        pendingRavenSends -= 1;
        if (cb) cb(...args);
      });
    };
  }
} else if (major >= 8) {
  Sentry.init({
    ...OPTIONS,
    dsn: process.env.SENTRY_DSN,
    serverName: "factory-host",
    sendDefaultPii: true, // cookies, the user's IP and the user set by the handler
    integrations: [Sentry.captureConsoleIntegration({ levels: ["error"] })],
  });
} else {
  const { CaptureConsole } = require("@sentry/integrations");
  Sentry.init({
    ...OPTIONS,
    dsn: process.env.SENTRY_DSN,
    serverName: "factory-host",
    sendDefaultPii: true,
    integrations: [new CaptureConsole({ levels: ["error"] })],
  });
}

const express = require("express");
const app = express();

if (Raven) app.use(Raven.requestHandler());
else if (major < 8) app.use(Sentry.Handlers.requestHandler());
app.use(express.json());
app.use(express.urlencoded({ extended: false }));

function divide(a, b) {
  if (b === 0) throw new RangeError("Division by zero");
  return a / b;
}

function divideHandler(req, res) {
  const payload = req.method === "POST" ? req.body : req.query;
  const quantity = Number(payload.quantity || 1);
  res.json({ total: divide(Number(req.params.orderId) * quantity, 0) });
}

app.get("/orders/:orderId/divide", divideHandler);
app.post("/orders/:orderId/divide", divideHandler);

app.get("/orders/:orderId/checkout", (req, res) => {
  try {
    divide(Number(req.params.orderId), 0);
  } catch (err) {
    if (Raven) {
      Raven.mergeContext({ user: USER }); // setContext would drop the request
      Raven.captureException(err);
    } else {
      Sentry.setUser(USER);
      Sentry.captureException(err);
    }
  }
  res.json({ order: req.params.orderId, status: "deferred" });
});

app.get("/orders/:orderId/charge", (req, res) => {
  console.error("order %s could not be charged: card %s declined", req.params.orderId, "visa");
  res.json({ order: req.params.orderId, status: "declined" });
});

if (Raven) app.use(Raven.errorHandler());
else if (major >= 8) Sentry.setupExpressErrorHandler(app);
else app.use(Sentry.Handlers.errorHandler());
// eslint-disable-next-line no-unused-vars
app.use((err, req, res, next) => {
  res.status(500).json({ error: "internal server error" });
});

const server = app.listen(Number(process.env.FACTORY_PORT || 8000), "127.0.0.1");

process.on("SIGTERM", async () => {
  server.close();
  if (Sentry) {
    await Sentry.close(10000);
  } else {
    const deadline = Date.now() + 10000;
    while (pendingRavenSends > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  process.exit(0);
});
