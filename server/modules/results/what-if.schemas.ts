import { z } from 'zod';
import { levelCodeSchema } from '../methodology/methodology.schemas';

// API shapes of a what-if: a past campaign re-scored under another methodology version, nothing stored. Shared
// with the browser, so nothing server-only may be imported here.

export const whatIfBodySchema = z.object({
  methodologyId: z.string({ error: 'Укажите версию методики' }).trim().min(1, 'Укажите версию методики').max(100),
});

/** How a level moves from the campaign's latest run to the version; `withheld`/`given`: the response-rate guard. */
export const WHAT_IF_CHANGES = ['up', 'down', 'same', 'withheld', 'given'] as const;
export type WhatIfChange = (typeof WHAT_IF_CHANGES)[number];

const level = levelCodeSchema.nullable();

export const whatIfComparisonSchema = z.object({
  now: z.object({
    /** Computed by the latest run (null: withheld by the response-rate guard). */
    computedLevel: level,
    computedPercent: z.number(),
    /** What stands after experts' overrides. */
    level,
    percent: z.number(),
    overridden: z.boolean(),
  }),
  version: z.object({ level, percent: z.number() }),
  /** From the computed level now to the version's: an expert's judgement is not carried to another version. */
  change: z.enum(WHAT_IF_CHANGES),
  /** Anything differs: the level, the percent or the guard. */
  changed: z.boolean(),
  /** Why it differs, short: points and percent before→after, band crossed, cap, guard, components' points. */
  reasons: z.array(z.string()),
  /** The version's own explanation of its level (empty when nothing changed). */
  explanation: z.array(z.string()),
});
export type WhatIfComparison = z.infer<typeof whatIfComparisonSchema>;

export const whatIfRowSchema = z.object({
  municipalityId: z.number().int(),
  name: z.string(),
  overall: whatIfComparisonSchema,
  cells: z.array(whatIfComparisonSchema.extend({ mechanismCode: z.string() })),
});
export type WhatIfRow = z.infer<typeof whatIfRowSchema>;

export const whatIfCountsSchema = z.object(
  Object.fromEntries(WHAT_IF_CHANGES.map((change) => [change, z.number().int()])) as Record<WhatIfChange, z.ZodNumber>,
);
export type WhatIfCounts = z.infer<typeof whatIfCountsSchema>;

const mechanismRef = z.object({ code: z.string(), title: z.string() });
const versionRef = z.object({
  id: z.string(),
  version: z.string(),
  title: z.string(),
  levels: z.array(z.object({ code: levelCodeSchema, label: z.string() })),
  insufficientDataLabel: z.string(),
});

export const whatIfSchema = z.object({
  campaignId: z.number().int(),
  runId: z.number().int(),
  /** The campaign's frozen version, and the one it is re-scored under. */
  current: versionRef,
  version: versionRef,
  /** The campaign's mechanisms the version has, compared in this order. */
  mechanisms: z.array(mechanismRef),
  /** The campaign's mechanisms the version lacks: not scored, and left out of the overall level under the version. */
  missingMechanisms: z.array(mechanismRef),
  /** The version's mechanisms the campaign did not ask: nobody answered them, so they are not scored. */
  addedMechanisms: z.array(mechanismRef),
  summary: z.object({
    overall: whatIfCountsSchema,
    mechanisms: z.array(z.object({ code: z.string(), counts: whatIfCountsSchema })),
  }),
  municipalities: z.array(whatIfRowSchema),
  durationMs: z.number().int(),
});
export type WhatIf = z.infer<typeof whatIfSchema>;
