import { Model } from 'survey-core';
import 'survey-core/i18n/russian';
import 'survey-core/survey-core.fontless.min.css';
import type { SurveyJson } from '@server/modules/methodology/assemble';
import { numberQuestionsOnly } from './model-facts';
import './survey.css';

/** The platform's look: system fonts (nothing downloaded), its blue, and the page background. */
const theme = {
  cssVariables: {
    '--sjs-font-family':
      "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', 'Liberation Sans', sans-serif",
    '--sjs-primary-backcolor': '#1f4e8c',
    '--sjs-primary-backcolor-dark': '#163a69',
    '--sjs-primary-backcolor-light': 'rgba(31, 78, 140, 0.1)',
    '--sjs-primary-forecolor': '#ffffff',
    '--sjs-general-backcolor-dim': '#f4f6f9',
    '--sjs-font-surveytitle-size': '1.4rem',
    '--sjs-font-pagetitle-size': '1.2rem',
  },
};

/**
 * A SurveyJS model of a frozen definition as every form shows it: Russian, the platform's theme, questions numbered
 * but not the fields of a block. The title and the introduction are drawn by the page around it, above the progress
 * line, so the engine's own are off.
 */
export function createSurveyModel(definition: SurveyJson): Model {
  const survey = new Model(definition);
  survey.locale = 'ru';
  survey.applyTheme(theme);
  survey.showTitle = false;
  survey.showProgressBar = false;
  numberQuestionsOnly(survey);
  return survey;
}
