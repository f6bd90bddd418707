import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readManifest, respondentPage, staffHomePage, staffModulesInBuild } from '../bundle-manifest';

// The e2e tier's global setup has just built the client (production mode); its manifest says what each page loads.
const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');

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
