import { Link } from '../lib/router';

/** The sections of the help page a «?» can point to. */
export type HelpSection =
  'campaign' | 'results' | 'codes' | 'reminders' | 'municipal-form' | 'explanation' | 'override' | 'audit' | 'glossary';

/** A small «?» beside a heading that opens the right section of «Справка». */
export function HelpLink({ section, topic }: { section: HelpSection; topic: string }) {
  return (
    <Link to={`/help#${section}`} className="help-link no-print" aria-label={`Справка: ${topic}`} title={`Справка: ${topic}`}>
      ?
    </Link>
  );
}
