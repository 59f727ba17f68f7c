import { AsyncLocalStorage } from "node:async_hooks";

// Next's request storage needs the global that Next's server sets up at start, before any of Next's
// modules load: import this file first (`import "../support/next-request-scope";`).
(globalThis as { AsyncLocalStorage?: unknown }).AsyncLocalStorage ??= AsyncLocalStorage;

/**
 * Runs a route handler as Next runs it, so its after() callbacks (the
 * inline processing that follows a webhook's 2xx) run too, and waits for
 * them: a route test then sees what production stores, not just the answer.
 */
export async function inRequestScope(handler: () => Promise<Response>): Promise<Response> {
  const { workAsyncStorage } = await import("next/dist/server/app-render/work-async-storage.external");
  const { workUnitAsyncStorage } = await import("next/dist/server/app-render/work-unit-async-storage.external");
  const tasks: Promise<unknown>[] = [];
  const afterContext = {
    after: (task: unknown) => tasks.push(Promise.resolve().then(() => (typeof task === "function" ? task() : task))),
  };
  const response = await workAsyncStorage.run({ afterContext } as never, () =>
    workUnitAsyncStorage.run({ type: "request" } as never, handler),
  );
  await Promise.all(tasks);
  return response;
}
