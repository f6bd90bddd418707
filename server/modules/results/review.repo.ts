import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import {
  campaignExperts,
  campaignMunicipalities,
  campaignPublications,
  municipalities,
  mechanismConfirmations,
  municipalityReviews,
  overrides,
  users,
} from '../../../db/schema';
import type { MunicipalityReviewStatus, OverrideTarget } from '../../../db/schema/values';
import { qualified, russianOrder, storedRussianOrder } from '../../lib/sql';
import type { RunComparison } from './rerun';
import { inScope, reviewStatus, type MunicipalityScope } from './results.repo';

/** Experts, their judgements (confirmations, overrides, review status) and publications of a campaign's results. */

export async function listExperts(db: Executor, campaignId: number) {
  return db
    .select({ id: users.id, fullName: users.fullName, email: users.email })
    .from(campaignExperts)
    .innerJoin(users, eq(users.id, campaignExperts.userId))
    .where(eq(campaignExperts.campaignId, campaignId))
    .orderBy(russianOrder(users.fullName));
}

export async function isAssignedExpert(db: Executor, campaignId: number, userId: number) {
  const [row] = await db
    .select({ userId: campaignExperts.userId })
    .from(campaignExperts)
    .where(and(eq(campaignExperts.campaignId, campaignId), eq(campaignExperts.userId, userId)));
  return Boolean(row);
}

/** Active experts of a region among the given users: the only ones a campaign of that region may be assigned. */
export async function regionExperts(db: Executor, regionId: number, userIds: readonly number[]) {
  if (userIds.length === 0) return [];
  return db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, [...userIds]), eq(users.role, 'expert'), eq(users.regionId, regionId), isNull(users.disabledAt)));
}

export async function replaceExperts(db: Executor, campaignId: number, userIds: readonly number[], assignedBy: number) {
  await db.delete(campaignExperts).where(eq(campaignExperts.campaignId, campaignId));
  if (userIds.length) await db.insert(campaignExperts).values(userIds.map((userId) => ({ campaignId, userId, assignedBy })));
}

/** The campaign's municipalities no expert has approved, in name order: what publishing needs exceptions for. */
export async function unapprovedMunicipalities(db: Executor, campaignId: number) {
  return db
    .select({ municipalityId: campaignMunicipalities.municipalityId, name: municipalities.name })
    .from(campaignMunicipalities)
    .innerJoin(municipalities, eq(municipalities.id, campaignMunicipalities.municipalityId))
    .leftJoin(
      municipalityReviews,
      and(
        eq(municipalityReviews.campaignId, campaignMunicipalities.campaignId),
        eq(municipalityReviews.municipalityId, campaignMunicipalities.municipalityId),
      ),
    )
    .where(and(eq(campaignMunicipalities.campaignId, campaignId), sql`${reviewStatus} <> 'approved'`))
    .orderBy(storedRussianOrder(municipalities.nameOrder));
}

export async function setReviewStatus(
  db: Executor,
  campaignId: number,
  municipalityId: number,
  status: MunicipalityReviewStatus,
  userId: number,
) {
  await db
    .insert(municipalityReviews)
    .values({ campaignId, municipalityId, status, updatedBy: userId })
    .onConflictDoUpdate({
      target: [municipalityReviews.campaignId, municipalityReviews.municipalityId],
      set: { status, updatedBy: userId, updatedAt: sql`now()` },
    });
}

/** Moves a municipality from "not reviewed" to "in review" when an expert first acts on it. */
export async function startReview(db: Executor, campaignId: number, municipalityId: number, userId: number) {
  await db
    .insert(municipalityReviews)
    .values({ campaignId, municipalityId, status: 'in_review', updatedBy: userId })
    .onConflictDoUpdate({
      target: [municipalityReviews.campaignId, municipalityReviews.municipalityId],
      set: { status: 'in_review', updatedBy: userId, updatedAt: sql`now()` },
      setWhere: sql`${municipalityReviews.status} = 'not_reviewed'`,
    });
}

export async function confirmations(db: Executor, campaignId: number, scope: MunicipalityScope) {
  return db
    .select({
      municipalityId: mechanismConfirmations.municipalityId,
      mechanismCode: mechanismConfirmations.mechanismCode,
      runId: mechanismConfirmations.runId,
      confirmedBy: users.fullName,
      confirmedAt: mechanismConfirmations.confirmedAt,
    })
    .from(mechanismConfirmations)
    .innerJoin(users, eq(users.id, mechanismConfirmations.confirmedBy))
    .where(and(eq(mechanismConfirmations.campaignId, campaignId), inScope(mechanismConfirmations.municipalityId, scope)));
}

export async function confirm(db: Executor, row: typeof mechanismConfirmations.$inferInsert) {
  await db
    .insert(mechanismConfirmations)
    .values(row)
    .onConflictDoUpdate({
      target: [mechanismConfirmations.campaignId, mechanismConfirmations.municipalityId, mechanismConfirmations.mechanismCode],
      set: { runId: row.runId, confirmedBy: row.confirmedBy, confirmedAt: sql`now()` },
    });
}

const overrideColumns = {
  id: overrides.id,
  municipalityId: overrides.municipalityId,
  mechanismCode: overrides.mechanismCode,
  target: overrides.target,
  componentCode: overrides.componentCode,
  runId: overrides.runId,
  computedValue: overrides.computedValue,
  value: overrides.value,
  reason: overrides.reason,
  createdBy: users.fullName,
  createdAt: overrides.createdAt,
  withdrawnAt: overrides.withdrawnAt,
};

/** Every override of a campaign (or one municipality), newest first: active ones and the withdrawn history. */
export async function listOverrides(db: Executor, campaignId: number, scope: MunicipalityScope) {
  return db
    .select(overrideColumns)
    .from(overrides)
    .innerJoin(users, eq(users.id, overrides.createdBy))
    .where(and(eq(overrides.campaignId, campaignId), inScope(overrides.municipalityId, scope)))
    .orderBy(desc(overrides.id));
}

export async function findOverride(db: Executor, campaignId: number, overrideId: number) {
  const [row] = await db
    .select()
    .from(overrides)
    .where(and(eq(overrides.campaignId, campaignId), eq(overrides.id, overrideId)));
  return row ?? null;
}

/** A new override of a target withdraws the previous active one of the same target. */
export async function insertOverride(
  db: Executor,
  row: {
    campaignId: number;
    municipalityId: number;
    mechanismCode: string;
    target: OverrideTarget;
    componentCode: string | null;
    runId: number;
    computedValue: number | null;
    value: number;
    reason: string;
    createdBy: number;
  },
) {
  await db
    .update(overrides)
    .set({ withdrawnAt: sql`now()`, withdrawnBy: row.createdBy })
    .where(
      and(
        eq(overrides.campaignId, row.campaignId),
        eq(overrides.municipalityId, row.municipalityId),
        eq(overrides.mechanismCode, row.mechanismCode),
        eq(overrides.target, row.target),
        row.componentCode === null ? isNull(overrides.componentCode) : eq(overrides.componentCode, row.componentCode),
        isNull(overrides.withdrawnAt),
      ),
    );
  const [inserted] = await db.insert(overrides).values(row).returning({ id: overrides.id });
  return inserted!.id;
}

export async function withdrawOverride(db: Executor, overrideId: number, userId: number) {
  await db
    .update(overrides)
    .set({ withdrawnAt: sql`now()`, withdrawnBy: userId })
    .where(and(eq(overrides.id, overrideId), isNull(overrides.withdrawnAt)));
}

/** Approved municipalities among `municipalityIds` go back to review; returns those that did. */
export async function reopenApproved(
  db: Executor,
  campaignId: number,
  municipalityIds: readonly number[],
  userId: number,
): Promise<number[]> {
  if (municipalityIds.length === 0) return [];
  const rows = await db
    .update(municipalityReviews)
    .set({ status: 'in_review', updatedBy: userId, updatedAt: sql`now()` })
    .where(
      and(
        eq(municipalityReviews.campaignId, campaignId),
        eq(municipalityReviews.status, 'approved'),
        inArray(municipalityReviews.municipalityId, [...municipalityIds]),
      ),
    )
    .returning({ municipalityId: municipalityReviews.municipalityId });
  return rows.map((row) => row.municipalityId);
}

/** Confirmations of `previousRunId` that still hold move to `runId`; the others stay with the run they confirmed. */
export async function carryConfirmations(
  db: Executor,
  campaignId: number,
  previousRunId: number,
  runId: number,
  carried: RunComparison['carried'],
) {
  if (carried.length === 0) return;
  const still = sql`(select municipality_id, mechanism_code from json_to_recordset(${JSON.stringify(carried.map((c) => ({ municipality_id: c.municipalityId, mechanism_code: c.mechanismCode })))}::json) as v(municipality_id int, mechanism_code text))`;
  await db
    .update(mechanismConfirmations)
    .set({ runId })
    .where(
      and(
        eq(mechanismConfirmations.campaignId, campaignId),
        eq(mechanismConfirmations.runId, previousRunId),
        sql`(${mechanismConfirmations.municipalityId}, ${mechanismConfirmations.mechanismCode}) in ${still}`,
      ),
    );
}

// ---------- publications ----------

export async function insertPublication(
  db: Executor,
  values: {
    campaignId: number;
    scoringRunId: number;
    publishedBy: number;
    exceptions: { municipalityIds: number[]; reason: string } | null;
  },
) {
  const [row] = await db
    .insert(campaignPublications)
    .values({
      ...values,
      number: sql`(select coalesce(max(${campaignPublications.number}), 0) + 1 from ${campaignPublications} where ${campaignPublications.campaignId} = ${values.campaignId})`,
    })
    .returning({ number: campaignPublications.number });
  return row!.number;
}

/** Marks the campaign's current publication withdrawn; returns its number, or null when none is current. */
export async function withdrawPublication(db: Executor, campaignId: number, withdrawnBy: number, reason: string) {
  const [row] = await db
    .update(campaignPublications)
    .set({ withdrawnAt: sql`now()`, withdrawnBy, withdrawalReason: reason })
    .where(and(eq(campaignPublications.campaignId, campaignId), isNull(campaignPublications.withdrawnAt)))
    .returning({ number: campaignPublications.number });
  return row?.number ?? null;
}

const publisher = sql`(select ${users.fullName} from ${users} where ${users.id} = ${qualified(campaignPublications.publishedBy)})`;
const withdrawer = sql`(select ${users.fullName} from ${users} where ${users.id} = ${qualified(campaignPublications.withdrawnBy)})`;

/** Every publication of a campaign, the first first. */
export async function listPublications(db: Executor, campaignId: number) {
  return db
    .select({
      number: campaignPublications.number,
      scoringRunId: campaignPublications.scoringRunId,
      publishedAt: campaignPublications.publishedAt,
      publishedBy: sql<string | null>`${publisher}`,
      exceptions: campaignPublications.exceptions,
      withdrawnAt: campaignPublications.withdrawnAt,
      withdrawnBy: sql<string | null>`${withdrawer}`,
      withdrawalReason: campaignPublications.withdrawalReason,
    })
    .from(campaignPublications)
    .where(eq(campaignPublications.campaignId, campaignId))
    .orderBy(asc(campaignPublications.number));
}
