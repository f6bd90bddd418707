import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The house picture: which source file imports which, type-only imports included (a type cycle still ties two
// files together for a reader). The lint rule checks value imports; this checks the whole picture.

const ROOT = path.resolve(import.meta.dirname, '..');
const SOURCE_DIRS = ['server', 'client/src', 'db', 'seeds'];
const EXTENSIONS = ['.ts', '.tsx'];
const IMPORT = /^\s*(?:import|export)\s(?:[^'"]*?\sfrom\s)?['"]([^'"]+)['"]/gm;

/** tsconfig.json's path aliases (`@server/*` → `./server/*`), through which the client imports shared code. */
const ALIASES = Object.entries(
  (JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } })
    .compilerOptions.paths,
).map(([alias, [target]]) => ({ prefix: alias.replace(/\*$/, ''), dir: path.join(ROOT, target!.replace(/\*$/, '')) }));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sourceFiles(full);
    return EXTENSIONS.some((extension) => name.endsWith(extension)) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

function resolveImport(from: string, specifier: string): string | undefined {
  const alias = ALIASES.find(({ prefix }) => specifier.startsWith(prefix));
  if (!alias && !specifier.startsWith('.')) return undefined; // a package
  const base = alias ? path.join(alias.dir, specifier.slice(alias.prefix.length)) : path.resolve(path.dirname(from), specifier);
  const candidates = [
    base,
    ...EXTENSIONS.map((extension) => base + extension),
    ...EXTENSIONS.map((extension) => path.join(base, `index${extension}`)),
  ];
  return candidates.find((candidate) => {
    try {
      return statSync(candidate).isFile();
    } catch {
      return false;
    }
  });
}

export function importGraph(): Map<string, string[]> {
  const files = SOURCE_DIRS.flatMap((dir) => sourceFiles(path.join(ROOT, dir)));
  return new Map(
    files.map((file) => {
      const targets = [...readFileSync(file, 'utf8').matchAll(IMPORT)]
        .map((match) => resolveImport(file, match[1]!))
        .filter((target): target is string => target !== undefined && EXTENSIONS.some((extension) => target.endsWith(extension)));
      return [file, [...new Set(targets)]];
    }),
  );
}

/** Strongly connected components with more than one file (Tarjan), each as sorted relative paths. */
export function importCycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string) => {
    index.set(file, counter);
    low.set(file, counter++);
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(file, Math.min(low.get(file)!, index.get(target)!));
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(path.relative(ROOT, member));
      } while (member !== file);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return cycles;
}

describe('the house picture', () => {
  const graph = importGraph();

  it('has no import cycles, type-only imports included', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const cyclic = new Map([
      ['/a.ts', ['/b.ts']],
      ['/b.ts', ['/c.ts']],
      ['/c.ts', ['/a.ts']],
      ['/d.ts', ['/a.ts']],
    ]);
    expect(importCycles(cyclic).map((cycle) => cycle.length)).toEqual([3]);
  });

  it("follows the client's aliased imports into the server", () => {
    const layout = graph.get(path.join(ROOT, 'client/src/components/Layout.tsx'));
    expect(layout).toContain(path.join(ROOT, 'server/modules/auth/auth-labels.ts'));
  });

  it('keeps shared helpers below the infrastructure: lib/ imports no plugin', () => {
    const libToPlugins = [...graph]
      .filter(([file]) => file.startsWith(path.join(ROOT, 'server/lib/')))
      .flatMap(([file, targets]) =>
        targets
          .filter((target) => target.startsWith(path.join(ROOT, 'server/plugins/')))
          .map((target) => `${path.relative(ROOT, file)} → ${path.relative(ROOT, target)}`),
      );
    expect(libToPlugins).toEqual([]);
  });

  it('builds every service in the composition root (app.ts): route plugins neither build services nor query', () => {
    /** Route plugins that may read a repo directly, and why. */
    const directReaders: Record<string, string> = {
      'server/modules/health/health.routes.ts': 'readiness is a probe of the database itself',
    };
    const routeFiles = [...graph.keys()].filter((file) => file.endsWith('.routes.ts'));
    expect(routeFiles.length).toBeGreaterThan(10);
    const offences = routeFiles.flatMap((file) => {
      const name = path.relative(ROOT, file);
      const text = readFileSync(file, 'utf8');
      const builds = [...text.matchAll(/\bcreate[A-Z]\w*Service\(/g)].map((match) => `${name} builds ${match[0]}`);
      const queries = directReaders[name]
        ? []
        : graph
            .get(file)!
            .filter((target) => target.endsWith('.repo.ts'))
            .map((target) => `${name} → ${path.relative(ROOT, target)}`);
      return [...builds, ...queries];
    });
    expect(offences).toEqual([]);
  });
});
