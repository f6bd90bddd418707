-- A municipality's cells move into its result row as tuples (db/schema/scoring.ts CellTuple); runs stored before
-- keep their cells, in mechanism order.
ALTER TABLE "scoring_results" ADD COLUMN "cells" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
UPDATE "scoring_results" AS r SET "cells" = c."cells"
FROM (
  SELECT "run_id", "municipality_id", jsonb_agg(jsonb_build_array(
    "mechanism_code", "percent", "capped_level", "level", "flags", "component_points") ORDER BY "mechanism_code") AS "cells"
  FROM "scoring_mechanism_results" GROUP BY "run_id", "municipality_id"
) AS c
WHERE c."run_id" = r."run_id" AND c."municipality_id" = r."municipality_id";--> statement-breakpoint
ALTER TABLE "scoring_results" ALTER COLUMN "cells" DROP DEFAULT;--> statement-breakpoint
DROP TABLE "scoring_mechanism_results" CASCADE;
