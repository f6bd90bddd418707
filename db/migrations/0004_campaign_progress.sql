CREATE TABLE "campaign_municipality_progress" (
	"campaign_id" integer NOT NULL,
	"municipality_id" integer NOT NULL,
	"schools" integer NOT NULL,
	"questionnaires" integer NOT NULL,
	"in_progress" integer DEFAULT 0 NOT NULL,
	"submitted" integer DEFAULT 0 NOT NULL,
	"responding_schools" integer DEFAULT 0 NOT NULL,
	"complete_schools" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "campaign_municipality_progress_campaign_id_municipality_id_pk" PRIMARY KEY("campaign_id","municipality_id")
);
--> statement-breakpoint
CREATE TABLE "campaign_school_progress" (
	"campaign_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"municipality_id" integer NOT NULL,
	"questionnaires" integer NOT NULL,
	"in_progress" integer DEFAULT 0 NOT NULL,
	"submitted" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "campaign_school_progress_campaign_id_school_id_pk" PRIMARY KEY("campaign_id","school_id")
);
--> statement-breakpoint
ALTER TABLE "campaign_municipality_progress" ADD CONSTRAINT "campaign_municipality_progress_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_municipality_progress" ADD CONSTRAINT "campaign_municipality_progress_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_school_progress" ADD CONSTRAINT "campaign_school_progress_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_school_progress" ADD CONSTRAINT "campaign_school_progress_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;