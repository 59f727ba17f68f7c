/**
 * `npx tsx bench/cpu-profile-summary.ts <file.cpuprofile | dir>`: where a V8
 * CPU profile (BENCH_CPU_PROFILE=<dir> of the benchmarks) spent its time —
 * self time per package (or the app's own build chunks, Node itself, the
 * garbage collector) and the functions with the most self time. Idle time
 * (the event loop waiting) is left out of the shares.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Who a frame belongs to: an npm package, a chunk of the app's build, Node, or V8's own work. */
function owner(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(V8 native)";
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) {
    const pkg = modules[1] ?? "?";
    // Next.js ships React and friends inside its compiled folder.
    const compiled = /next\/dist\/compiled\/([^/]+)/.exec(url);
    return compiled ? `next (compiled ${compiled[1]})` : pkg;
  }
  if (url.includes("/.next/server/")) return "app (.next/server)";
  if (url.startsWith("node:")) return "node";
  return url;
}

function summarize(file: string) {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  for (const [i, id] of profile.samples.entries()) selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === "(idle)" || functionName === "(program)") continue;
    busy += us;
    const who = owner(url, functionName);
    byOwner.set(who, (byOwner.get(who) ?? 0) + us);
    const name = `${functionName || "(anonymous)"} ${who}${url ? `:${lineNumber + 1}` : ""}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  }
  const top = (map: Map<string, number>, n: number) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => `| ${name.replaceAll("|", "\\|")} | ${(us / 1000).toFixed(0)} | ${((100 * us) / busy).toFixed(1)}% |`);
  console.log(`\n${path.basename(file)}: ${(busy / 1000).toFixed(0)} ms of CPU (idle left out)\n`);
  console.log(["| Self time by owner | ms | share |", "|---|---:|---:|", ...top(byOwner, 15)].join("\n"));
  console.log(["\n| Function (self time) | ms | share |", "|---|---:|---:|", ...top(byFunction, 25)].join("\n"));
}

const target = process.argv[2];
if (!target) throw new Error("usage: tsx bench/cpu-profile-summary.ts <file.cpuprofile | dir>");
const files = statSync(target).isDirectory()
  ? readdirSync(target)
      .filter((name) => name.endsWith(".cpuprofile"))
      .map((name) => path.join(target, name))
  : [target];
for (const file of files) summarize(file);
