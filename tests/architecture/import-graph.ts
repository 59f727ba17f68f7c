import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/**
 * The layers, top to bottom: a file may import its own layer or a lower one.
 * Server Actions (`app/actions`) are the one door from the UI into the
 * server, so they sit between components and server.
 */
export const LAYERS = ["app", "components", "actions", "server", "lib"] as const;
export type Layer = (typeof LAYERS)[number];

export interface ImportEdge {
  from: string;
  to: string;
}

const SOURCE = /\.(ts|tsx)$/;
// Static imports and re-exports, `import type` included (a type import is still a dependency), and dynamic import().
const SPECIFIERS = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return walk(full);
    return SOURCE.test(name) ? [full] : [];
  });
}

function resolve(fromFile: string, specifier: string, srcRoot: string, files: Set<string>): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = path.join(srcRoot, specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(fromFile), specifier);
  else return null; // a package
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx")])
    if (files.has(candidate)) return candidate;
  return null;
}

/** Every import between two files of `srcRoot`, as paths relative to it. */
export function importGraph(srcRoot: string): ImportEdge[] {
  const files = walk(srcRoot);
  const known = new Set(files);
  const edges: ImportEdge[] = [];
  for (const file of files) {
    // Comments may name modules; only code counts.
    const code = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, "");
    for (const match of code.matchAll(SPECIFIERS)) {
      const target = resolve(file, match[1] as string, srcRoot, known);
      if (target) edges.push({ from: path.relative(srcRoot, file), to: path.relative(srcRoot, target) });
    }
  }
  return edges;
}

/** The file's layer; null for files at the top of src (proxy.ts, instrumentation.ts), which wire layers together. */
export function layerOf(file: string): Layer | null {
  const [top, second] = file.split(path.sep);
  if (top === "app" && second === "actions") return "actions";
  return LAYERS.includes(top as Layer) ? (top as Layer) : null;
}

/**
 * The unit of the cycle check: a capability (`server/inbox`), a component
 * area (`components/inbox`), the Server Actions, the routes; a file at the
 * top of a layer (`server/env.ts`, `lib/phone.ts`) stands for itself.
 */
export function folderOf(file: string): string {
  const parts = file.split(path.sep);
  const layer = layerOf(file);
  if (layer === "app" || layer === "actions") return layer;
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : file.replace(SOURCE, "");
}

/** Imports that point up the layers (lib → server, server → components, …). */
export function upwardImports(edges: ImportEdge[]): ImportEdge[] {
  return edges.filter((edge) => {
    const from = layerOf(edge.from);
    const to = layerOf(edge.to);
    return from !== null && to !== null && LAYERS.indexOf(to) < LAYERS.indexOf(from);
  });
}

/** Groups of folders that import each other, directly or around a loop (Tarjan's strongly connected components). */
export function folderCycles(edges: ImportEdge[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    const a = folderOf(from);
    const b = folderOf(to);
    if (!graph.has(a)) graph.set(a, new Set());
    if (!graph.has(b)) graph.set(b, new Set());
    if (a !== b) graph.get(a)?.add(b);
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

// A tagged SQL template (`tx\`select …\``, `sql\`…\``, `db()\`…\``) or the driver itself.
const SQL = /\b(?:tx|sql|db\(\))\s*`|from\s+["']postgres["']/;

/** Lines of `code` that write SQL (1-based). */
export function sqlLines(code: string): number[] {
  return code.split("\n").flatMap((line, index) => (SQL.test(line) ? [index + 1] : []));
}

/** `file:line` of every SQL query written outside src/server. */
export function sqlOutsideServer(srcRoot: string): string[] {
  return walk(srcRoot)
    .map((file) => path.relative(srcRoot, file))
    .filter((file) => !file.startsWith(`server${path.sep}`))
    .flatMap((file) => sqlLines(readFileSync(path.join(srcRoot, file), "utf8")).map((line) => `${file}:${line}`));
}
