CREATE TABLE "campaign_progress_changes" (
	"campaign_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"in_progress" smallint NOT NULL,
	"submitted" smallint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "campaign_progress_changes_campaign_idx" ON "campaign_progress_changes" USING btree ("campaign_id");--> statement-breakpoint
-- A status change no longer updates the counter rows: it appends its delta, which takes no lock another submission
-- waits for. The shared advisory lock (namespace 7302, the campaign) only keeps a recount from running meanwhile
-- (rebuildCampaignProgress takes it exclusively): shared holders never wait for one another.
CREATE OR REPLACE FUNCTION campaign_progress_follow_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(7302, NEW.campaign_id);
  INSERT INTO campaign_progress_changes (campaign_id, school_id, in_progress, submitted)
  VALUES (NEW.campaign_id, NEW.school_id,
          (NEW.status = 'in_progress')::integer - (OLD.status = 'in_progress')::integer,
          (NEW.status = 'submitted')::integer - (OLD.status = 'submitted')::integer);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Folds a campaign's recorded changes into its counters, in one statement: the changes it takes are deleted, each
-- school's row gets its sum, and each municipality's row the sums of its schools, with the schools that started or
-- finished answering counted from the school's count before and after. An excluded school has no counter row: its
-- changes are dropped, as the trigger used to drop them. Two folds at once take disjoint changes (the second waits
-- for the first's deleted rows and skips them), and their counter updates queue on the rows.
CREATE FUNCTION campaign_progress_fold(target_campaign integer) RETURNS void LANGUAGE sql AS $$
  WITH taken AS (
    DELETE FROM campaign_progress_changes WHERE campaign_id = target_campaign
    RETURNING school_id, in_progress, submitted
  ), per_school AS (
    SELECT school_id, sum(in_progress)::integer AS in_progress, sum(submitted)::integer AS submitted
      FROM taken GROUP BY school_id
  ), schools_after AS (
    UPDATE campaign_school_progress s
       SET in_progress = s.in_progress + d.in_progress, submitted = s.submitted + d.submitted
      FROM per_school d
     WHERE s.campaign_id = target_campaign AND s.school_id = d.school_id
    RETURNING s.municipality_id, s.questionnaires, s.submitted AS submitted_after, d.in_progress, d.submitted
  )
  UPDATE campaign_municipality_progress m
     SET in_progress = m.in_progress + d.in_progress,
         submitted = m.submitted + d.submitted,
         responding_schools = m.responding_schools + d.responding,
         complete_schools = m.complete_schools + d.complete
    FROM (SELECT municipality_id, sum(in_progress)::integer AS in_progress, sum(submitted)::integer AS submitted,
                 sum((submitted_after > 0)::integer - (submitted_after - submitted > 0)::integer)::integer AS responding,
                 sum((submitted_after = questionnaires)::integer
                     - (submitted_after - submitted = questionnaires)::integer)::integer AS complete
            FROM schools_after GROUP BY municipality_id) d
   WHERE m.campaign_id = target_campaign AND m.municipality_id = d.municipality_id;
$$;
