import type { MunicipalityReviewStatus } from '../../../db/schema/values';

// Zod-free on purpose: the results pages show these, and must not download the validation library for them.

export const reviewStatusLabels: Record<MunicipalityReviewStatus, string> = {
  not_reviewed: 'не проверен',
  in_review: 'на проверке',
  approved: 'утверждён',
};
