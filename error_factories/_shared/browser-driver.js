// Drives a browser error factory in Debian's headless Chromium with playwright-core.
//
//   SENTRY_DSN=... FACTORY_PORT=... FACTORY_STATIC=<dir with sdk.js> FACTORY_PAGE_DIR=<factory dir> \
//   CHROMIUM=/usr/bin/chromium node browser-driver.js SCENARIO
//
// Serves the factory's index.html (default: the one beside this file) and scenarios.js plus the bundled SDK (sdk.js) on
// 127.0.0.1:$FACTORY_PORT, opens index.html?scenario=SCENARIO (window.__FACTORY_DSN holds the DSN), clicks #trigger for
// scenarios that need a user event, then waits until every request to the DSN's origin is
// answered (and no new one started for 1.5 s), at most 20 s.
"use strict";

const fs = require("fs");
const http = require("http");
const os = require("os");
const path = require("path");
const { chromium } = require("playwright-core");

const scenario = process.argv[2];
const dsn = process.env.SENTRY_DSN;
const port = Number(process.env.FACTORY_PORT || 0);
const staticDir = process.env.FACTORY_STATIC;
const pageDir = process.env.FACTORY_PAGE_DIR;
const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8" };

function serve() {
  const server = http.createServer((req, res) => {
    const name = new URL(req.url, "http://x").pathname.replace(/^\/+/, "") || "index.html";
    let file = name === "sdk.js" ? path.join(staticDir, name) : path.join(pageDir, path.basename(name));
    if (name === "index.html" && !fs.existsSync(file)) file = path.join(__dirname, "index.html");
    fs.readFile(file, (err, data) => {
      if (err) {
        res.writeHead(404);
        res.end();
        return;
      }
      res.writeHead(200, { "Content-Type": types[path.extname(file)] || "application/octet-stream" });
      res.end(data);
    });
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

async function main() {
  const server = await serve();
  const origin = `http://127.0.0.1:${server.address().port}`;
  const dsnOrigin = new URL(dsn.replace(/\/\/[^@]*@/, "//")).origin;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "factory-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: (process.env.CHROMIUM_ARGS || "--no-sandbox").split(" "),
  });
  let started = 0;
  let finished = 0;
  let last = Date.now();
  const page = context.pages()[0] || (await context.newPage());
  const mine = (request) => request.url().startsWith(dsnOrigin);
  page.on("request", (r) => { if (mine(r)) { started += 1; last = Date.now(); } });
  page.on("requestfinished", (r) => { if (mine(r)) { finished += 1; last = Date.now(); } });
  page.on("requestfailed", (r) => {
    if (mine(r)) { finished += 1; last = Date.now(); console.error(`request failed: ${r.url()} ${r.failure().errorText}`); }
  });
  page.on("console", (msg) => console.error(`console.${msg.type()}: ${msg.text()}`));
  try {
    // The DSN reaches the page through an init script, never the URL (which the SDK reports).
    await context.addInitScript((value) => { window.__FACTORY_DSN = value; }, dsn);
    const query = new URLSearchParams({ scenario });
    await page.goto(`${origin}/index.html?${query}`, { waitUntil: "load" });
    await page.waitForFunction(() => window.__factoryReady === true, null, { timeout: 10000 });
    if (await page.evaluate(() => window.__factoryClick === true)) {
      await page.click("#trigger");
    }
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      const done = await page.evaluate(() => window.__factoryDone === true).catch(() => true);
      if (done && started > 0 && finished >= started && Date.now() - last > 1500) break;
    }
    if (started === 0) {
      console.error("the SDK sent nothing");
      process.exitCode = 1;
    }
  } finally {
    await context.close();
    server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
