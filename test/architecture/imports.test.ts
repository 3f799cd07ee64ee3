// The import picture of src/, read from the sources: no cycle between files, and no import from a lower layer to a
// higher one, so that each layer can be read, tested and replaced knowing only the layers below it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layers, bottom to top: each folder of src/ (or top-level file) in its tier. A file may import its own layer and
 * the layers of lower tiers, never another layer of its tier or a higher one. The web page is apart (WEB_MAY_IMPORT).
 */
const TIERS: readonly (readonly string[])[] = [
  // model: the records, ids, errors and paging every layer shares; version: the package's version. Neither imports
  // anything of Ferry's. i18n: the languages and their catalogues, for the server's pages and the web page alike.
  ['model', 'version', 'i18n'],
  // Reads and checks the options; their values are model types (FeatureValue).
  ['config'],
  // Process plumbing (worker threads, memory reclaim) that the stores and the domain use from below.
  ['runtime'],
  // The stores: metadata keeps the model's records, data the files' bytes; and the outside services the domain
  // calls on as it calls on them (scan: the virus scanner; directory: LDAP). None knows a use case, nor another.
  ['metadata', 'data', 'scan', 'directory'],
  // Rules and use cases over the stores: no HTTP, no SQL.
  ['domain'],
  // Plik's and Gokapi's wire shapes and their translation from and to the domain's values, for routes and the CLI.
  ['protocol'],
  // The ways in, side by side: Fastify routes, and background jobs (expiry cleanup) that do not go through HTTP.
  // import: the readers of other servers' data (ferry import-from), writing through the domain as the routes do.
  ['http', 'jobs', 'import'],
  // The composition root (src/server.ts): opens the stores and wires every layer.
  ['server'],
  // The command line: `serve` starts the server, the account commands open its services.
  ['cli'],
];

const TIER_OF = new Map(TIERS.flatMap((layers, tier) => layers.map((layer) => [layer, tier] as const)));

/** The browser app is bundled apart: it may name the server's wire types, but not pull server code into the page. */
const WEB_MAY_IMPORT = ['protocol', 'model', 'i18n'];
/** Of which the page takes code too: the catalogues and the choice of a language, plain data and Intl. */
const WEB_MAY_RUN = ['i18n'];

const SRC = path.resolve(import.meta.dirname, '../../src');

interface Import {
  from: string;
  to: string;
  typeOnly: boolean;
}

function sourceFiles(): string[] {
  return readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file) && !file.endsWith('.d.ts'))
    .map((file) => file.split(path.sep).join('/'));
}

/** The layer of a path relative to src/: its first folder, or the file's name for a top-level file. */
function layerOf(file: string): string {
  const [first, second] = file.split('/');
  return second === undefined ? first!.replace(/\.tsx?$/, '') : first!;
}

/** The src/ file a relative specifier names (ESM `.js` for a `.ts` source, or no extension for the web page). */
function resolve(from: string, specifier: string, files: Set<string>): string | undefined {
  const base = path.posix.join(path.posix.dirname(from), specifier);
  const stem = base.replace(/\.js$/, '');
  return [base, `${stem}.ts`, `${stem}.tsx`, `${base}/index.ts`].find((candidate) => files.has(candidate));
}

/** Whether the statement at `position` imports or re-exports types only (erased, so bundles nothing). */
function typeOnlyAt(source: ts.SourceFile, position: number): boolean {
  const statement = source.statements.find((s) => s.pos <= position && position < s.end);
  if (statement === undefined) return false;
  if (ts.isImportDeclaration(statement)) return statement.importClause?.isTypeOnly === true;
  if (ts.isExportDeclaration(statement)) return statement.isTypeOnly;
  return false;
}

function readImports(): { files: string[]; imports: Import[] } {
  const files = sourceFiles();
  const known = new Set(files);
  const imports: Import[] = [];
  for (const from of files) {
    const text = readFileSync(path.join(SRC, from), 'utf8');
    // Static imports, re-exports, `import type` and dynamic import(): every one of them ties two files together.
    const { importedFiles } = ts.preProcessFile(text, true, true);
    let source: ts.SourceFile | undefined;
    for (const { fileName, pos } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const to = resolve(from, fileName, known);
      if (to === undefined) continue; // a stylesheet or an asset, not code
      source ??= ts.createSourceFile(from, text, ts.ScriptTarget.Latest, true);
      imports.push({ from, to, typeOnly: typeOnlyAt(source, pos) });
    }
  }
  return { files, imports };
}

/** Tarjan's strongly connected components of more than one file, or of one file importing itself. */
function cycles(files: string[], imports: Import[]): string[][] {
  const next = new Map<string, string[]>(files.map((file) => [file, []]));
  for (const { from, to } of imports) next.get(from)!.push(to);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const to of next.get(file)!) {
      if (!index.has(to)) {
        visit(to);
        low.set(file, Math.min(low.get(file)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(file, Math.min(low.get(file)!, index.get(to)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || next.get(file)!.includes(file)) found.push(component.sort());
  };
  for (const file of files) if (!index.has(file)) visit(file);
  return found;
}

/** Why `imp` breaks the layering, or undefined when it keeps it. */
function breach({ from, to, typeOnly }: Import): string | undefined {
  const [source, target] = [layerOf(from), layerOf(to)];
  if (source === target) return undefined;
  if (source === 'web') {
    if (!WEB_MAY_IMPORT.includes(target)) return `the web page imports ${target}`;
    return typeOnly || WEB_MAY_RUN.includes(target) ? undefined : 'the web page imports a value, not only types';
  }
  if (target === 'web') return `${source} imports the web page`;
  const [low, high] = [TIER_OF.get(source), TIER_OF.get(target)];
  if (low === undefined || high === undefined) return `a layer missing from TIERS: ${low === undefined ? source : target}`;
  return high < low ? undefined : `${source} (tier ${low}) imports ${target} (tier ${high})`;
}

describe('the imports of src/', () => {
  const { files, imports } = readImports();

  it('are read from every source file', () => {
    // A parser that read nothing would pass both rules below.
    expect(files.length).toBeGreaterThan(100);
    expect(imports.length).toBeGreaterThan(300);
  });

  it('form no cycle between files, type-only imports included', () => {
    expect(cycles(files, imports)).toEqual([]);
  });

  it('never go from a lower layer to a higher one', () => {
    const breaches = imports.flatMap((imp) => {
      const why = breach(imp);
      return why === undefined ? [] : [`${imp.from} -> ${imp.to}: ${why}`];
    });
    expect(breaches).toEqual([]);
  });
});
