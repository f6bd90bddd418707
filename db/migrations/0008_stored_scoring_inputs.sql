ALTER TABLE "municipal_forms" ADD COLUMN "scoring_evidence" text;--> statement-breakpoint
ALTER TABLE "municipal_forms" ADD COLUMN "scoring_input_key" text;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "scoring_outcomes" text;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "scoring_input_key" text;--> statement-breakpoint
-- What scoring reads of a form is derived from its answers. A statement that changes the answers without storing
-- a new scoring input (a repair by hand, say) leaves the stored one under no key, so a run works from the answers.
CREATE FUNCTION scoring_input_follows_answers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.scoring_input_key := NULL;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER responses_scoring_input_follows_answers
  BEFORE UPDATE OF answers ON responses
  FOR EACH ROW
  WHEN (OLD.scoring_input_key IS NOT NULL AND NEW.scoring_input_key IS NOT DISTINCT FROM OLD.scoring_input_key AND NEW.answers IS DISTINCT FROM OLD.answers)
  EXECUTE FUNCTION scoring_input_follows_answers();
--> statement-breakpoint
CREATE TRIGGER municipal_forms_scoring_input_follows_answers
  BEFORE UPDATE OF answers ON municipal_forms
  FOR EACH ROW
  WHEN (OLD.scoring_input_key IS NOT NULL AND NEW.scoring_input_key IS NOT DISTINCT FROM OLD.scoring_input_key AND NEW.answers IS DISTINCT FROM OLD.answers)
  EXECUTE FUNCTION scoring_input_follows_answers();
