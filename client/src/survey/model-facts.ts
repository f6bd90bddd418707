import type { ItemValue, Model, PageModel, PanelModel, Question } from 'survey-core';
import type { BlockFacts, QuestionFacts } from './form-summary';

// Reads the plain facts form-summary.ts works on out of a live SurveyJS model.

/** Questions that take an answer (not computed ones), visible now. */
function answerable(questions: Question[]): Question[] {
  return questions.filter((question) => question.hasInput && question.isVisible);
}

function isPanel(element: unknown): element is PanelModel {
  return typeof (element as { isPanel?: unknown }).isPanel === 'boolean' && (element as { isPanel: boolean }).isPanel;
}

/** The block (top-level panel of its page) a question sits in, if any. */
function blockOf(question: Question): PanelModel | null {
  let parent = question.parent as unknown;
  let block: PanelModel | null = null;
  while (isPanel(parent)) {
    block = parent;
    parent = parent.parent;
  }
  return block;
}

/**
 * A form numbers its questions, not the fields of a block: a question inside a panel (a document's type, title,
 * date, number, link) gets no number of its own; the block's title carries it.
 */
export function numberQuestionsOnly(model: Model): void {
  for (const question of model.getAllQuestions()) {
    if (blockOf(question)) question.showNumber = false;
  }
}

export function progressFacts(model: Model): { pageNo: number; pageCount: number; answered: number; total: number } {
  const questions = answerable(model.getAllQuestions(true));
  return {
    pageNo: model.currentPageNo,
    pageCount: model.visiblePageCount,
    answered: questions.filter((question) => !question.isEmpty()).length,
    total: questions.length,
  };
}

/** The blocks of a page with how many of their required, visible fields hold answers. */
export function blockFacts(page: PageModel | undefined): BlockFacts[] {
  if (!page) return [];
  return page.elements.filter(isPanel).map((panel) => {
    const required = answerable(panel.questions).filter((question) => question.isRequired);
    return { required: required.length, answered: required.filter((question) => !question.isEmpty()).length };
  });
}

function chosenTexts(question: Question): string[] {
  const choices = (question as Question & { visibleChoices?: ItemValue[] }).visibleChoices;
  if (!Array.isArray(choices) || question.isEmpty()) return [];
  const values: unknown[] = Array.isArray(question.value) ? (question.value as unknown[]) : [question.value];
  return values.flatMap((value) => {
    const choice = choices.find((item) => item.value === value);
    return choice ? [choice.text] : [];
  });
}

export function questionFacts(model: Model): QuestionFacts[] {
  const pages = model.visiblePages;
  return answerable(model.getAllQuestions(true)).map((question) => {
    const page = question.page as PageModel;
    const block = blockOf(question);
    const title = block ? `${block.title} — ${question.title}` : [question.no, question.title].filter(Boolean).join(' ');
    return {
      name: question.name,
      page: pages.indexOf(page),
      pageTitle: page.title,
      title,
      required: question.isRequired,
      answered: !question.isEmpty(),
      chosen: chosenTexts(question),
    };
  });
}
