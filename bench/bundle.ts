import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { readManifest, respondentPage } from '../client/bundle-manifest';
import { round, type Figure } from './measure';

const gzipKb = (content: Buffer) => gzipSync(content, { level: 9 }).length / 1024;

/**
 * What a respondent's browser downloads (gzip), beside the floor of the survey engine it cannot do without, measured
 * from SurveyJS's own minified distributions (survey-core, survey-react-ui and survey-core's CSS).
 */
export function measureRespondentBundle(root: string): Figure {
  const distDir = path.join(root, 'client/dist');
  const page = respondentPage(readManifest(distDir));
  const sizes = page.files.map((file) => ({ file, gzipKb: round(gzipKb(readFileSync(path.join(distDir, file)))) }));
  const total = sizes.reduce((sum, item) => sum + item.gzipKb, 0);
  const libraries = [
    'survey-core/survey.core.min.js',
    'survey-react-ui/survey-react-ui.min.js',
    'survey-core/survey-core.fontless.min.css',
  ];
  const floor = libraries.map((file) => ({ file, gzipKb: round(gzipKb(readFileSync(path.join(root, 'node_modules', file)))) }));
  const floorTotal = floor.reduce((sum, item) => sum + item.gzipKb, 0);
  return {
    id: 'respondent-bundle',
    title: 'Страница респондента: JS + CSS, gzip',
    value: `${round(total)} КБ${page.staffModules.length ? `, код сотрудников: ${page.staffModules.join(', ')}` : ', без кода сотрудников'}`,
    ceiling: `${round(floorTotal)} КБ — только SurveyJS (survey-core, survey-react-ui и их CSS в собственных минифицированных сборках), без React`,
    target: '≤ 420 КБ, без кода страниц сотрудников',
    pass: total <= 420 && page.staffModules.length === 0,
    details: {
      totalGzipKb: round(total),
      files: sizes.sort((a, b) => b.gzipKb - a.gzipKb),
      libraries: floor,
      staffModules: page.staffModules,
    },
  };
}
