CREATE TYPE "public"."organisation_kind" AS ENUM('school', 'preschool');--> statement-breakpoint
ALTER TYPE "public"."respondent_role" ADD VALUE 'head';--> statement-breakpoint
ALTER TYPE "public"."respondent_role" ADD VALUE 'senior_educator';--> statement-breakpoint
ALTER TYPE "public"."respondent_role" ADD VALUE 'educator';--> statement-breakpoint
ALTER TABLE "schools" ADD COLUMN "kind" "organisation_kind" DEFAULT 'school' NOT NULL;