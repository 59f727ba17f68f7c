"use client";

import { z } from "zod";

// The CSP has no 'unsafe-eval': zod's compiled parsers probe `new Function`, which the
// browser reports as a violation even though zod catches it. In the browser, parse without
// compiling (the server, where this module also renders, keeps the faster compiled parsers).
if (typeof window !== "undefined") z.config({ jitless: true });

/** Rendered once in the root layout, so the module (and the setting) loads before any page's code parses. */
export function ZodInBrowser() {
  return null;
}
