// Bundled by esbuild into sdk.js (IIFE): the npm package ships no CDN bundle.
import * as Sentry from "@sentry/browser";

window.Sentry = Sentry;
