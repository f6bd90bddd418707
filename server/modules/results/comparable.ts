// Which levels of two campaigns stand side by side. Codes alone do not say it: each methodology numbers its own
// mechanisms (2.4 is «Система методической работы» in one catalogue and a preschool mechanism in another). A
// mechanism is the same when its campaign's frozen methodology gives it the same code and the same title, so a
// region's fork that keeps both stays comparable with the version it was forked from.

/** A mechanism as a campaign's frozen methodology defines it. */
export interface MechanismIdentity {
  code: string;
  title: string;
}

export interface Comparability {
  /** Codes of the current campaign's mechanisms that the earlier campaign scored as the same mechanism. */
  mechanismCodes: ReadonlySet<string>;
  /** The overall levels compare only when both campaigns scored the same set of mechanisms. */
  overall: boolean;
}

/** What of the `current` campaign's levels compares with those of an `earlier` one. */
export function comparability(current: readonly MechanismIdentity[], earlier: readonly MechanismIdentity[]): Comparability {
  const earlierTitles = new Map(earlier.map((m) => [m.code, m.title]));
  const mechanismCodes = new Set(current.filter((m) => earlierTitles.get(m.code) === m.title).map((m) => m.code));
  return { mechanismCodes, overall: mechanismCodes.size === current.length && earlier.length === current.length };
}

export interface HistoryLines {
  /** One line per mechanism: the current campaign's in its order, then those only kept earlier campaigns scored. */
  mechanisms: MechanismIdentity[];
  /**
   * Per campaign of the history, in its order: null when it shares no mechanism with the current campaign (left
   * out), otherwise the codes of its mechanisms that belong on the lines and whether its overall level does.
   */
  campaigns: Array<{ mechanismCodes: ReadonlySet<string>; overall: boolean } | null>;
}

/**
 * The lines of a level history drawn for the `current` campaign over `campaigns` (its own mechanisms included, in
 * time order): a campaign is kept when it shares a mechanism with the current one, and each line holds only the
 * campaigns that scored that very mechanism. A mechanism only earlier campaigns scored keeps its line under the
 * latest of their definitions, unless its code names another mechanism now.
 */
export function historyLines(current: readonly MechanismIdentity[], campaigns: ReadonlyArray<readonly MechanismIdentity[]>): HistoryLines {
  const kept = campaigns.map((mechanisms) => {
    const compared = comparability(current, mechanisms);
    return compared.mechanismCodes.size > 0 ? { mechanisms, overall: compared.overall } : null;
  });
  const lines = new Map(current.map((m) => [m.code, m.title]));
  const currentCodes = new Set(lines.keys());
  for (const item of kept.toReversed()) {
    for (const m of item?.mechanisms ?? []) if (!lines.has(m.code)) lines.set(m.code, m.title);
  }
  // The earlier-only lines in the order their campaigns listed them, oldest campaign first.
  const earlierOnly = [...new Set(kept.flatMap((item) => item?.mechanisms.map((m) => m.code) ?? []))].filter(
    (code) => !currentCodes.has(code),
  );
  return {
    mechanisms: [...current.map((m) => m.code), ...earlierOnly].map((code) => ({ code, title: lines.get(code)! })),
    campaigns: kept.map((item) =>
      item
        ? {
            mechanismCodes: new Set(item.mechanisms.filter((m) => lines.get(m.code) === m.title).map((m) => m.code)),
            overall: item.overall,
          }
        : null,
    ),
  };
}
