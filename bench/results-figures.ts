import postgres from 'postgres';
import { median, round, withPeakRss, type Figure } from './measure';

/** The server under measurement: its address, its process (for memory) and a manager's token. */
export interface Target {
  baseUrl: string;
  pid: number;
  token: string;
}

async function call(target: Target, method: string, path: string): Promise<Response> {
  const response = await fetch(`${target.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${target.token}` } });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${(await response.text()).slice(0, 300)}`);
  return response;
}

export async function closeCampaign(target: Target, campaignId: number) {
  await (await call(target, 'POST', `/api/campaigns/${campaignId}/close`)).arrayBuffer();
}

/**
 * The ceiling of a scoring run: only reading every input a run must read (what each submitted questionnaire and
 * municipal form stored for scoring), with postgres.js and no scoring, storing or framework in between (as the
 * bare insert is for the writes). The best of two reads.
 */
export async function readScoringInputMs(databaseUrl: string, campaignId: number): Promise<number> {
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  try {
    const times: number[] = [];
    for (let i = 0; i < 2; i++) {
      const started = performance.now();
      await Promise.all([
        sql`select id, municipality_id, school_id, respondent_role, scoring_outcomes, scoring_input_key from responses where campaign_id = ${campaignId} and status = 'submitted'`.cursor(
          5000,
          () => {},
        ),
        sql`select id, municipality_id, scoring_evidence, scoring_input_key from municipal_forms where campaign_id = ${campaignId} and status = 'submitted'`.cursor(
          500,
          () => {},
        ),
      ]);
      times.push(performance.now() - started);
    }
    return Math.min(...times);
  } finally {
    await sql.end();
  }
}

/**
 * A scoring run through the API (load the submitted questionnaires and forms, score every municipality, store the
 * run), as a regional coordinator starts it; the median of `runs` runs, and the server's peak memory over all of them.
 */
export async function measureScoring(
  target: Target,
  campaignId: number,
  figure: { id: string; title: string; wallTargetMs: number; rssTargetMb?: number },
  /** readScoringInputMs of the same campaign, where the harness can reach the database beside the server. */
  ceilingMs?: number,
  runs = 3,
): Promise<Figure> {
  const walls: number[] = [];
  const reported: number[] = [];
  let peakRssMb = 0;
  let inputs: unknown;
  for (let i = 0; i < runs; i++) {
    const measured = await withPeakRss(
      target.pid,
      async () =>
        (await call(target, 'POST', `/api/campaigns/${campaignId}/scoring-runs`)).json() as Promise<{
          durationMs: number;
          inputs: unknown;
        }>,
    );
    walls.push(measured.wallMs);
    reported.push(measured.result.durationMs);
    inputs = measured.result.inputs;
    peakRssMb = Math.max(peakRssMb, measured.peakRssMb);
  }
  const wall = median(walls);
  const rssText = figure.rssTargetMb === undefined ? '' : `, пик памяти ${round(peakRssMb, 0)} МБ`;
  return {
    id: figure.id,
    title: figure.title,
    value: `${round(wall / 1000, 2)} с${rssText}`,
    ceiling: ceilingMs === undefined ? '—' : `${round(ceilingMs / 1000, 2)} с (только чтение входных данных расчёта из базы)`,
    target: `≤ ${figure.wallTargetMs >= 1000 ? `${figure.wallTargetMs / 1000} с` : `${figure.wallTargetMs} мс`}${figure.rssTargetMb === undefined ? '' : `, пик памяти ≤ ${figure.rssTargetMb} МБ`}`,
    pass: wall <= figure.wallTargetMs && (figure.rssTargetMb === undefined || peakRssMb <= figure.rssTargetMb),
    details: { runs, wallMs: walls, serverDurationMs: reported, peakRssMb, inputs, readScoringInputMs: ceilingMs },
  };
}

/** The raw-answers workbook of every started questionnaire, downloaded to the end; the server's peak memory. */
export async function measureAnswersExport(target: Target, campaignId: number, questionnaires: number): Promise<Figure> {
  const measured = await withPeakRss(target.pid, async () => {
    const response = await call(target, 'GET', `/api/campaigns/${campaignId}/answers.xlsx?status=all`);
    let bytes = 0;
    let head: Uint8Array | undefined;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      head ??= chunk;
      bytes += chunk.length;
    }
    // An XLSX is a zip: a body that is not one (an error page, an empty stream) must not pass as a fast export.
    if (!head || head[0] !== 0x50 || head[1] !== 0x4b) throw new Error('answers.xlsx: not a zip archive');
    return bytes;
  });
  const seconds = measured.wallMs / 1000;
  return {
    id: 'national-answers-xlsx',
    title: `Выгрузка ответов в XLSX потоком (${questionnaires.toLocaleString('ru-RU')} анкет)`,
    value: `${round(seconds)} с, пик памяти ${round(measured.peakRssMb, 0)} МБ, ${round(measured.result / 1024 / 1024)} МБ файл`,
    ceiling: '—',
    target: '≤ 30 с, пик памяти ≤ 300 МБ',
    pass: seconds <= 30 && measured.peakRssMb <= 300,
    details: { wallMs: measured.wallMs, peakRssMb: measured.peakRssMb, bytes: measured.result, questionnaires },
  };
}

async function callJson<T>(target: Target, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${target.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${target.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // A draft saved with problems answers 422 and is still saved; the what-if then refuses it, which fails the figure.
  if (!response.ok && response.status !== 422)
    throw new Error(`${method} ${path}: ${response.status} ${(await response.text()).slice(0, 300)}`);
  return (await response.json()) as T;
}

/** A draft of the region forked from the campaign's version, its document changed by `change`; returns its id. */
async function forkedDraft(target: Target, regionId: number, change: (document: Record<string, any>) => void): Promise<string> {
  const forked = await callJson<{ version: { id: string } }>(target, 'POST', `/api/methodologies/federal-2020/fork?regionId=${regionId}`);
  const id = forked.version.id;
  const document = await callJson<Record<string, any>>(target, 'GET', `/api/methodologies/${id}/document`);
  change(document);
  await callJson(target, 'PUT', `/api/methodologies/${id}/document`, document);
  return id;
}

/**
 * What-if on a scored campaign (issue #20 §6): the median of `runs` requests under a draft with other level bands
 * (the stored scoring inputs still hold) and under a draft without one mechanism (every answer is read again).
 */
export async function measureWhatIf(
  target: Target,
  campaignId: number,
  regionId: number,
  figure: { id: string; title: string; wallTargetMs: number },
  runs = 5,
): Promise<Figure> {
  const bands = await forkedDraft(target, regionId, (document) => {
    document.scoring.levelBands = [0, 30, 70, 90].map((fromPercent, level) => ({ level, fromPercent }));
  });
  const lacking = await forkedDraft(target, regionId, (document) => {
    document.mechanisms = document.mechanisms.filter((m: { code: string }) => m.code !== '2.5');
    for (const block of document.blocks) block.mechanisms = block.mechanisms.filter((code: string) => code !== '2.5');
  });
  const measure = async (methodologyId: string) => {
    const walls: number[] = [];
    const reported: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const result = await callJson<{ durationMs: number }>(target, 'POST', `/api/campaigns/${campaignId}/what-if`, { methodologyId });
      walls.push(performance.now() - started);
      reported.push(result.durationMs);
    }
    return { wallMs: median(walls), walls, serverDurationMs: reported };
  };
  const stored = await measure(bands);
  const reread = await measure(lacking);
  return {
    id: figure.id,
    title: figure.title,
    value: `${round(stored.wallMs, 0)} мс (другие границы уровней), ${round(reread.wallMs, 0)} мс (без механизма: ответы читаются заново)`,
    ceiling: '—',
    target: `≤ ${figure.wallTargetMs} мс`,
    pass: Math.max(stored.wallMs, reread.wallMs) <= figure.wallTargetMs,
    details: { runs, otherBands: stored, lackingMechanism: reread },
  };
}
