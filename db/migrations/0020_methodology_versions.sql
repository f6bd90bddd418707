CREATE TYPE "public"."methodology_state" AS ENUM('draft', 'published', 'retired');--> statement-breakpoint
CREATE TABLE "methodology_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"region_id" integer,
	"state" "methodology_state" DEFAULT 'draft' NOT NULL,
	"document" jsonb NOT NULL,
	"forked_from" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"retired_at" timestamp with time zone,
	CONSTRAINT "methodology_versions_system_published" CHECK ("methodology_versions"."region_id" is not null or "methodology_versions"."state" <> 'draft')
);
--> statement-breakpoint
ALTER TABLE "methodology_versions" ADD CONSTRAINT "methodology_versions_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "methodology_versions" ADD CONSTRAINT "methodology_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "methodology_versions_region_idx" ON "methodology_versions" USING btree ("region_id");