import { describe, expect, it } from 'vitest';
import { findMethodology } from '@server/modules/methodology/methodology.repo';
import { describeMethodology } from '@server/modules/methodology/methodology.service';
import { glossary } from './glossary';

describe('glossary from the methodology data', () => {
  const reference = describeMethodology(findMethodology('federal-2020')!);
  const terms = glossary(reference);
  const term = (id: string) => terms.find((t) => t.id === id)!;

  it('names every mechanism and every cycle component as the methodology does', () => {
    expect(term('term-mechanism').definition[0]).toContain('1.1 «Система оценки качества подготовки обучающихся»');
    expect(term('term-mechanism').definition[0]).toContain(`их ${reference.blocks.flatMap((b) => b.mechanisms).length}:`);
    for (const component of reference.cycleComponents)
      expect(term('term-cycle').definition).toContain(`«${component.title}» — ${component.description}`);
  });

  it('words corroboration, levels, caps and missing data from the rules, with nothing empty', () => {
    expect(term('term-corroboration').definition.join(' ')).toMatch(/подтверждают ответы анкет/);
    expect(term('term-levels').definition).toHaveLength(reference.levels.length);
    expect(term('term-caps').definition.slice(1)).toEqual(reference.scoring.caps.map((cap) => cap.explanation));
    expect(term('term-insufficient').term).toBe(reference.scoring.responseRate.label);
    for (const t of terms) expect(t.definition.length, t.term).toBeGreaterThan(0);
  });
});
