import { it } from 'vitest';
import { listMethodologies } from './methodology.repo';
import { firstDifference, readMethodologyWorkbook } from './workbook';
import { documentRows, writeWorkbook } from './workbook-write';
it('rt', async () => {
  for (const m of listMethodologies()) {
    const doc = structuredClone(m) as unknown as Record<string, unknown>;
    const bytes = await writeWorkbook(documentRows(doc));
    const back = await readMethodologyWorkbook(bytes);
    console.log(m.id, bytes.length, back.problems.slice(0, 5), back.document && firstDifference(doc, back.document));
  }
}, 60000);
