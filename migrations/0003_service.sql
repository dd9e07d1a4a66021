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
CREATE TABLE "resource_budgets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"resource_id" uuid NOT NULL,
	"level" text NOT NULL,
	"period" text NOT NULL,
	"period_key" text NOT NULL,
	"quantity" integer NOT NULL,
	"used" integer DEFAULT 0 NOT NULL,
	"updated_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "resource_budgets_level_ck" CHECK ("resource_budgets"."level" in ('1A', '2A', '3A', '4A', '5A', 'A', 'B', 'C')),
	CONSTRAINT "resource_budgets_period_ck" CHECK ("resource_budgets"."period" in ('month', 'quarter', 'year')),
	CONSTRAINT "resource_budgets_quantity_ck" CHECK ("resource_budgets"."quantity" >= 0),
	CONSTRAINT "resource_budgets_used_ck" CHECK ("resource_budgets"."used" >= 0 and "resource_budgets"."used" <= "resource_budgets"."quantity")
);
--> statement-breakpoint
CREATE TABLE "resource_ledger" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"resource_id" uuid NOT NULL,
	"customer_id" uuid,
	"level" text NOT NULL,
	"issue_date" date NOT NULL,
	"period_keys" text[] NOT NULL,
	"budget_ids" uuid[] NOT NULL,
	"quantity" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	"unit_cost_fen" bigint NOT NULL,
	"reason" text NOT NULL,
	"contact_id" uuid,
	"contact_name" text,
	"task_id" bigint,
	"return_of" uuid,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "resource_ledger_kind_ck" CHECK ("resource_ledger"."kind" in ('issue', 'return', 'adjustment')),
	CONSTRAINT "resource_ledger_quantity_ck" CHECK (("resource_ledger"."kind" = 'issue' and "resource_ledger"."quantity" > 0) or ("resource_ledger"."kind" = 'return' and "resource_ledger"."quantity" < 0)
        or ("resource_ledger"."kind" = 'adjustment' and "resource_ledger"."quantity" <> 0)),
	CONSTRAINT "resource_ledger_refs_ck" CHECK (("resource_ledger"."kind" = 'adjustment' or "resource_ledger"."customer_id" is not null)
        and (("resource_ledger"."kind" = 'return') = ("resource_ledger"."return_of" is not null)))
);
--> statement-breakpoint
CREATE TABLE "resources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"kind" text NOT NULL,
	"unit" text NOT NULL,
	"unit_cost_fen" bigint NOT NULL,
	"service_item_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"description" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "resources_kind_ck" CHECK ("resources"."kind" in ('gift', 'voucher', 'consumable', 'spare_equipment')),
	CONSTRAINT "resources_unit_cost_ck" CHECK ("resources"."unit_cost_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "action_tasks" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "action_tasks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1000),
	"customer_id" uuid NOT NULL,
	"action_code" text NOT NULL,
	"action_kind" text NOT NULL,
	"level" text NOT NULL,
	"catalog_version" integer NOT NULL,
	"occurrence_key" text NOT NULL,
	"contact_id" uuid,
	"owner_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"month" text NOT NULL,
	"start_date" date NOT NULL,
	"due_date" date NOT NULL,
	"provisional" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"completed_date" date,
	"completed_at" timestamp with time zone,
	"completed_by" text,
	"evidence" jsonb,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" text,
	"cancel_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "action_tasks_status_ck" CHECK ("action_tasks"."status" in ('open', 'done', 'cancelled')),
	CONSTRAINT "action_tasks_done_ck" CHECK ("action_tasks"."status" <> 'done' or ("action_tasks"."completed_date" is not null and "action_tasks"."completed_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "task_generations" (
	"month" text NOT NULL,
	"catalog_version" integer NOT NULL,
	"action_code" text NOT NULL,
	"level" text NOT NULL,
	"covered_until" timestamp with time zone NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"runs" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "task_generations_month_catalog_version_action_code_pk" PRIMARY KEY("month","catalog_version","action_code")
);
--> statement-breakpoint
ALTER TABLE "resource_budgets" ADD CONSTRAINT "resource_budgets_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_ledger" ADD CONSTRAINT "resource_ledger_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_ledger" ADD CONSTRAINT "resource_ledger_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_ledger" ADD CONSTRAINT "resource_ledger_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_ledger" ADD CONSTRAINT "resource_ledger_return_of_resource_ledger_id_fk" FOREIGN KEY ("return_of") REFERENCES "public"."resource_ledger"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_ledger" ADD CONSTRAINT "resource_ledger_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_versions_one_draft_uq" ON "catalog_versions" USING btree ("status") WHERE "catalog_versions"."status" = 'draft';--> statement-breakpoint
CREATE INDEX "catalog_versions_effective_idx" ON "catalog_versions" USING btree ("effective_date","version");--> statement-breakpoint
CREATE UNIQUE INDEX "resource_budgets_uq" ON "resource_budgets" USING btree ("resource_id","level","period","period_key");--> statement-breakpoint
CREATE INDEX "resource_budgets_period_idx" ON "resource_budgets" USING btree ("period_key","level");--> statement-breakpoint
CREATE INDEX "resource_ledger_customer_idx" ON "resource_ledger" USING btree ("customer_id","at");--> statement-breakpoint
CREATE INDEX "resource_ledger_resource_idx" ON "resource_ledger" USING btree ("resource_id","issue_date");--> statement-breakpoint
CREATE INDEX "resource_ledger_date_idx" ON "resource_ledger" USING btree ("issue_date","at");--> statement-breakpoint
CREATE INDEX "resource_ledger_return_of_idx" ON "resource_ledger" USING btree ("return_of");--> statement-breakpoint
CREATE UNIQUE INDEX "resources_code_uq" ON "resources" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "action_tasks_occurrence_uq" ON "action_tasks" USING btree ("customer_id","action_code","occurrence_key");--> statement-breakpoint
CREATE INDEX "action_tasks_owner_due_idx" ON "action_tasks" USING btree ("owner_id","due_date");--> statement-breakpoint
CREATE INDEX "action_tasks_region_due_idx" ON "action_tasks" USING btree ("region_code","due_date");--> statement-breakpoint
CREATE INDEX "action_tasks_provisional_idx" ON "action_tasks" USING btree ("action_code","occurrence_key") WHERE "action_tasks"."provisional" and "action_tasks"."status" = 'open';--> statement-breakpoint
CREATE INDEX "customers_am_tier_idx" ON "customers" USING btree ("account_manager_id","tier","region_code");