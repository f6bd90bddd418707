import { createReportsService } from './reports.service';
import { createResultsReading, type ResultsDeps } from './results-reading';
import { createReviewService } from './review.service';
import { createScoringRunsService } from './scoring-runs.service';

/**
 * The three results services (scoring runs, review and publication, reports) over one shared way of reading results,
 * and that way itself, for services built beside them (what-if).
 */
export function createResultsServices(deps: ResultsDeps) {
  const reading = createResultsReading(deps);
  return {
    scoringRuns: createScoringRunsService({ ...deps, reading }),
    review: createReviewService({ ...deps, reading }),
    reports: createReportsService({ ...deps, reading }),
    reading,
  };
}
