import type { MethodologyReference } from '@server/modules/methodology/methodology.schemas';
import { describeScoring, levelRanges } from '../methodology/rules-text';

// The glossary is built from the methodology itself, so it never drifts from what the scorer does.

export interface GlossaryTerm {
  /** Anchor on the help page, for the «?» links. */
  id: string;
  term: string;
  definition: string[];
}

const section = (reference: MethodologyReference, title: string) =>
  describeScoring(reference).find((s) => s.title === title)?.paragraphs ?? [];

export function glossary(reference: MethodologyReference): GlossaryTerm[] {
  const mechanisms = reference.blocks.flatMap((block) => block.mechanisms);
  const components = reference.cycleComponents;
  return [
    {
      id: 'term-mechanism',
      term: 'Механизм',
      definition: [
        `Направление управления качеством образования, по которому оценивается муниципалитет. В методике «${reference.title}» их ${mechanisms.length}: ${mechanisms.map((m) => `${m.code} «${m.title}»`).join('; ')}.`,
      ],
    },
    {
      id: 'term-cycle',
      term: 'Компонент управленческого цикла',
      definition: [
        `Шаг, который муниципалитет проходит по каждому механизму; всего их ${components.length}. Механизм сформирован, когда пройден весь цикл.`,
        ...components.map((c) => `«${c.title}» — ${c.description}`),
      ],
    },
    {
      id: 'term-corroboration',
      term: 'Подтверждение школами',
      definition: section(reference, 'Подтверждение школами'),
    },
    {
      id: 'term-reconciliation',
      term: 'Сверка сведений муниципалитета и школ',
      definition: section(reference, 'Сверка сведений муниципалитета и школ'),
    },
    {
      id: 'term-levels',
      term: 'Уровень сформированности',
      definition: levelRanges(reference).map((level) => `${level.code} — «${level.label}»: ${level.range} баллов механизма.`),
    },
    {
      id: 'term-caps',
      term: 'Ограничения уровня',
      definition: [
        'Высокий уровень нельзя получить одними баллами: для него нужны определённые компоненты цикла.',
        ...reference.scoring.caps.map((cap) => cap.explanation),
      ],
    },
    {
      id: 'term-insufficient',
      term: reference.scoring.responseRate.label,
      definition: section(reference, 'Недостаточно данных'),
    },
  ];
}
