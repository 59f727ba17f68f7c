export const dynamic = "force-dynamic";

/**
 * Liveness for a load balancer or process manager: 200 while the process
 * serves requests. It touches nothing (no database), so a database outage
 * does not take every instance out of rotation at once; the benchmarks use
 * it as the cost of a request through Next.js that does no work.
 */
export function GET() {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
