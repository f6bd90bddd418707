import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readManifest, respondentPage, staffHomePage, staffModulesInBuild, staffPages } from '../bundle-manifest';

// The e2e tier's global setup has just built the client (production mode); its manifest says what each page loads.
const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');

/**
 * Zod's code, whatever chunk it lands in: every zod schema class is built by `$constructor("$ZodType", …)`, and a
 * minifier keeps string literals.
 */
const ZOD_CODE = /["'`]\$ZodType["'`]/;

describe('the respondent page bundle', () => {
  it('loads the questionnaire and the survey engine, and no staff-page code', () => {
    const manifest = readManifest(distDir);
    const page = respondentPage(manifest);
    expect(page.respondentModules.map((key) => path.basename(key)).sort()).toEqual(['Questionnaire.tsx', 'RespondentApp.tsx']);
    expect(page.modules.some((key) => key.endsWith('src/survey/SurveyForm.tsx') || manifest[key]!.file.includes('survey'))).toBe(true);
    // The staff pages exist in the same build, so a name change that blinded the check would show here.
    expect(staffModulesInBuild(manifest).length).toBeGreaterThan(5);
    expect(page.staffModules).toEqual([]);
  });
});

describe('the staff pages bundle', () => {
  it('does not download the survey engine until a page with a questionnaire opens', () => {
    const manifest = readManifest(distDir);
    const home = staffHomePage(manifest);
    expect(home.staffModules.map((key) => path.basename(key)).sort()).toEqual(['HomePage.tsx', 'StaffApp.tsx']);
    // The respondent page does load it under the same file name pattern, so the check cannot be blind.
    expect(respondentPage(manifest).files.some((file) => /(^|\/)survey-/.test(file))).toBe(true);
    expect(home.surveyFiles).toEqual([]);
  });
});

describe('zod in the browser', () => {
  it('is downloaded by no page: the client takes only types and zod-free labels from the server', () => {
    const manifest = readManifest(distDir);
    const pages = [...staffPages(manifest), { page: 'respondent', ...respondentPage(manifest) }];
    // Every route's page is in the build, so a renamed folder cannot empty the list unnoticed.
    expect(pages.length).toBeGreaterThan(15);
    const withZod = pages.flatMap(({ page, files }) =>
      files
        .filter((file) => file.endsWith('.js') && ZOD_CODE.test(readFileSync(path.join(distDir, file), 'utf8')))
        .map((file) => `${path.basename(page)} → ${file}`),
    );
    expect(withZod).toEqual([]);
  });

  it('is recognised by the check above', () => {
    const zodCore = fileURLToPath(new URL('v4/core/schemas.js', import.meta.resolve('zod')));
    expect(ZOD_CODE.test(readFileSync(zodCore, 'utf8'))).toBe(true);
  });
});
