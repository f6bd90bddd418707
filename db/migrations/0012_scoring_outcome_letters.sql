-- Outcome strings are written only by the scoring code; one that is not (from outside the platform) is dropped with its key, so the next run works it out again from the answers.
UPDATE "responses" SET "scoring_outcomes" = NULL, "scoring_input_key" = NULL WHERE "scoring_outcomes" !~ '^[ucd]*$';--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_scoring_outcomes_letters" CHECK ("responses"."scoring_outcomes" ~ '^[ucd]*$');
