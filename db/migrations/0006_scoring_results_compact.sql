ALTER TABLE "scoring_mechanism_results" ADD COLUMN "capped_level" smallint NOT NULL;--> statement-breakpoint
ALTER TABLE "scoring_mechanism_results" ADD COLUMN "component_points" jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "scoring_results" ADD COLUMN "overall_capped_level" smallint NOT NULL;--> statement-breakpoint
ALTER TABLE "scoring_results" ADD COLUMN "responding_schools" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "scoring_results" ADD COLUMN "total_schools" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "scoring_results" ADD COLUMN "form_submitted" boolean NOT NULL;--> statement-breakpoint
ALTER TABLE "scoring_results" DROP COLUMN "result";