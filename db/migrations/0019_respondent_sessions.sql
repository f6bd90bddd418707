CREATE TABLE "respondent_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"access_code_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "respondent_sessions" ADD CONSTRAINT "respondent_sessions_access_code_id_access_codes_id_fk" FOREIGN KEY ("access_code_id") REFERENCES "public"."access_codes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "respondent_sessions_access_code_idx" ON "respondent_sessions" USING btree ("access_code_id");