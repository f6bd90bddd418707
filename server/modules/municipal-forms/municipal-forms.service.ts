import type { Database, Executor } from '../../../db/client';
import { municipalForms } from '../../../db/schema';
import { forbidden, notFound } from '../../errors';
import { isOtherMunicipality, otherMunicipality, readScope } from '../../lib/scope';
import { recordAudit } from '../audit/audit.repo';
import { campaignPhase } from '../campaigns/campaigns.schemas';
import type { DefinitionCache } from '../campaigns/definition-cache';
import { explainRefusedSave, prepareFormSave, readForm, saveFormWith, toFormState } from '../forms/form-store';
import type { SaveBody } from '../forms/forms.schemas';
import { acceptanceRefusal, refuseUncheckedAnswers, type FormWording } from '../forms/form-write';
import { campaignScoring, storedFormInput } from '../scoring/campaign-scoring';
import * as repo from './municipal-forms.repo';
import type { MunicipalFormContext } from './municipal-forms.schemas';
import { mayEditMunicipalForm as mayEdit } from '../../lib/policy';
import type { AuditActor, StaffPrincipal } from '../../lib/principal';

/** Refusals speak to a municipal coordinator about the district's form. */
const MUNICIPAL_FORM_WORDING: FormWording = {
  incomplete: 'Форма заполнена не полностью или с ошибками. Исправьте отмеченные поля и отправьте снова.',
  opens: 'Приём форм начнётся',
  closed: 'Приём форм завершён',
};

export function createMunicipalFormsService({ db, definitions }: { db: Database; definitions: DefinitionCache }) {
  const saves = {
    draft: prepareFormSave(db, municipalForms, repo.municipalFormMayWrite(), {
      submit: false,
      recordsEditor: true,
      name: 'municipal_form_save',
    }),
    // A submission is written with its audit record in one transaction: both or neither.
    submit: (params: Parameters<typeof saveFormWith>[4], audit: (revision: number, tx: Executor) => Promise<unknown>) =>
      db.transaction(async (tx) => {
        const saved = await saveFormWith(tx, municipalForms, repo.municipalFormMayWrite(), { submit: true, recordsEditor: true }, params);
        if (saved) await audit(saved.revision, tx);
        return saved;
      }),
  };

  async function formInScope(principal: StaffPrincipal, campaignId: number, municipalityId: number) {
    if (isOtherMunicipality(principal, municipalityId)) throw otherMunicipality();
    const form = await repo.findMunicipalForm(db, campaignId, municipalityId, readScope(principal));
    if (!form) throw notFound('Муниципальная форма не найдена.');
    return form;
  }

  async function campaignDefinition(campaignId: number) {
    const definition = await definitions.get(campaignId);
    if (!definition) throw notFound('Кампания ещё не запущена.');
    return definition;
  }

  async function write(
    principal: StaffPrincipal,
    actor: AuditActor,
    campaignId: number,
    municipalityId: number,
    body: SaveBody,
    submit: boolean,
  ) {
    const form = await formInScope(principal, campaignId, municipalityId);
    if (!mayEdit(principal, form)) throw forbidden('Муниципальную форму заполняет муниципальный координатор.');
    const definition = await campaignDefinition(campaignId);
    refuseUncheckedAnswers(definition.municipalForm, body.answers, submit, MUNICIPAL_FORM_WORDING);
    const saved = submit
      ? await saves.submit(
          {
            id: form.id,
            body,
            updatedBy: principal.userId,
            scoringInput: storedFormInput(campaignScoring(definition), body.answers),
          },
          (revision, tx) =>
            recordAudit(tx, actor, {
              action: 'municipal_form.submitted',
              entityType: 'municipal_form',
              entityId: form.id,
              regionId: form.regionId,
              municipalityId,
              after: { campaignId, revision },
            }),
        )
      : await saves.draft({ id: form.id, body, updatedBy: principal.userId });
    if (saved) return saved;
    const stored = (await readForm(db, municipalForms, form.id))!;
    const refusal = acceptanceRefusal(form, MUNICIPAL_FORM_WORDING);
    if (stored.lastSaveId !== body.saveId && refusal) throw refusal;
    return explainRefusedSave(stored, body, submit);
  }

  return {
    async context(principal: StaffPrincipal, campaignId: number, municipalityId: number): Promise<MunicipalFormContext> {
      const form = await formInScope(principal, campaignId, municipalityId);
      const phase = campaignPhase(form.campaignState, form.opensAt, form.closesAt);
      return {
        campaign: { id: form.campaignId, title: form.campaignTitle, closesAt: form.closesAt.toISOString(), timeZone: form.timeZone, phase },
        municipality: { id: form.municipalityId, name: form.municipalityName },
        editable: mayEdit(principal, form) && phase === 'open' && form.status !== 'submitted',
        form: toFormState(form, 'M'),
      };
    },

    async definition(principal: StaffPrincipal, campaignId: number, municipalityId: number) {
      await formInScope(principal, campaignId, municipalityId);
      return (await campaignDefinition(campaignId)).municipalForm;
    },

    save: (principal: StaffPrincipal, actor: AuditActor, campaignId: number, municipalityId: number, body: SaveBody) =>
      write(principal, actor, campaignId, municipalityId, body, false),
    submit: (principal: StaffPrincipal, actor: AuditActor, campaignId: number, municipalityId: number, body: SaveBody) =>
      write(principal, actor, campaignId, municipalityId, body, true),
  };
}

export type MunicipalFormsService = ReturnType<typeof createMunicipalFormsService>;
