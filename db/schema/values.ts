// Plain value lists shared by the database enums and the client (no drizzle imports here).
export const STAFF_ROLES = ['admin', 'regional_coordinator', 'municipal_coordinator', 'expert'] as const;
export const MUNICIPALITY_KINDS = ['district', 'municipal_okrug', 'city_okrug'] as const;
export const SCHOOL_LOCALITIES = ['urban', 'rural'] as const;
/** The directory holds general-education schools (ОО) and preschool organisations (ДОО); `schools` stores both. */
export const ORGANISATION_KINDS = ['school', 'preschool'] as const;

export type StaffRole = (typeof STAFF_ROLES)[number];
export type MunicipalityKind = (typeof MUNICIPALITY_KINDS)[number];
export type SchoolLocality = (typeof SCHOOL_LOCALITIES)[number];
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const CAMPAIGN_STATES = ['draft', 'open', 'closed', 'published'] as const;
/**
 * Every respondent role any methodology may declare: a school's director, deputy and teacher, and a preschool
 * organisation's head (заведующий), senior educator and educator. Which kind a role belongs to is the methodology's
 * data (`respondentRoles[].organisationKind`); a database enum can only grow, so roles are never removed here.
 */
export const RESPONDENT_ROLES = ['director', 'deputy_director', 'teacher', 'head', 'senior_educator', 'educator'] as const;
export const RESPONSE_STATUSES = ['not_started', 'in_progress', 'submitted'] as const;

export type CampaignState = (typeof CAMPAIGN_STATES)[number];

/** A methodology version: a draft is edited and checked, a published one is used and never changes, a retired one is no longer offered. */
export const METHODOLOGY_STATES = ['draft', 'published', 'retired'] as const;
export type MethodologyState = (typeof METHODOLOGY_STATES)[number];
export type RespondentRole = (typeof RESPONDENT_ROLES)[number];
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number];

export const MUNICIPALITY_REVIEW_STATUSES = ['not_reviewed', 'in_review', 'approved'] as const;
export const OVERRIDE_TARGETS = ['component_points', 'mechanism_level'] as const;

export type MunicipalityReviewStatus = (typeof MUNICIPALITY_REVIEW_STATUSES)[number];
export type OverrideTarget = (typeof OVERRIDE_TARGETS)[number];

/**
 * One letter per scored question in a questionnaire's stored outcome string (`responses.scoring_outcomes`). A check
 * constraint holds the column to these letters, which lets a scoring run read the strings packed in plain text.
 */
export const OUTCOME_LETTERS = { unanswered: 'u', confirms: 'c', denies: 'd' } as const;
