CREATE TABLE "campaign_publications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "campaign_publications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"campaign_id" integer NOT NULL,
	"number" integer NOT NULL,
	"scoring_run_id" integer NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" integer,
	"exceptions" jsonb,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_by" integer,
	"withdrawal_reason" text
);
--> statement-breakpoint
ALTER TABLE "campaign_publications" ADD CONSTRAINT "campaign_publications_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_publications" ADD CONSTRAINT "campaign_publications_scoring_run_id_scoring_runs_id_fk" FOREIGN KEY ("scoring_run_id") REFERENCES "public"."scoring_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_publications" ADD CONSTRAINT "campaign_publications_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_publications" ADD CONSTRAINT "campaign_publications_withdrawn_by_users_id_fk" FOREIGN KEY ("withdrawn_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_publications_number_key" ON "campaign_publications" USING btree ("campaign_id","number");--> statement-breakpoint
-- Campaigns published before publications were numbered: publication No. 1, of the campaign's latest run.
INSERT INTO "campaign_publications" ("campaign_id", "number", "scoring_run_id", "published_at", "published_by", "exceptions")
SELECT c.id, 1, (SELECT max(r.id) FROM "scoring_runs" r WHERE r.campaign_id = c.id), c.published_at, c.published_by, c.publication_exceptions
FROM "campaigns" c
WHERE c.published_at IS NOT NULL AND EXISTS (SELECT 1 FROM "scoring_runs" r WHERE r.campaign_id = c.id);
