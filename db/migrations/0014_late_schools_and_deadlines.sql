CREATE TABLE "campaign_school_exclusions" (
	"campaign_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"reason" text NOT NULL,
	"excluded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"excluded_by" integer,
	CONSTRAINT "campaign_school_exclusions_campaign_id_school_id_pk" PRIMARY KEY("campaign_id","school_id")
);
--> statement-breakpoint
ALTER TABLE "campaign_municipalities" ADD COLUMN "closes_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "campaign_school_exclusions" ADD CONSTRAINT "campaign_school_exclusions_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_school_exclusions" ADD CONSTRAINT "campaign_school_exclusions_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_school_exclusions" ADD CONSTRAINT "campaign_school_exclusions_excluded_by_users_id_fk" FOREIGN KEY ("excluded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- An excluded school has no completion row: a status change of its questionnaires (a restored backup, a late
-- submit racing the exclusion) must leave the municipality's counters alone instead of adding nulls to them.
CREATE OR REPLACE FUNCTION campaign_progress_follow_status() RETURNS trigger LANGUAGE plpgsql AS $$
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
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;

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
