import { readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Points stack traces of the compiled server (server/dist) back at the TypeScript sources. A bundle's source map is
 * read the first time one of its frames is printed, so a server that logs no error never holds one; Node's own
 * --enable-source-maps would parse every map at start, including the dependencies' (survey-core's alone is MBs).
 * Not installed where source maps are already on (tsx in development).
 */
export function mapStackTracesOnDemand(): void {
  if (process.sourceMapsEnabled) return;
  const maps = new Map<string, SourceMap | null>();
  const mapOf = (file: string): SourceMap | null => {
    if (!maps.has(file)) {
      let map: SourceMap | null = null;
      try {
        map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as SourceMapPayload);
      } catch {
        // no map beside this file: its frames stay as they are
      }
      maps.set(file, map);
    }
    return maps.get(file)!;
  };
  const frame = (site: NodeJS.CallSite): string => {
    // A CallSite prints itself as V8 would: "name (file:line:column)".
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    const text = site.toString();
    const name = site.getFileName();
    const line = site.getLineNumber();
    const column = site.getColumnNumber();
    if (!name || !line || !column || name.includes(`${path.sep}node_modules${path.sep}`)) return text;
    const file = name.startsWith('file:') ? fileURLToPath(name) : name;
    const entry = mapOf(file)?.findEntry(line - 1, column - 1);
    if (!entry || !('originalSource' in entry)) return text;
    const original = `${path.resolve(path.dirname(file), entry.originalSource)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
    return text.replace(`${name}:${line}:${column}`, original);
  };
  Error.prepareStackTrace = (error: Error, sites: NodeJS.CallSite[]) => {
    let header: string;
    try {
      header = String(error);
    } catch {
      header = 'Error';
    }
    return [header, ...sites.map((site) => `    at ${frame(site)}`)].join('\n');
  };
}
