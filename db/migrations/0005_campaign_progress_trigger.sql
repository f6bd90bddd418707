-- Completion counters follow every status change of a questionnaire (first save, submit) in the same
-- transaction, so the dashboards never count answers and never disagree with them.
CREATE FUNCTION campaign_progress_follow_status() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delta_in_progress integer := (NEW.status = 'in_progress')::integer - (OLD.status = 'in_progress')::integer;
  delta_submitted integer := (NEW.status = 'submitted')::integer - (OLD.status = 'submitted')::integer;
  school_submitted integer;
  school_questionnaires integer;
BEGIN
  UPDATE campaign_school_progress
     SET in_progress = in_progress + delta_in_progress,
         submitted = submitted + delta_submitted
   WHERE campaign_id = NEW.campaign_id AND school_id = NEW.school_id
  RETURNING submitted, questionnaires INTO school_submitted, school_questionnaires;

  UPDATE campaign_municipality_progress
     SET in_progress = in_progress + delta_in_progress,
         submitted = submitted + delta_submitted,
         responding_schools = responding_schools
           + (school_submitted > 0)::integer - (school_submitted - delta_submitted > 0)::integer,
         complete_schools = complete_schools
           + (school_submitted = school_questionnaires)::integer
           - (school_submitted - delta_submitted = school_questionnaires)::integer
   WHERE campaign_id = NEW.campaign_id AND municipality_id = NEW.municipality_id;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER responses_progress
  AFTER UPDATE OF status ON responses
  FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION campaign_progress_follow_status();
