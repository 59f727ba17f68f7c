import { inject } from "vitest";

// Server modules read their configuration from the environment, as in the app.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret-0123";
process.env.DATABASE_POOL_MAX ??= "5";
// Outbound webhook tests post to receivers on loopback, which production refuses.
process.env.OUTBOUND_WEBHOOKS_ALLOW_LOCAL ??= "true";
