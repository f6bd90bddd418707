// Pure functions over plain facts about a form (read from the survey model by model-facts.ts): what the progress
// line, a page's component count and the final check before sending say.

export interface Progress {
  /** «Страница 3 из 8 · отвечено 40 %» */
  text: string;
  /** Answered share of the visible questions, 0…100, rounded down: 100 only when everything is answered. */
  percent: number;
}

export function progress(pageNo: number, pageCount: number, answered: number, total: number): Progress {
  const percent = total > 0 ? Math.floor((Math.min(answered, total) * 100) / total) : 0;
  const page = pageCount > 0 ? Math.min(pageNo + 1, pageCount) : 0;
  return { text: `Страница ${page} из ${pageCount} · отвечено ${percent} %`, percent };
}

/** A top-level block of a page (a cycle component of the municipal form): how many of its required fields hold answers. */
export interface BlockFacts {
  required: number;
  answered: number;
}

/**
 * «Компоненты механизма: заполнено 4 из 9»: blocks with required fields (the cycle components of a municipal form's
 * mechanism page), and how many have them all answered; null when the page has no such blocks (a questionnaire).
 */
export function componentsFilled(blocks: readonly BlockFacts[]): { filled: number; total: number; text: string } | null {
  const counted = blocks.filter((block) => block.required > 0);
  if (counted.length === 0) return null;
  const filled = counted.filter((block) => block.answered >= block.required).length;
  const total = counted.length;
  return { filled, total, text: `Компоненты механизма: заполнено ${filled} из ${total}` };
}

export interface QuestionFacts {
  name: string;
  /** Index of the page among the visible ones. */
  page: number;
  pageTitle: string;
  /** As the form shows it: «5. Известно ли вам…», or «2. Показатели — Ссылка на документ» inside a block. */
  title: string;
  required: boolean;
  answered: boolean;
  /** The texts of the chosen options (none for a typed answer). */
  chosen: readonly string[];
}

export interface SummaryGroup {
  page: number;
  pageTitle: string;
  questions: Array<{ name: string; title: string }>;
}

export interface FinalCheck {
  unanswered: SummaryGroup[];
  unsure: SummaryGroup[];
  unansweredCount: number;
  unsureCount: number;
}

/** «Затрудняюсь ответить» and its variants: an answer, but one that tells the region nothing. */
export function isUnsureAnswer(text: string): boolean {
  return /^\s*затрудняюсь/i.test(text);
}

function grouped(questions: readonly QuestionFacts[]): SummaryGroup[] {
  const groups: SummaryGroup[] = [];
  for (const question of questions) {
    let group = groups.find((candidate) => candidate.page === question.page);
    if (!group) {
      group = { page: question.page, pageTitle: question.pageTitle, questions: [] };
      groups.push(group);
    }
    group.questions.push({ name: question.name, title: question.title });
  }
  return groups.sort((a, b) => a.page - b.page);
}

/**
 * What the person sees before sending: the optional questions left unanswered and the answers given as
 * «затрудняюсь», by page in form order. Required questions are not listed: the form does not let them through empty.
 */
export function finalCheck(questions: readonly QuestionFacts[]): FinalCheck {
  const unanswered = questions.filter((question) => !question.required && !question.answered);
  const unsure = questions.filter((question) => question.answered && question.chosen.some(isUnsureAnswer));
  return { unanswered: grouped(unanswered), unsure: grouped(unsure), unansweredCount: unanswered.length, unsureCount: unsure.length };
}
