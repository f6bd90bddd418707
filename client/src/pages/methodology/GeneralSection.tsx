import {
  componentRemovalRefusal,
  removeAnswerScale,
  removeCycleComponent,
  removeRespondentRole,
  roleRemovalRefusal,
  scaleRemovalRefusal,
} from './document-additions';
import { AddComponentDialog, AddRoleDialog, AddScaleDialog, organisationKindOptions, RemoveButton } from './editor-additions';
import { CheckInput, OptionList, PlaceProblems, SelectInput, TextInput, useEditor } from './editor-fields';

// The version's own texts: title, levels, the management cycle, the respondents' questionnaires, the answer scales,
// the municipal form and the general recommendation of each cycle component.

export function GeneralSection() {
  const { document, update } = useEditor();
  return (
    <section aria-labelledby="general-title">
      <h2 id="general-title">Общие сведения</h2>
      <div className="form-row">
        <TextInput path={['title']} label="Название" />
        <TextInput path={['version']} label="Версия" />
      </div>
      <TextInput path={['description']} label="Описание" multiline />

      <details>
        <summary>Уровни сформированности</summary>
        {(document.levels ?? []).map((level, index) => (
          <TextInput key={index} path={['levels', index, 'label']} label={`Уровень ${level.code}`} />
        ))}
      </details>

      <details>
        <summary>Управленческий цикл</summary>
        <PlaceProblems path={['cycleComponents']} />
        <PlaceProblems path={['recommendations', 'components']} />
        {(document.cycleComponents ?? []).map((component, index) => (
          <fieldset key={index} className="card editor-group">
            <legend>
              {index + 1}. {component.title}
            </legend>
            <TextInput path={['cycleComponents', index, 'title']} label="Название" />
            <TextInput path={['cycleComponents', index, 'description']} label="Описание" multiline />
            <TextInput path={['cycleComponents', index, 'municipalQuestion']} label="Вопрос муниципальной формы" />
            <CheckInput path={['cycleComponents', index, 'visibleToSchools']} label="Подтверждают школы (по анкетам)" />
            <TextInput path={['recommendations', 'components', component.code]} label="Общая рекомендация" multiline />
            <RemoveButton
              label="Удалить компонент"
              refusal={componentRemovalRefusal(document, component.code)}
              onRemove={() => update((d) => removeCycleComponent(d, component.code))}
            />
          </fieldset>
        ))}
        <AddComponentDialog />
      </details>

      <details>
        <summary>Анкеты респондентов</summary>
        <PlaceProblems path={['respondentRoles']} />
        {(document.respondentRoles ?? []).map((role, index) => (
          <fieldset key={role.code} className="card editor-group">
            <legend>{role.label}</legend>
            <TextInput path={['respondentRoles', index, 'label']} label="Роль" />
            <SelectInput path={['respondentRoles', index, 'organisationKind']} label="Тип организации" options={organisationKindOptions} />
            <TextInput path={['respondentRoles', index, 'questionnaireTitle']} label="Заголовок анкеты" />
            <TextInput path={['respondentRoles', index, 'questionnaireDescription']} label="Вступление анкеты" multiline />
            <RemoveButton
              label="Удалить роль"
              refusal={roleRemovalRefusal(document, role.code)}
              onRemove={() => update((d) => removeRespondentRole(d, role.code))}
            />
          </fieldset>
        ))}
        <AddRoleDialog />
      </details>

      <details>
        <summary>Шкалы ответов</summary>
        <PlaceProblems path={['answerScales']} />
        {Object.keys(document.answerScales ?? {}).map((code) => (
          <ScaleEditor key={code} code={code} />
        ))}
        <AddScaleDialog />
      </details>

      <details>
        <summary>Муниципальная форма</summary>
        <TextInput path={['municipalForm', 'title']} label="Заголовок" />
        <TextInput path={['municipalForm', 'description']} label="Пояснение" multiline />
      </details>
    </section>
  );
}

/** One answer scale: its options, and the scale itself when no question uses it. */
function ScaleEditor({ code }: { code: string }) {
  const { document, update } = useEditor();
  return (
    <div className="card editor-group">
      <OptionList path={['answerScales', code]} legend={`Шкала «${code}»`} />
      <RemoveButton
        label="Удалить шкалу"
        refusal={scaleRemovalRefusal(document, code)}
        onRemove={() => update((d) => removeAnswerScale(d, code))}
      />
    </div>
  );
}
