import { CheckInput, TextInput, useEditor } from './editor-fields';

// The version's own texts: title, levels, the management cycle, the respondents' questionnaires, the municipal form
// and the general recommendation of each cycle component.

export function GeneralSection() {
  const { document } = useEditor();
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
        {(document.cycleComponents ?? []).map((component, index) => (
          <fieldset key={index} className="card stacked">
            <legend>
              {index + 1}. {component.title}
            </legend>
            <TextInput path={['cycleComponents', index, 'title']} label="Название" />
            <TextInput path={['cycleComponents', index, 'description']} label="Описание" multiline />
            <TextInput path={['cycleComponents', index, 'municipalQuestion']} label="Вопрос муниципальной формы" />
            <CheckInput path={['cycleComponents', index, 'visibleToSchools']} label="Подтверждают школы (по анкетам)" />
            <TextInput path={['recommendations', 'components', component.code]} label="Общая рекомендация" multiline />
          </fieldset>
        ))}
      </details>

      <details>
        <summary>Анкеты респондентов</summary>
        {(document.respondentRoles ?? []).map((role, index) => (
          <fieldset key={index} className="card stacked">
            <legend>{role.label}</legend>
            <TextInput path={['respondentRoles', index, 'label']} label="Роль" />
            <TextInput path={['respondentRoles', index, 'questionnaireTitle']} label="Заголовок анкеты" />
            <TextInput path={['respondentRoles', index, 'questionnaireDescription']} label="Вступление анкеты" multiline />
          </fieldset>
        ))}
      </details>

      <details>
        <summary>Муниципальная форма</summary>
        <TextInput path={['municipalForm', 'title']} label="Заголовок" />
        <TextInput path={['municipalForm', 'description']} label="Пояснение" multiline />
      </details>
    </section>
  );
}
