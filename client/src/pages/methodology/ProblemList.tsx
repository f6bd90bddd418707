import type { DocumentProblem } from '@server/modules/methodology/document-check';
import { fieldId, parsePath, pathAndParents } from './document-edits';
import { problemPlace } from './problem-place';

// The checker's problems, each with a link to the field its path names (or the nearest place that exists), named in
// words from the document; the raw path stays as the link's tooltip.

/** Opens the collapsed sections around the field of `path`, scrolls to it and puts the cursor there. */
export function locate(path: string) {
  for (const candidate of pathAndParents(parsePath(path))) {
    const element = document.getElementById(fieldId(candidate));
    if (!element) continue;
    for (let parent = element.closest('details'); parent; parent = parent.parentElement?.closest('details') ?? null) parent.open = true;
    element.scrollIntoView({ block: 'center' });
    element.focus({ preventScroll: true });
    return;
  }
}

export function ProblemList({ problems, document: methodology }: { problems: readonly DocumentProblem[]; document: unknown }) {
  if (problems.length === 0) return null;
  return (
    <div className="notice error problems" role="alert">
      <p>
        <strong>Ошибки в версии ({problems.length}).</strong> Пока они есть, версию нельзя опубликовать.
      </p>
      <ul>
        {problems.map((problem, index) => (
          <li key={index}>
            <a
              href={`#${fieldId(parsePath(problem.path))}`}
              title={problem.path}
              onClick={(event) => {
                event.preventDefault();
                locate(problem.path);
              }}
            >
              {problemPlace(methodology, problem.path)}
            </a>
            : {problem.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
