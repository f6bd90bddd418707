import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';

// Two independent applications share this entry: respondents (school staff filling a questionnaire) must not
// download the staff interface, and staff pages must not pay for the survey engine.
/** Respondents arrive at /anketa (or a link /anketa/k/<code>); everything else is the staff interface. */
const isRespondentPath = (path: string) => path === '/anketa' || path.startsWith('/anketa/');
const root = document.getElementById('root')!;

// The application is rendered once its code is here, not through React.lazy: a Suspense fallback, once shown, holds
// the page back for React's 300 ms reveal throttle, a third of a repeat visit. Until then the page shows the
// «Загрузка…» of index.html.
(isRespondentPath(location.pathname) ? import('./respondent/RespondentApp') : import('./StaffApp')).then(
  ({ default: App }) =>
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  () => {
    root.querySelector('[role="status"]')!.textContent = 'Не удалось загрузить страницу. Проверьте связь и обновите страницу.';
  },
);
