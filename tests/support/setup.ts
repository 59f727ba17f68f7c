import { inject } from "vitest";

// Server modules read their configuration from the environment, as in the app.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret-0123";
process.env.DATABASE_POOL_MAX ??= "5";
// Outbound webhooks and the AI model server go to fakes on loopback (any port), which production refuses.
// tests/net/ and tests/ai/base-url.test.ts set their own list to see the refusals.
process.env.OUTBOUND_ALLOW_HOSTS ??= "127.0.0.1:*";
