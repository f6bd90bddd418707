import { browserTier } from './browser-tier';

/** A global setup of the unit tier when there is no browser: the notice again at the end of the run. */
export default function setup() {
  return () => {
    const tier = browserTier(process.env);
    if (tier.kind === 'skip') console.warn(`\n${tier.notice}\n`);
  };
}
