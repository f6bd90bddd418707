import { z } from 'zod';
import { RESPONSE_STATUSES } from '../../../db/schema/values';

/** Said by this schema and by the answer check (methodology/check envelopeError), which also takes other callers' answers. */
export const ANSWERS_NOT_AN_OBJECT = 'Ответы должны быть объектом вида «вопрос — ответ».';

/**
 * The answers of a save, only checked to be an object and passed on as they came: the answer check
 * (methodology/check) refuses unknown keys and wrong values and caps the size, and a copy of every key made here would
 * be the largest allocation of every autosave.
 */
const answersSchema = z
  .custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), {
    message: ANSWERS_NOT_AN_OBJECT,
  })
  .meta({ type: 'object', additionalProperties: {} });

/**
 * One autosave: the whole answer set (small: tens of kilobytes), the page the person is on, the revision the
 * browser last saw, and an id of this save so a retried request is recognised instead of refused.
 */
export const saveBodySchema = z.object({
  answers: answersSchema,
  currentPage: z.number().int().min(0).max(1000),
  revision: z.number().int().min(0),
  saveId: z.uuid(),
});
export type SaveBody = z.infer<typeof saveBodySchema>;

export const saveResultSchema = z.object({ revision: z.number().int(), savedAt: z.string() });
export type SaveResult = z.infer<typeof saveResultSchema>;

export const formStateSchema = z.object({
  status: z.enum(RESPONSE_STATUSES),
  answers: z.record(z.string(), z.unknown()),
  currentPage: z.number().int(),
  revision: z.number().int(),
  updatedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  /** Printed on the receipt: identifies this submission and the exact answers sent. */
  receipt: z.string().nullable(),
});
export type FormState = z.infer<typeof formStateSchema>;

/** What a submission answers: the form's state without the answers and page, which the browser has just sent. */
export const submissionSchema = formStateSchema.omit({ answers: true, currentPage: true });
export type Submission = z.infer<typeof submissionSchema>;

/** Answers of a form are limited in size: a full questionnaire is about 20 KB, so 256 KB is generous. */
export const FORM_BODY_LIMIT = 256 * 1024;
