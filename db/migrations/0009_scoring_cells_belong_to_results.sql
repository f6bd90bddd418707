ALTER TABLE "scoring_mechanism_results" DROP CONSTRAINT "scoring_mechanism_results_run_id_scoring_runs_id_fk";
--> statement-breakpoint
ALTER TABLE "scoring_mechanism_results" DROP CONSTRAINT "scoring_mechanism_results_municipality_id_municipalities_id_fk";
--> statement-breakpoint
ALTER TABLE "scoring_mechanism_results" ADD CONSTRAINT "scoring_mechanism_results_result_fk" FOREIGN KEY ("run_id","municipality_id") REFERENCES "public"."scoring_results"("run_id","municipality_id") ON DELETE no action ON UPDATE no action;