import { readFileSync } from 'node:fs';
import path from 'node:path';

/** One entry of Vite's build manifest (client/dist/.vite/manifest.json). */
export interface ManifestChunk {
  file: string;
  name?: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

export type Manifest = Record<string, ManifestChunk>;

/** Source modules only staff pages use: none of them may reach a respondent's browser. */
const STAFF_MODULE = /src\/(pages|StaffApp|components\/Layout|lib\/session)/;

export function readManifest(distDir: string): Manifest {
  return JSON.parse(readFileSync(path.join(distDir, '.vite/manifest.json'), 'utf8')) as Manifest;
}

/** The chunks `roots` import statically, transitively, from the entry on, and their files (JS and CSS). */
function pageLoad(manifest: Manifest, roots: RegExp | ((key: string) => boolean)) {
  const isRoot = roots instanceof RegExp ? (key: string) => roots.test(key) : roots;
  const loaded = new Set<string>();
  const visit = (key: string) => {
    if (loaded.has(key)) return;
    loaded.add(key);
    for (const next of manifest[key]?.imports ?? []) visit(next);
  };
  const entry = Object.keys(manifest).find((key) => manifest[key]!.isEntry);
  if (!entry) throw new Error('the build manifest has no entry');
  visit(entry);
  const rootModules = Object.keys(manifest).filter(isRoot);
  for (const key of rootModules) visit(key);
  const files = new Set<string>();
  for (const key of loaded) {
    files.add(manifest[key]!.file);
    for (const css of manifest[key]!.css ?? []) files.add(css);
  }
  return { modules: [...loaded], rootModules, files: [...files] };
}

/**
 * What a respondent's browser loads: the entry, the respondent app and the questionnaire with every chunk they
 * import statically, and any staff module among them.
 */
export function respondentPage(manifest: Manifest) {
  const { modules, rootModules, files } = pageLoad(manifest, /src\/respondent\/(RespondentApp|Questionnaire)\.tsx$/);
  return { modules, respondentModules: rootModules, files, staffModules: modules.filter((key) => STAFF_MODULE.test(key)) };
}

/** What a staff member's browser loads for the home page, and whether the survey engine is among it. */
export function staffHomePage(manifest: Manifest) {
  const { modules, rootModules, files } = pageLoad(manifest, /src\/(StaffApp|pages\/home\/HomePage)\.tsx$/);
  return { modules, staffModules: rootModules, files, surveyFiles: files.filter((file) => /(^|\/)survey-/.test(file)) };
}

/** Every staff page (a lazily loaded route module) with what opening it loads: the staff app and the page itself. */
export function staffPages(manifest: Manifest) {
  return Object.keys(manifest)
    .filter((key) => /src\/pages\/.+Page\.tsx$/.test(key))
    .map((page) => ({ page, ...pageLoad(manifest, (key) => key === page || /src\/StaffApp\.tsx$/.test(key)) }));
}

/** Staff modules present in the build at all: proof that the check above looks at real names. */
export function staffModulesInBuild(manifest: Manifest): string[] {
  return Object.keys(manifest).filter((key) => STAFF_MODULE.test(key));
}
