import { percentOf } from '../../lib/format';

/** A progress bar with its count and share: part of whole. */
export function Meter({ part, whole, label }: { part: number; whole: number; label: string }) {
  const percent = percentOf(part, whole);
  return (
    <div className="meter">
      <div className="progress" role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100} aria-label={label}>
        <span style={{ width: `${percent}%` }} />
      </div>
      <small>
        {part} из {whole} · {percent}%
      </small>
    </div>
  );
}
