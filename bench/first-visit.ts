import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import type { Database } from '../db/client';
import type { AccessCodeSlot } from '../server/modules/campaigns/campaigns.schemas';
import { loadAccessKeys } from '../server/modules/access/access-keys';
import { startServerProcess } from '../server/test/server-process';
import { staffToken } from './dashboards';
import { median, round, type Figure } from './measure';
import { generateCampaign } from './national';

/** The rural link of the issue: 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip. */
const LINK = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };
const PHONE = { viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
/** Fresh browser profiles, each with a first visit and two later ones; the figures are their medians. */
const PROFILES = 3;

/**
 * Set in the page before its own scripts: the moment (from the start of the navigation) the first question of the
 * questionnaire is laid out with a size, i.e. visible to the respondent.
 */
const FIRST_QUESTION_PROBE = `
  new MutationObserver((_, observer) => {
    const question = document.querySelector('.sd-question');
    if (question && question.getBoundingClientRect().height > 0) {
      window.__firstQuestionMs = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
`;

interface Visit {
  ms: number;
  /** Bytes on the wire (headers and compressed bodies), as Chromium's network stack counted them. */
  transferredKb: number;
  requests: number;
  /** Requests the browser answered from its own cache without asking. */
  fromCache: number;
  /** Each request: its path, and when it started and finished, in ms from the start of the navigation. */
  timeline: string[];
}

/** Counts what goes over the wire for one navigation of the page. */
function wireCounter(cdp: CDPSession) {
  let bytes = 0;
  let fromCache = 0;
  let started: Map<string, { path: string; at: number; end?: number }> = new Map();
  cdp.on('Network.requestWillBeSent', (event) => {
    const url = new URL(event.request.url);
    started.set(event.requestId, { path: `${event.request.method} ${url.pathname.replace(/\/k\/.*/, '/k/…')}`, at: event.timestamp });
  });
  cdp.on('Network.requestServedFromCache', () => fromCache++);
  cdp.on('Network.loadingFinished', (event) => {
    bytes += event.encodedDataLength;
    const request = started.get(event.requestId);
    if (request) request.end = event.timestamp;
  });
  return {
    reset: () => void ((bytes = fromCache = 0), (started = new Map())),
    read: () => {
      const requests = [...started.values()];
      const origin = Math.min(...requests.map((r) => r.at));
      const ms = (at: number) => Math.round((at - origin) * 1000);
      return {
        transferredKb: round(bytes / 1024),
        requests: requests.length,
        fromCache,
        timeline: requests.map((r) => `${r.path} ${ms(r.at)}–${r.end === undefined ? '?' : ms(r.end)}`),
      };
    },
  };
}

async function visit(page: Page, counter: ReturnType<typeof wireCounter>, url: string): Promise<Visit> {
  counter.reset();
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => (window as unknown as { __firstQuestionMs?: number }).__firstQuestionMs, undefined, {
    timeout: 120_000,
    polling: 100,
  });
  const ms = await page.evaluate(() => (window as unknown as { __firstQuestionMs: number }).__firstQuestionMs);
  // Whatever the page still asks for right after the question shows (an autosave, a late chunk) belongs to the visit.
  await page.waitForLoadState('networkidle');
  // The next respondent comes minutes later: by then the page's service worker has installed (client/public).
  await page.evaluate(() => Promise.race([navigator.serviceWorker?.ready, new Promise((resolve) => setTimeout(resolve, 10_000))]));
  return { ms: round(ms, 0), ...counter.read() };
}

interface ProfileRun {
  first: Visit;
  /** The next respondent of the same school on the same device: another code, another role's questionnaire. */
  otherRole: Visit;
  /** Then a respondent of another school with the first one's role: the questionnaire is already in the cache. */
  sameRole: Visit;
}

async function profileRun(
  baseUrl: string,
  codes: { first: string; otherRole: string; sameRole: string },
  throttled = true,
): Promise<ProfileRun> {
  const profileDir = await mkdtemp(path.join(tmpdir(), 'muko-bench-chromium-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
      ...PHONE,
    });
    await context.addInitScript(FIRST_QUESTION_PROBE);
    const page = context.pages()[0] ?? (await context.newPage());
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    if (throttled) await cdp.send('Network.emulateNetworkConditions', LINK);
    const counter = wireCounter(cdp);
    return {
      first: await visit(page, counter, `${baseUrl}/anketa/k/${codes.first}`),
      otherRole: await visit(page, counter, `${baseUrl}/anketa/k/${codes.otherRole}`),
      sameRole: await visit(page, counter, `${baseUrl}/anketa/k/${codes.sameRole}`),
    };
  } finally {
    await context?.close();
    await rm(profileDir, { recursive: true, force: true });
  }
}

function summary(visits: Visit[]) {
  return {
    ms: median(visits.map((v) => v.ms)),
    transferredKb: median(visits.map((v) => v.transferredKb)),
    requests: median(visits.map((v) => v.requests)),
    fromCache: median(visits.map((v) => v.fromCache)),
  };
}

/**
 * A respondent opens a personal link on a phone over a slow rural link: a fresh Chromium profile, the network
 * throttled through the DevTools protocol, the compiled server with the built client (what `npm start` serves).
 * Then two more respondents on the same device, each with their own link.
 */
export async function measureFirstVisit(
  db: Database,
  serverEnv: Record<string, string | undefined>,
  jwtSecret: string,
  bundleGzipKb: number,
): Promise<Figure[]> {
  const keys = await loadAccessKeys(db);
  const generated = await generateCampaign(
    db,
    { municipalities: 1, schoolsPerMunicipality: 2 * (PROFILES + 1), openSchools: 2 * (PROFILES + 1) },
    keys,
    'visit',
  );
  const token = await staffToken(db, jwtSecret, generated.adminId);
  const server = await startServerProcess({ ...serverEnv, JWT_SECRET: jwtSecret, LOG_LEVEL: 'error' }, { startupTimeoutMs: 120_000 });
  try {
    const listed = await fetch(`${server.baseUrl}/api/campaigns/${generated.campaignId}/access-codes`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!listed.ok) throw new Error(`code list refused: ${await listed.text()}`);
    const slots = ((await listed.json()) as { codes: AccessCodeSlot[] }).codes;
    const schoolIds = [...new Set(slots.map((slot) => slot.schoolId))].sort((a, b) => a - b);
    const codeOf = (schoolId: number, role: AccessCodeSlot['respondentRole']) =>
      slots.find((slot) => slot.schoolId === schoolId && slot.respondentRole === role)!.code!;
    // Each run its own two schools: a personal link opens a session only on its code's first use.
    const codesOf = (run: number) => ({
      first: codeOf(schoolIds[2 * run]!, 'teacher'),
      otherRole: codeOf(schoolIds[2 * run]!, 'director'),
      sameRole: codeOf(schoolIds[2 * run + 1]!, 'teacher'),
    });
    const runs: ProfileRun[] = [];
    for (let i = 0; i < PROFILES; i++) runs.push(await profileRun(server.baseUrl, codesOf(i)));
    // The same visits without the throttling: what is left is this machine's CPU (browser and server), not the link.
    const unthrottled = await profileRun(server.baseUrl, codesOf(PROFILES), false);
    const first = summary(runs.map((run) => run.first));
    const otherRole = summary(runs.map((run) => run.otherRole));
    const sameRole = summary(runs.map((run) => run.sameRole));
    const link = '1,6 Мбит/с вниз, 750 кбит/с вверх, RTT 150 мс, экран 375 px';
    const bytes = (s: ReturnType<typeof summary>) => `${s.requests} запросов, из них ${s.fromCache} из кеша браузера`;
    const seconds = (visit: Visit) => `${round(visit.ms / 1000, 2)} с`;
    return [
      {
        id: 'respondent-first-visit',
        title: `Первое открытие личной ссылки до первого вопроса (${link}, новый профиль Chromium)`,
        value: `${round(first.ms / 1000, 2)} с; передано ${first.transferredKb} КБ (${bytes(first)})`,
        ceiling: `страница респондента в gzip — ${bundleGzipKb} КБ; по профилям: ${runs.map((r) => seconds(r.first)).join(', ')}; без ограничения сети (только CPU машины): ${seconds(unthrottled.first)}`,
        target: '≤ 3 с',
        pass: first.ms <= 3000,
        details: { runs, unthrottled },
      },
      {
        id: 'respondent-repeat-visit',
        title: 'Повторное открытие на том же устройстве с другим кодом до первого вопроса',
        value: `${round(otherRole.ms / 1000, 2)} с другой роли той же школы (передано ${otherRole.transferredKb} КБ, ${bytes(otherRole)}); ${round(sameRole.ms / 1000, 2)} с той же роли другой школы (передано ${sameRole.transferredKb} КБ, ${bytes(sameRole)})`,
        ceiling: `по профилям: ${runs.map((r) => `${seconds(r.otherRole)} / ${seconds(r.sameRole)}`).join(', ')}; без ограничения сети: ${seconds(unthrottled.otherRole)} / ${seconds(unthrottled.sameRole)}`,
        target: '≤ 0,8 с',
        pass: Math.max(otherRole.ms, sameRole.ms) <= 800,
      },
    ];
  } finally {
    await server.stop();
  }
}
