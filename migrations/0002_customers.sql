CREATE TABLE "billing_monthly" (
	"customer_id" uuid NOT NULL,
	"month" date NOT NULL,
	"revenue_fen" bigint NOT NULL,
	"voice_fen" bigint DEFAULT 0 NOT NULL,
	"data_fen" bigint DEFAULT 0 NOT NULL,
	"bandwidth_fen" bigint DEFAULT 0 NOT NULL,
	"new_services_fen" bigint DEFAULT 0 NOT NULL,
	"idc_fen" bigint DEFAULT 0 NOT NULL,
	"driven_fen" bigint,
	"arrears_months" integer DEFAULT 0 NOT NULL,
	"dedicated_cost_fen" bigint DEFAULT 0 NOT NULL,
	"new_services_count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "billing_monthly_customer_id_month_pk" PRIMARY KEY("customer_id","month"),
	CONSTRAINT "billing_month_ck" CHECK (extract(day from "billing_monthly"."month") = 1),
	CONSTRAINT "billing_revenue_ck" CHECK ("billing_monthly"."revenue_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"name" text NOT NULL,
	"position" text,
	"role" text DEFAULT 'ordinary' NOT NULL,
	"phone" text,
	"email" text,
	"birthday" date,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contacts_role_ck" CHECK ("contacts"."role" in ('core', 'important', 'ordinary'))
);
--> statement-breakpoint
CREATE TABLE "customer_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"day" date NOT NULL,
	"title" text NOT NULL,
	"body" text,
	"competitor" text,
	"author_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_notes_kind_ck" CHECK ("customer_notes"."kind" in ('event', 'competitor', 'strategy', 'finance'))
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"credit_code" text,
	"industry" text NOT NULL,
	"region_code" text NOT NULL,
	"parent_id" uuid,
	"is_headquarters" boolean DEFAULT false NOT NULL,
	"account_manager_id" uuid,
	"tier" text,
	"stars" integer,
	"group_class" text,
	"tier_effective_date" date,
	"customer_since" date,
	"address" text,
	"phone" text,
	"employees" integer,
	"strategy_notes" text,
	"financial_notes" text,
	"org_structure" text,
	"status" text DEFAULT 'active' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customers_status_ck" CHECK ("customers"."status" in ('active', 'inactive')),
	CONSTRAINT "customers_stars_ck" CHECK ("customers"."stars" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "import_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"format" text NOT NULL,
	"status" text NOT NULL,
	"mode" text DEFAULT 'all-or-nothing' NOT NULL,
	"rows_read" integer DEFAULT 0 NOT NULL,
	"rows_imported" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"started_by" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "import_runs_status_ck" CHECK ("import_runs"."status" in ('running', 'done', 'failed', 'rejected'))
);
--> statement-breakpoint
CREATE TABLE "customer_satisfaction" (
	"customer_id" uuid NOT NULL,
	"period" date NOT NULL,
	"satisfaction" double precision,
	"competitor_satisfaction" double precision,
	"wallet_share" double precision,
	"source" text DEFAULT 'manual' NOT NULL,
	"entered_by" text NOT NULL,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_satisfaction_customer_id_period_pk" PRIMARY KEY("customer_id","period"),
	CONSTRAINT "satisfaction_range_ck" CHECK ("customer_satisfaction"."satisfaction" between 0 and 100),
	CONSTRAINT "competitor_satisfaction_range_ck" CHECK ("customer_satisfaction"."competitor_satisfaction" between 0 and 100),
	CONSTRAINT "wallet_share_range_ck" CHECK ("customer_satisfaction"."wallet_share" between 0 and 1)
);
--> statement-breakpoint
CREATE TABLE "tier_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"proposal_id" uuid,
	"from_tier" text,
	"to_tier" text,
	"from_stars" integer,
	"to_stars" integer,
	"from_group_class" text,
	"to_group_class" text,
	"effective_date" date NOT NULL,
	"reason" text NOT NULL,
	"model_version" integer,
	"score" double precision,
	"snapshot" jsonb NOT NULL,
	"approved_by" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tier_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"run_id" uuid,
	"kind" text NOT NULL,
	"from_tier" text,
	"to_tier" text,
	"from_stars" integer,
	"to_stars" integer,
	"from_group_class" text,
	"to_group_class" text,
	"score" double precision,
	"model_version" integer,
	"snapshot" jsonb NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	"effective_date" date,
	CONSTRAINT "tier_proposals_kind_ck" CHECK ("tier_proposals"."kind" in ('initial', 'upgrade', 'downgrade', 'override')),
	CONSTRAINT "tier_proposals_status_ck" CHECK ("tier_proposals"."status" in ('pending', 'approved', 'rejected', 'superseded'))
);
--> statement-breakpoint
CREATE TABLE "assessment_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_version" integer NOT NULL,
	"as_of" date NOT NULL,
	"scope" text NOT NULL,
	"trigger" text NOT NULL,
	"status" text NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"proposals" integer DEFAULT 0 NOT NULL,
	"error" text,
	"started_by" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "assessment_runs_status_ck" CHECK ("assessment_runs"."status" in ('running', 'done', 'failed')),
	CONSTRAINT "assessment_runs_trigger_ck" CHECK ("assessment_runs"."trigger" in ('manual', 'schedule', 'cli'))
);
--> statement-breakpoint
CREATE TABLE "assessments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"model_version" integer NOT NULL,
	"as_of" date NOT NULL,
	"current_value" double precision,
	"direct_value" double precision,
	"added_value" double precision,
	"potential_value" double precision,
	"loyalty" double precision,
	"influence" double precision,
	"total" double precision,
	"indicated_tier" text,
	"indicated_group_class" text,
	"scores" jsonb NOT NULL,
	"missing" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator_inputs" (
	"customer_id" uuid NOT NULL,
	"period" date NOT NULL,
	"indicator" text NOT NULL,
	"value" double precision NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"entered_by" text NOT NULL,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "indicator_inputs_customer_id_period_indicator_pk" PRIMARY KEY("customer_id","period","indicator")
);
--> statement-breakpoint
CREATE TABLE "value_models" (
	"version" integer PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"status" text NOT NULL,
	"definition" jsonb NOT NULL,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"activated_at" timestamp with time zone,
	CONSTRAINT "value_models_status_ck" CHECK ("value_models"."status" in ('draft', 'active', 'retired'))
);
--> statement-breakpoint
ALTER TABLE "billing_monthly" ADD CONSTRAINT "billing_monthly_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_notes" ADD CONSTRAINT "customer_notes_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_account_manager_id_users_id_fk" FOREIGN KEY ("account_manager_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_satisfaction" ADD CONSTRAINT "customer_satisfaction_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tier_changes" ADD CONSTRAINT "tier_changes_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tier_changes" ADD CONSTRAINT "tier_changes_proposal_id_tier_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."tier_proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tier_proposals" ADD CONSTRAINT "tier_proposals_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_runs" ADD CONSTRAINT "assessment_runs_model_version_value_models_version_fk" FOREIGN KEY ("model_version") REFERENCES "public"."value_models"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_run_id_assessment_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."assessment_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_inputs" ADD CONSTRAINT "indicator_inputs_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "billing_month_idx" ON "billing_monthly" USING btree ("month");--> statement-breakpoint
CREATE INDEX "contacts_customer_idx" ON "contacts" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "contacts_phone_idx" ON "contacts" USING btree ("phone" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "customer_notes_customer_idx" ON "customer_notes" USING btree ("customer_id","day");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_code_uq" ON "customers" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_credit_code_uq" ON "customers" USING btree ("credit_code");--> statement-breakpoint
CREATE INDEX "customers_region_idx" ON "customers" USING btree ("region_code","name","id");--> statement-breakpoint
CREATE INDEX "customers_am_idx" ON "customers" USING btree ("account_manager_id","name","id");--> statement-breakpoint
CREATE INDEX "customers_parent_idx" ON "customers" USING btree ("parent_id","name");--> statement-breakpoint
CREATE INDEX "customers_tier_idx" ON "customers" USING btree ("tier","name","id");--> statement-breakpoint
CREATE INDEX "customers_industry_idx" ON "customers" USING btree ("industry","name","id");--> statement-breakpoint
CREATE INDEX "customers_name_idx" ON "customers" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "customers_updated_idx" ON "customers" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "customers_tier_region_idx" ON "customers" USING btree ("tier","region_code");--> statement-breakpoint
CREATE INDEX "customers_industry_region_idx" ON "customers" USING btree ("industry","region_code");--> statement-breakpoint
CREATE INDEX "customers_code_prefix_idx" ON "customers" USING btree ("code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "customers_credit_code_prefix_idx" ON "customers" USING btree ("credit_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "tier_changes_customer_idx" ON "tier_changes" USING btree ("customer_id","effective_date");--> statement-breakpoint
CREATE INDEX "tier_proposals_status_idx" ON "tier_proposals" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "tier_proposals_customer_idx" ON "tier_proposals" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tier_proposals_one_pending_uq" ON "tier_proposals" USING btree ("customer_id") WHERE "tier_proposals"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "assessment_runs_started_idx" ON "assessment_runs" USING btree ("started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "assessments_run_customer_uq" ON "assessments" USING btree ("run_id","customer_id");--> statement-breakpoint
CREATE INDEX "assessments_customer_idx" ON "assessments" USING btree ("customer_id","as_of");--> statement-breakpoint
CREATE UNIQUE INDEX "value_models_one_active_uq" ON "value_models" USING btree ("status") WHERE "value_models"."status" = 'active';