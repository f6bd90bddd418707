import type { ScoringRules } from '../methodology/methodology.schemas';
import type { CompiledComponent, CompiledScoring, EvidenceReasons } from './compiled';
import type { EvidenceDocument, MunicipalEvidence, VerificationWay } from './scoring.schemas';
import { pointsText } from './texts';

/** Answers as stored: question name → value. */
export type Answers = Readonly<Record<string, unknown>>;

/** A public address an expert can open; the form's own validator asks for the same. */
const PUBLIC_URL = /^https?:\/\/\S+\.\S+$/;

const WAY_PRESENT: Record<VerificationWay, string> = { url: 'указана ссылка на документ', requisites: 'указаны дата и номер документа' };
const WAY_MISSING: Record<VerificationWay, string> = { url: 'нет ссылки на документ', requisites: 'не указаны дата и номер документа' };

export function evidenceReasons(rules: ScoringRules): EvidenceReasons {
  const { points, verifiableBy } = rules.municipalEvidence;
  const absent = `${pointsText(points.absent)}.`;
  // Non-empty subsets of `verifiableBy`, order kept: [url], [requisites], [url, requisites].
  const subsets = verifiableBy.reduce<VerificationWay[][]>((all, way) => [...all, ...all.map((subset) => [...subset, way]), [way]], []);
  return {
    formNotSubmitted: `Муниципальная форма не отправлена, сведений о компоненте нет — ${absent}`,
    saysAbsent: `По сведениям муниципалитета компонента нет — ${absent}`,
    unanswered: `Муниципалитет не ответил, есть ли компонент, — ${absent}`,
    documentNotNamed: `Муниципалитет указал, что компонент есть, но не назвал документ, — ${absent}`,
    declared: `Компонент заявлен, документ назван, но проверить его нельзя: ${verifiableBy.map((way) => WAY_MISSING[way]).join(' и ')} — ${pointsText(points.declared)}.`,
    verifiable: new Map(
      subsets.map((subset) => [
        subset.join('+'),
        {
          checkableBy: subset,
          reason: `Компонент заявлен, и документ можно проверить: ${subset.map((way) => WAY_PRESENT[way]).join(' и ')} — ${pointsText(points.verifiable)}.`,
        },
      ]),
    ),
  };
}

/** A non-empty trimmed text answer, or null. */
function textAnswer(answers: Answers, name: string): string | null {
  const value = answers[name];
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function readDocument(compiled: CompiledScoring, component: CompiledComponent, form: Answers): EvidenceDocument {
  const fields = component.evidence;
  const type = textAnswer(form, fields.documentType);
  return {
    type,
    typeLabel: type === null ? null : (compiled.documentTypeLabels.get(type) ?? textAnswer(form, fields.documentTypeComment)),
    title: textAnswer(form, fields.documentTitle),
    date: textAnswer(form, fields.documentDate),
    number: textAnswer(form, fields.documentNumber),
    url: textAnswer(form, fields.url),
  };
}

function absent(
  compiled: CompiledScoring,
  answer: MunicipalEvidence['answer'],
  document: EvidenceDocument | null,
  reason: string,
): MunicipalEvidence {
  return { status: 'absent', answer, document, checkableBy: [], points: compiled.rules.municipalEvidence.points.absent, reason };
}

/**
 * Points of one (mechanism, cycle component) from the municipal form: absent, declared (the document is named) or
 * verifiable (declared and checkable in one of the ways `municipalEvidence.verifiableBy` accepts: a public URL, or
 * the document's date and number). A form that was not submitted (null) declares nothing.
 */
export function municipalEvidence(compiled: CompiledScoring, component: CompiledComponent, form: Answers | null): MunicipalEvidence {
  const reasons = compiled.evidenceReasons;
  if (form === null) return absent(compiled, null, null, reasons.formNotSubmitted);
  const exists = form[component.evidence.exists];
  if (exists === 'no') return absent(compiled, 'no', null, reasons.saysAbsent);
  if (exists !== 'yes') return absent(compiled, null, null, reasons.unanswered);

  const document = readDocument(compiled, component, form);
  if (document.title === null) return absent(compiled, 'yes', document, reasons.documentNotNamed);
  let satisfied = '';
  for (const way of compiled.rules.municipalEvidence.verifiableBy) {
    const holds =
      way === 'url' ? document.url !== null && PUBLIC_URL.test(document.url) : document.date !== null && document.number !== null;
    if (holds) satisfied = satisfied === '' ? way : `${satisfied}+${way}`;
  }
  const points = compiled.rules.municipalEvidence.points;
  const verifiable = reasons.verifiable.get(satisfied);
  if (verifiable === undefined)
    return { status: 'declared', answer: 'yes', document, checkableBy: [], points: points.declared, reason: reasons.declared };
  return {
    status: 'verifiable',
    answer: 'yes',
    document,
    checkableBy: [...verifiable.checkableBy],
    points: points.verifiable,
    reason: verifiable.reason,
  };
}

/** One letter per evidence status in a municipal form's evidence string. */
const STATUS_LETTER: Record<MunicipalEvidence['status'], string> = { absent: 'a', declared: 'd', verifiable: 'v' };

/**
 * A submitted municipal form reduced to what a scoring run reads: the evidence status of each (mechanism,
 * component), one letter each, mechanisms in `compiled.mechanisms` order and their components in cycle order.
 * Stored with the submission (under `compiled.inputKey`), so a run reads 81 letters instead of the whole form.
 */
export function formEvidence(compiled: CompiledScoring, form: Answers): string {
  let evidence = '';
  for (const mechanism of compiled.mechanisms) {
    for (const component of mechanism.components) evidence += STATUS_LETTER[municipalEvidence(compiled, component, form).status];
  }
  return evidence;
}

/** The claimed points of evidence slot `slot` (see `formEvidence`); a form not submitted (null) claims nothing. */
export function evidencePointsAt(compiled: CompiledScoring, evidence: string | null, slot: number): number {
  const points = compiled.rules.municipalEvidence.points;
  const letter = evidence?.[slot];
  return letter === STATUS_LETTER.verifiable ? points.verifiable : letter === STATUS_LETTER.declared ? points.declared : points.absent;
}
