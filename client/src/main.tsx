import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';

// Two independent applications share this entry: respondents (school staff filling a questionnaire) must not
// download the staff interface, and staff pages must not pay for the survey engine.
const StaffApp = lazy(() => import('./StaffApp'));
const RespondentApp = lazy(() => import('./respondent/RespondentApp'));

/** Respondents arrive at /anketa (or a link /anketa/k/<code>); everything else is the staff interface. */
const isRespondentPath = (path: string) => path === '/anketa' || path.startsWith('/anketa/');
const App = isRespondentPath(location.pathname) ? RespondentApp : StaffApp;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Suspense
      fallback={
        <div className="page-loading" role="status">
          Загрузка…
        </div>
      }
    >
      <App />
    </Suspense>
  </StrictMode>,
);
