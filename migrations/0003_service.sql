CREATE TABLE "catalog_versions" (
	"version" integer PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"effective_date" date,
	"document" jsonb NOT NULL,
	"based_on" integer,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" text,
	"published_at" timestamp with time zone,
	CONSTRAINT "catalog_versions_status_ck" CHECK ("catalog_versions"."status" in ('draft', 'published')),
	CONSTRAINT "catalog_versions_published_ck" CHECK ("catalog_versions"."status" = 'draft' or "catalog_versions"."effective_date" is not null)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_versions_one_draft_uq" ON "catalog_versions" USING btree ("status") WHERE "catalog_versions"."status" = 'draft';--> statement-breakpoint
CREATE INDEX "catalog_versions_effective_idx" ON "catalog_versions" USING btree ("effective_date","version");