import { useMemo } from 'react';
import { Survey } from 'survey-react-ui';
import type { SurveyJson } from '@server/modules/methodology/assemble';
import type { Answers } from './autosave';
import { createSurveyModel } from './survey-model';

export interface SurveyViewProps {
  definition: SurveyJson;
  answers: Answers;
  /** The introduction under the title, as the form opens for a person who fills it in. */
  withIntroduction?: boolean;
}

/**
 * A form to read, not to fill in: the respondent's look, every page at once, every field disabled. A sent or closed
 * form, and the preview of a methodology version.
 */
export function SurveyView({ definition, answers, withIntroduction = false }: SurveyViewProps) {
  const model = useMemo(() => {
    const survey = createSurveyModel(definition);
    survey.mode = 'display';
    survey.questionsOnPageMode = 'singlePage';
    survey.data = answers;
    return survey;
    // The model is built once per definition; the answers of a form to read do not change under it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [definition]);
  return (
    <div className="survey-form">
      <header className="form-intro">
        <h2>{definition.title}</h2>
        {withIntroduction && definition.description ? <p>{definition.description}</p> : null}
      </header>
      <Survey model={model} />
    </div>
  );
}
