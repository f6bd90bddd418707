import type { RespondentRole, StaffRole } from '../../db/schema/values';

// Who is acting: the signed-in staff member or respondent, and the actor an audit record names. Plain types,
// so services and helpers can take them without importing the auth plugin.

export interface StaffPrincipal {
  kind: 'staff';
  sessionId: string;
  userId: number;
  email: string;
  fullName: string;
  role: StaffRole;
  regionId: number | null;
  municipalityId: number | null;
  passwordChangeRequired: boolean;
}

export interface RespondentPrincipal {
  kind: 'respondent';
  /** The server-side session the token names (respondent_sessions), so leaving ends it. */
  sessionId: string;
  responseId: number;
  accessCodeId: number;
  campaignId: number;
  respondentRole: RespondentRole;
}

export type Principal = StaffPrincipal | RespondentPrincipal;

/** The person an audit record names: a user, or a respondent's questionnaire («анкета №…»), with the address. */
export interface AuditActor {
  userId: number | null;
  label: string;
  ip: string | null;
}
