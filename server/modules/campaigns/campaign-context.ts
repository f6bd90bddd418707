import type { Database, Transaction } from '../../../db/client';
import { forbidden, notFound } from '../../errors';
import { isManager as canManage } from '../../lib/policy';
import type { StaffPrincipal } from '../../lib/principal';
import { readScope } from '../../lib/scope';
import { generateAccessCode, hashAccessCode, normalizeAccessCode } from '../access/access-code';
import type { CodeCipher } from '../access/code-cipher';
import type { MethodologyService } from '../methodology/versions.service';
import * as repo from './campaigns.repo';
import type { Campaign } from './campaigns.schemas';
import { questionnaireRoles, type FrozenDefinition } from './frozen-definition';

export interface CampaignsServiceDeps {
  db: Database;
  /** Installation key of the access-code hashes (shared by every instance). */
  codePepper: string;
  /** Keeps codes readable to the coordinators in scope. */
  codeCipher: CodeCipher;
  /** Which methodology versions a region's campaign may use. */
  methodologies: Pick<MethodologyService, 'usable'>;
}

/**
 * What the parts of the campaigns service share: their dependencies, the campaign as a principal may see or manage
 * it, and the making of questionnaire slots and their access codes.
 */
export function createCampaignContext(deps: CampaignsServiceDeps) {
  const { db, codePepper, codeCipher } = deps;

  async function visibleCampaign(principal: StaffPrincipal, id: number): Promise<Campaign> {
    const campaign = await repo.findCampaign(db, id, readScope(principal), canManage(principal));
    if (!campaign) throw notFound('Кампания не найдена.');
    return campaign;
  }

  async function managedCampaign(principal: StaffPrincipal, id: number): Promise<Campaign> {
    if (!canManage(principal)) throw forbidden();
    return visibleCampaign(principal, id);
  }

  /** New codes for the given slots; previous codes of those slots stop working, the answers stay. */
  async function issueCodes(tx: Transaction, principal: StaffPrincipal, filter: repo.SlotFilter): Promise<number[]> {
    const responseIds = await repo.questionnaireSlotIds(tx, filter);
    await repo.revokeActiveCodes(tx, filter);
    await repo.insertAccessCodes(
      tx,
      responseIds.map((responseId) => {
        const code = generateAccessCode();
        return {
          responseId,
          codeHash: hashAccessCode(normalizeAccessCode(code)!, codePepper),
          codeCiphertext: codeCipher.encrypt(code, responseId),
          issuedBy: principal.userId,
        };
      }),
    );
    return responseIds;
  }

  /**
   * The one place questionnaire slots are made: a slot for every role of the frozen definition in every school of
   * the campaign's municipalities (or only in `schoolIds`), each with a fresh access code. Returns the slots coded.
   */
  async function createSlotsWithCodes(
    tx: Transaction,
    principal: StaffPrincipal,
    campaignId: number,
    definition: FrozenDefinition,
    schoolIds?: number[],
  ): Promise<number[]> {
    await repo.createQuestionnaireSlots(tx, campaignId, questionnaireRoles(definition), schoolIds);
    return issueCodes(tx, principal, { campaignId, schoolIds });
  }

  return { ...deps, visibleCampaign, managedCampaign, issueCodes, createSlotsWithCodes };
}

export type CampaignContext = ReturnType<typeof createCampaignContext>;
