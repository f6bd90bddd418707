ALTER TABLE "scoring_results" ADD COLUMN "changed_since_previous_run" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Runs stored before this column: the same comparison with the campaign's run before each one that scoring now
-- makes when it stores a run (results.repo changedMunicipalities).
UPDATE "scoring_results" AS r SET "changed_since_previous_run" = true
FROM "scoring_runs" AS cur
JOIN LATERAL (
  SELECT p."id" FROM "scoring_runs" AS p WHERE p."campaign_id" = cur."campaign_id" AND p."id" < cur."id" ORDER BY p."id" DESC LIMIT 1
) AS prev ON true
WHERE cur."id" = r."run_id" AND (
  EXISTS (
    SELECT 1 FROM "scoring_mechanism_results" AS c
    LEFT JOIN "scoring_mechanism_results" AS b ON b."run_id" = prev."id" AND b."municipality_id" = c."municipality_id" AND b."mechanism_code" = c."mechanism_code"
    WHERE c."run_id" = r."run_id" AND c."municipality_id" = r."municipality_id" AND (b."run_id" IS NULL OR b."component_points" <> c."component_points")
  )
  OR EXISTS (
    SELECT 1 FROM "scoring_results" AS b
    WHERE b."run_id" = prev."id" AND b."municipality_id" = r."municipality_id" AND b."insufficient_data" <> r."insufficient_data"
  )
);
