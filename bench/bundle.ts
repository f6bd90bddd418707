import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { round, type Figure } from './measure';

interface ManifestChunk {
  file: string;
  name?: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

/**
 * What a respondent's browser downloads, read from the build manifest: the entry, the respondent app and the
 * questionnaire with everything they import statically — and proof that no staff page is among them.
 */
export function measureRespondentBundle(distDir: string): Figure {
  const manifest: Record<string, ManifestChunk> = JSON.parse(readFileSync(path.join(distDir, '.vite/manifest.json'), 'utf8'));
  const loaded = new Set<string>();
  const visit = (key: string) => {
    if (loaded.has(key)) return;
    loaded.add(key);
    for (const next of manifest[key]?.imports ?? []) visit(next);
  };
  const entry = Object.keys(manifest).find((key) => manifest[key]!.isEntry)!;
  visit(entry);
  for (const key of Object.keys(manifest)) {
    if (/src\/respondent\/(RespondentApp|Questionnaire)\.tsx$/.test(key)) visit(key);
  }
  const files = new Set<string>();
  for (const key of loaded) {
    files.add(manifest[key]!.file);
    for (const css of manifest[key]!.css ?? []) files.add(css);
  }
  const sizes = [...files].map((file) => ({ file, gzip: gzipSync(readFileSync(path.join(distDir, file)), { level: 9 }).length }));
  const total = sizes.reduce((sum, item) => sum + item.gzip, 0) / 1024;
  const staff = [...loaded].filter((key) => /src\/(pages|StaffApp|components\/Layout|lib\/session)/.test(key));
  return {
    id: 'respondent-bundle',
    title: 'Страница респондента: JS + CSS, gzip',
    value: `${round(total)} КБ`,
    ceiling: '—',
    target: '≤ 420 КБ, без кода страниц сотрудников',
    pass: total <= 420 && staff.length === 0,
    details: { files: sizes.sort((a, b) => b.gzip - a.gzip), staffModules: staff },
  };
}
