CREATE TYPE "public"."municipality_review_status" AS ENUM('not_reviewed', 'in_review', 'approved');--> statement-breakpoint
CREATE TYPE "public"."override_target" AS ENUM('component_points', 'mechanism_level');--> statement-breakpoint
CREATE TABLE "campaign_experts" (
	"campaign_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"assigned_by" integer,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_experts_campaign_id_user_id_pk" PRIMARY KEY("campaign_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "mechanism_confirmations" (
	"campaign_id" integer NOT NULL,
	"municipality_id" integer NOT NULL,
	"mechanism_code" text NOT NULL,
	"run_id" integer NOT NULL,
	"confirmed_by" integer NOT NULL,
	"confirmed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mechanism_confirmations_campaign_id_municipality_id_mechanism_code_pk" PRIMARY KEY("campaign_id","municipality_id","mechanism_code")
);
--> statement-breakpoint
CREATE TABLE "municipality_reviews" (
	"campaign_id" integer NOT NULL,
	"municipality_id" integer NOT NULL,
	"status" "municipality_review_status" DEFAULT 'not_reviewed' NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "municipality_reviews_campaign_id_municipality_id_pk" PRIMARY KEY("campaign_id","municipality_id")
);
--> statement-breakpoint
CREATE TABLE "overrides" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "overrides_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"campaign_id" integer NOT NULL,
	"municipality_id" integer NOT NULL,
	"mechanism_code" text NOT NULL,
	"target" "override_target" NOT NULL,
	"component_code" text,
	"run_id" integer NOT NULL,
	"computed_value" smallint,
	"value" smallint NOT NULL,
	"reason" text NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"withdrawn_by" integer,
	"withdrawn_at" timestamp with time zone,
	CONSTRAINT "overrides_component_check" CHECK (("overrides"."target" = 'component_points') = ("overrides"."component_code" is not null)),
	CONSTRAINT "overrides_reason_check" CHECK (length(trim("overrides"."reason")) >= 10)
);
--> statement-breakpoint
CREATE TABLE "scoring_mechanism_results" (
	"run_id" integer NOT NULL,
	"municipality_id" integer NOT NULL,
	"mechanism_code" text NOT NULL,
	"percent" real NOT NULL,
	"level" smallint,
	"flags" smallint NOT NULL,
	CONSTRAINT "scoring_mechanism_results_run_id_municipality_id_mechanism_code_pk" PRIMARY KEY("run_id","municipality_id","mechanism_code")
);
--> statement-breakpoint
CREATE TABLE "scoring_results" (
	"run_id" integer NOT NULL,
	"municipality_id" integer NOT NULL,
	"overall_level" smallint,
	"overall_percent" real NOT NULL,
	"insufficient_data" boolean NOT NULL,
	"result" jsonb NOT NULL,
	CONSTRAINT "scoring_results_run_id_municipality_id_pk" PRIMARY KEY("run_id","municipality_id")
);
--> statement-breakpoint
CREATE TABLE "scoring_runs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "scoring_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"campaign_id" integer NOT NULL,
	"methodology_id" text NOT NULL,
	"methodology_version" text NOT NULL,
	"inputs" jsonb NOT NULL,
	"duration_ms" integer NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "published_by" integer;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "publication_exceptions" jsonb;--> statement-breakpoint
ALTER TABLE "campaign_experts" ADD CONSTRAINT "campaign_experts_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_experts" ADD CONSTRAINT "campaign_experts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_experts" ADD CONSTRAINT "campaign_experts_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mechanism_confirmations" ADD CONSTRAINT "mechanism_confirmations_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mechanism_confirmations" ADD CONSTRAINT "mechanism_confirmations_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mechanism_confirmations" ADD CONSTRAINT "mechanism_confirmations_run_id_scoring_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."scoring_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mechanism_confirmations" ADD CONSTRAINT "mechanism_confirmations_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "municipality_reviews" ADD CONSTRAINT "municipality_reviews_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "municipality_reviews" ADD CONSTRAINT "municipality_reviews_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "municipality_reviews" ADD CONSTRAINT "municipality_reviews_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "overrides" ADD CONSTRAINT "overrides_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "overrides" ADD CONSTRAINT "overrides_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "overrides" ADD CONSTRAINT "overrides_run_id_scoring_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."scoring_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "overrides" ADD CONSTRAINT "overrides_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "overrides" ADD CONSTRAINT "overrides_withdrawn_by_users_id_fk" FOREIGN KEY ("withdrawn_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_mechanism_results" ADD CONSTRAINT "scoring_mechanism_results_run_id_scoring_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."scoring_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_mechanism_results" ADD CONSTRAINT "scoring_mechanism_results_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_results" ADD CONSTRAINT "scoring_results_run_id_scoring_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."scoring_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_results" ADD CONSTRAINT "scoring_results_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_runs" ADD CONSTRAINT "scoring_runs_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_runs" ADD CONSTRAINT "scoring_runs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "overrides_campaign_idx" ON "overrides" USING btree ("campaign_id","municipality_id");--> statement-breakpoint
CREATE INDEX "scoring_runs_campaign_idx" ON "scoring_runs" USING btree ("campaign_id","id");--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;