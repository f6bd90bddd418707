import { z } from 'zod';
import { MUNICIPALITY_REVIEW_STATUSES, OVERRIDE_TARGETS } from '../../../db/schema/values';
import { dashboardPageQueryShape, pagePositionShape, searchQueryShape } from '../../lib/paging';
import { levelCodeSchema, organisationKindSchema } from '../methodology/methodology.schemas';
import { municipalityScoreSchema, recommendationSchema } from '../scoring/scoring.schemas';

export * from './results-labels';

const level = levelCodeSchema.nullable();

export const runSummarySchema = z.object({
  id: z.number().int(),
  methodologyId: z.string(),
  methodologyVersion: z.string(),
  methodologyTitle: z.string().describe('Название методики для людей'),
  inputs: z.object({
    municipalities: z.number().int(),
    schools: z.number().int(),
    questionnaires: z.number().int(),
    municipalForms: z.number().int(),
  }),
  durationMs: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

export const runQuerySchema = z.object({ runId: z.coerce.number().int().positive().optional() });

/** The value beside the judgement: what was computed, and what stands after experts' overrides. */
const judged = z.object({ computedLevel: level, level, computedPercent: z.number(), percent: z.number(), overridden: z.boolean() });

export const matrixCellSchema = judged.extend({
  mechanismCode: z.string(),
  flags: z.number().int(),
  /** An expert confirmed the cell as computed in this run. */
  confirmed: z.boolean(),
});

export const matrixRowSchema = z.object({
  municipalityId: z.number().int(),
  name: z.string(),
  reviewStatus: z.enum(MUNICIPALITY_REVIEW_STATUSES),
  insufficientData: z.boolean(),
  respondingSchools: z.number().int(),
  totalSchools: z.number().int(),
  formSubmitted: z.boolean(),
  /** The run's computed results differ from the run before it (an approval given before was withdrawn). */
  changedSincePreviousRun: z.boolean(),
  overall: judged,
  cells: z.array(matrixCellSchema),
});
export type MatrixRow = z.infer<typeof matrixRowSchema>;

export const publicationSchema = z.object({
  number: z.number().int(),
  scoringRunId: z.number().int(),
  publishedAt: z.string(),
  publishedBy: z.string().nullable(),
  exceptions: z.object({ municipalityIds: z.array(z.number().int()), reason: z.string() }).nullable(),
  withdrawnAt: z.string().nullable(),
  withdrawnBy: z.string().nullable(),
  withdrawalReason: z.string().nullable(),
});
export type Publication = z.infer<typeof publicationSchema>;

export const unpublishBodySchema = z.object({
  reason: z.string().trim().min(5, 'Опишите, что исправляется: причина будет видна на опубликованных страницах').max(1000),
});

/** A withdrawn earlier publication, as published pages name the correction. */
export const correctionSchema = z.object({ publicationNumber: z.number().int(), withdrawnAt: z.string(), reason: z.string() });

export const resultsContextShape = {
  campaignId: z.number().int(),
  run: runSummarySchema,
  /** The campaign's run before this one, null for the first. */
  previousRunId: z.number().int().nullable(),
  published: z.boolean(),
  /** Earlier publications withdrawn for a correction, shown as «исправлено <дата>: <причина>». */
  corrections: z.array(correctionSchema),
  /** The caller is an assigned expert, the campaign is not yet published and this is its latest run. */
  canReview: z.boolean(),
  levels: z.array(z.object({ code: levelCodeSchema, label: z.string() })),
  insufficientDataLabel: z.string(),
  /** What withholds a level: the methodology's minimum share, counted for each of `organisationKinds` (a legend reads it). */
  minResponseShare: z.number().min(0).max(1),
  mechanisms: z.array(z.object({ code: z.string(), title: z.string() })),
  /**
   * The kinds of organisations the campaign asks, in `ORGANISATION_KINDS` order: the ones its response rates count,
   * so pages name them («школ», «организаций»). Schools only for every campaign frozen before kinds existed.
   */
  organisationKinds: z.array(organisationKindSchema),
};

export const matrixQuerySchema = runQuerySchema.extend({
  ...dashboardPageQueryShape,
  ...searchQueryShape,
  review: z.enum([...MUNICIPALITY_REVIEW_STATUSES, 'pending']).optional(),
  /** Only municipalities whose results changed since the previous run. */
  changed: z.enum(['1']).optional(),
});
export type MatrixQuery = z.infer<typeof matrixQuerySchema>;

export const matrixSchema = z.object({
  ...resultsContextShape,
  /** Over every municipality of the run in the caller's scope, whatever the filter and the page. */
  summary: z.object({
    municipalities: z.number().int(),
    approved: z.number().int(),
    inReview: z.number().int(),
    notReviewed: z.number().int(),
    changed: z.number().int(),
    insufficientData: z.number().int(),
    respondingSchools: z.number().int(),
  }),
  /** `total` counts the municipalities matching the filter; `municipalities` is the asked page of them, in name order. */
  ...pagePositionShape,
  municipalities: z.array(matrixRowSchema),
});
export type ResultsMatrix = z.infer<typeof matrixSchema>;

export const overrideSchema = z.object({
  id: z.number().int(),
  mechanismCode: z.string(),
  target: z.enum(OVERRIDE_TARGETS),
  componentCode: z.string().nullable(),
  runId: z.number().int(),
  computedValue: z.number().int().nullable(),
  value: z.number().int(),
  reason: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  withdrawnAt: z.string().nullable(),
});
export type Override = z.infer<typeof overrideSchema>;

export const municipalityResultSchema = z.object({
  ...resultsContextShape,
  municipalityId: z.number().int(),
  reviewStatus: z.enum(MUNICIPALITY_REVIEW_STATUSES),
  changedSincePreviousRun: z.boolean(),
  /** False only if the scorer now computes different points than the run stored (a changed program). */
  consistent: z.boolean(),
  score: municipalityScoreSchema,
  overall: judged,
  cells: z.array(
    matrixCellSchema.extend({ componentPoints: z.array(z.number().int()), computedComponentPoints: z.array(z.number().int()) }),
  ),
  overrides: z.array(overrideSchema),
  /** Why the effective values are what they are, beside `score`'s explanation of the computed ones (null: unchanged). */
  effectiveExplanation: z.object({
    mechanisms: z.record(z.string(), z.array(z.string()).nullable()),
    overall: z.array(z.string()).nullable(),
  }),
  /** From the effective values; `score.recommendations` are the computed values' ones. */
  recommendations: z.array(recommendationSchema),
  confirmations: z.array(
    z.object({ mechanismCode: z.string(), confirmedBy: z.string(), confirmedAt: z.string(), currentRun: z.boolean() }),
  ),
  schoolNames: z.record(z.string(), z.string()),
  questions: z.record(z.string(), z.object({ title: z.string(), confirmingAnswers: z.array(z.string()) })),
});
export type MunicipalityResult = z.infer<typeof municipalityResultSchema>;

export const resultParamsSchema = z.object({
  id: z.coerce.number().int().positive().max(2_147_483_647),
  municipalityId: z.coerce.number().int().positive().max(2_147_483_647),
});

export const mechanismParamsSchema = resultParamsSchema.extend({
  mechanismCode: z
    .string()
    .regex(/^\d+(\.\d+)*$/)
    .max(16),
});

const reason = z.string().trim().min(10, 'Опишите причину: не короче 10 символов').max(2000);

export const overrideBodySchema = z
  .object({
    mechanismCode: z
      .string()
      .regex(/^\d+(\.\d+)*$/)
      .max(16),
    target: z.enum(OVERRIDE_TARGETS),
    componentCode: z.string().max(64).optional(),
    value: z.number().int().min(0).max(10),
    reason,
  })
  .refine((body) => (body.target === 'component_points') === (body.componentCode !== undefined), {
    path: ['componentCode'],
    message: 'Компонент указывается только при изменении баллов компонента',
  });

export const reviewBodySchema = z.object({ status: z.enum(MUNICIPALITY_REVIEW_STATUSES) });

export const expertsBodySchema = z.object({ userIds: z.array(z.number().int().positive()).max(200) });
export const expertSchema = z.object({ id: z.number().int(), fullName: z.string(), email: z.string() });

/** What publishing needs exceptions for: the campaign's municipalities no expert has approved, in name order. */
export const unapprovedSchema = z.object({
  municipalities: z.array(z.object({ municipalityId: z.number().int(), name: z.string() })),
});
export type Unapproved = z.infer<typeof unapprovedSchema>;

export const publishBodySchema = z.object({
  /** Municipalities published without an expert's approval, with the reason. */
  exceptions: z.object({ municipalityIds: z.array(z.number().int().positive()).min(1).max(5000), reason }).optional(),
});

export const distributionSchema = z.object({
  campaignId: z.number().int(),
  levels: z.array(z.object({ code: levelCodeSchema, label: z.string() })),
  insufficientDataLabel: z.string(),
  rows: z.array(
    z.object({
      mechanismCode: z.string().nullable().describe('null — итоговый уровень'),
      title: z.string(),
      counts: z.array(z.number().int()).describe('Число муниципалитетов на уровнях 0–3'),
      insufficient: z.number().int(),
    }),
  ),
});

const historyCampaignShape = { id: z.number().int(), title: z.string(), year: z.number().int() };

export const regionHistorySchema = z.object({
  campaignId: z.number().int(),
  levels: z.array(z.object({ code: levelCodeSchema, label: z.string() })),
  insufficientDataLabel: z.string(),
  campaigns: z
    .array(
      z.object({
        ...historyCampaignShape,
        counts: z.array(z.number().int()).describe('Число муниципалитетов на итоговых уровнях 0–3'),
        insufficient: z.number().int(),
      }),
    )
    .describe('Рассчитанные кампании региона до этой включительно с тем же набором механизмов (код и название), по годам'),
});
export type RegionHistory = z.infer<typeof regionHistorySchema>;

export const municipalityHistorySchema = z.object({
  campaignId: z.number().int(),
  municipalityId: z.number().int(),
  name: z.string(),
  levels: z.array(z.object({ code: levelCodeSchema, label: z.string() })),
  insufficientDataLabel: z.string(),
  mechanisms: z.array(z.object({ code: z.string(), title: z.string() })),
  campaigns: z
    .array(
      z.object({
        ...historyCampaignShape,
        overall: level.optional().describe('Нет, если итоговый уровень несравним: кампания оценивала другой набор механизмов'),
        cells: z
          .array(z.object({ mechanismCode: z.string(), level }))
          .describe('Только механизмы, совпадающие с линиями истории по коду и названию'),
      }),
    )
    .describe(
      'Рассчитанные кампании региона до этой включительно, в которых участвовал муниципалитет и есть хотя бы один механизм этой кампании (тот же код и название), по годам',
    ),
});
export type MunicipalityHistory = z.infer<typeof municipalityHistorySchema>;

export const comparisonSchema = z.object({
  campaignId: z.number().int(),
  previous: z
    .object({
      id: z.number().int(),
      title: z.string(),
      year: z.number().int(),
      mechanismCodes: z.array(z.string()).describe('Механизмы этой кампании, которые та оценивала под тем же кодом и названием'),
      overallComparable: z.boolean().describe('Итоговые уровни сравнимы: обе кампании оценивали один и тот же набор механизмов'),
    })
    .nullable()
    .describe('Последняя рассчитанная кампания региона до этой, у которой есть хотя бы один общий механизм; null — сравнивать не с чем'),
  rows: z.array(
    z.object({
      municipalityId: z.number().int(),
      name: z.string(),
      cells: z.array(
        z.object({
          mechanismCode: z.string().nullable(),
          previous: level,
          current: level,
          change: z
            .enum(['better', 'worse', 'same', 'no_data', 'not_comparable'])
            .describe('not_comparable — механизм или итог несравнимы'),
        }),
      ),
    }),
  ),
});
