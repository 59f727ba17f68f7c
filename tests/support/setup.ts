import { inject } from "vitest";

// Server modules read their configuration from the environment, as in the app.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret-0123";
process.env.DATABASE_POOL_MAX ??= "5";
