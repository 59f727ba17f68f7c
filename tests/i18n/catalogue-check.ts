import fs from "node:fs";
import path from "node:path";
import { type MessageFormatElement, parse, TYPE } from "@formatjs/icu-messageformat-parser";
import ts from "typescript";

export type Catalogue = { [key: string]: string | Catalogue };

/** `{ auth: { login: { title: "…" } } }` → `{ "auth.login.title": "…" }`. */
export function flatten(catalogue: Catalogue, prefix = ""): Record<string, string> {
  return Object.fromEntries(
    Object.entries(catalogue).flatMap(([key, value]) =>
      typeof value === "string" ? [[`${prefix}${key}`, value]] : Object.entries(flatten(value, `${prefix}${key}.`)),
    ),
  );
}

/** The arguments and tags a message uses (`{count}`, `<strong>`): a translation must use the same ones. */
export function placeholders(message: string): string[] {
  const found = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      if (element.type === TYPE.argument || element.type === TYPE.number || element.type === TYPE.date || element.type === TYPE.time)
        found.add(`{${element.value}}`);
      if (element.type === TYPE.select || element.type === TYPE.plural) {
        found.add(`{${element.value}}`);
        for (const option of Object.values(element.options)) walk(option.value);
      }
      if (element.type === TYPE.tag) {
        found.add(`<${element.value}>`);
        walk(element.children);
      }
    }
  };
  walk(parse(message));
  return [...found].sort();
}

/** What the source says about translations: the namespaces it opens and the keys it reads (templates as patterns). */
export function keyReferences(code: string): { namespaces: string[]; keys: RegExp[] } {
  const namespaces = [...code.matchAll(/(?:useTranslations|getTranslations)\(\s*"([^"]+)"\s*\)/g)].map((match) => match[1] as string);
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const keys = [
    ...[...code.matchAll(/"([A-Za-z0-9_.]+)"/g)].map((match) => new RegExp(`^${literal(match[1] as string)}$`)),
    // t(`closed.${status}.title`): each ${…} stands for one key segment.
    ...[...code.matchAll(/`([A-Za-z0-9_.]*\$\{[^`]*)`/g)].map(
      (match) =>
        new RegExp(
          `^${(match[1] as string)
            .split(/\$\{[^}]*\}/)
            .map(literal)
            .join("[A-Za-z0-9_]+")}$`,
        ),
    ),
  ];
  return { namespaces, keys };
}

/**
 * Keys of the catalogue no source file reads: each is under a namespace a
 * file opens, followed by a key that file names, or named in full (a
 * translator over the whole catalogue, a schema's "validation.enterAName").
 */
export function unusedKeys(keys: string[], files: string[]): string[] {
  const references = files.map((file) => keyReferences(fs.readFileSync(file, "utf8")));
  return keys.filter(
    (key) =>
      !references.some(
        ({ namespaces, keys: patterns }) =>
          patterns.some((pattern) => pattern.test(key)) ||
          namespaces.some(
            (namespace) => key.startsWith(`${namespace}.`) && patterns.some((pattern) => pattern.test(key.slice(namespace.length + 1))),
          ),
      ),
  );
}

/** The full keys under `namespace` that source files name in a string ("validation.enterAName"). */
export function namedKeys(namespace: string, files: string[]): { file: string; key: string }[] {
  const literal = new RegExp(`"(${namespace}\\.[A-Za-z0-9_.]+)"`, "g");
  return files.flatMap((file) =>
    [...fs.readFileSync(file, "utf8").matchAll(literal)].map((match) => ({
      file: path.relative(process.cwd(), file),
      key: match[1] as string,
    })),
  );
}

/** Props whose text people read (a label, a placeholder), as opposed to ids, classes and types. */
const READ_PROPS = new Set(["label", "hint", "placeholder", "title", "alt", "aria-label", "description", "message", "text"]);

/** Text a component writes itself instead of taking it from the catalogue: JSX text with letters, and read props or object properties given a literal. */
export function literalStrings(file: string, code = fs.readFileSync(file, "utf8")): string[] {
  // A .ts file read as TSX would take a generic arrow (`<T>(…) =>`) for a JSX tag.
  const kind = file.endsWith(".ts") ? ts.ScriptKind.TS : ts.ScriptKind.TSX;
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, kind);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && /\p{L}/u.test(node.text)) found.push(node.text.trim());
    if (ts.isJsxAttribute(node) && READ_PROPS.has(node.name.getText(source)) && node.initializer) {
      const value = ts.isStringLiteral(node.initializer)
        ? node.initializer
        : ts.isJsxExpression(node.initializer) && node.initializer.expression && ts.isStringLiteralLike(node.initializer.expression)
          ? node.initializer.expression
          : null;
      if (value && /\p{L}/u.test(value.text)) found.push(`${node.name.getText(source)}="${value.text}"`);
    }
    // { label: "New" } in an options list or a shortcut table is read as well.
    if (
      ts.isPropertyAssignment(node) &&
      READ_PROPS.has(node.name.getText(source)) &&
      ts.isStringLiteralLike(node.initializer) &&
      /\p{L}/u.test(node.initializer.text)
    )
      found.push(`${node.name.getText(source)}: "${node.initializer.text}"`);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found.map((text) => `${path.relative(process.cwd(), file)}: ${text}`);
}

export function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}
