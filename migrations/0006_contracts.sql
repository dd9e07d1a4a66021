CREATE SEQUENCE "public"."sla_agreement_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."compensation_slip_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."product_order_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "circuit_outages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"circuit_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"restored_at" timestamp with time zone,
	"source" text NOT NULL,
	"ticket_id" uuid,
	"cause" text,
	"excluded" boolean DEFAULT false NOT NULL,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "circuit_outages_order_ck" CHECK ("circuit_outages"."restored_at" is null or "circuit_outages"."restored_at" > "circuit_outages"."started_at"),
	CONSTRAINT "circuit_outages_source_ck" CHECK ("circuit_outages"."source" in ('manual','ticket'))
);
--> statement-breakpoint
CREATE TABLE "sla_agreement_circuits" (
	"agreement_id" uuid NOT NULL,
	"circuit_id" uuid NOT NULL,
	CONSTRAINT "sla_agreement_circuits_agreement_id_circuit_id_pk" PRIMARY KEY("agreement_id","circuit_id")
);
--> statement-breakpoint
CREATE TABLE "sla_agreement_versions" (
	"agreement_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"kind" text NOT NULL,
	"sla_class" text,
	"maintenance_level" text,
	"after_sales_level" text,
	"targets" jsonb NOT NULL,
	"compensation_terms" jsonb,
	"after_sales" jsonb,
	"circuit_ids" jsonb NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"status" text DEFAULT 'draft' NOT NULL,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_by" text,
	"submitted_at" timestamp with time zone,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	CONSTRAINT "sla_agreement_versions_agreement_id_version_pk" PRIMARY KEY("agreement_id","version"),
	CONSTRAINT "sla_agreement_versions_kind_ck" CHECK ("sla_agreement_versions"."kind" in ('sla_commitment','maintenance','quality_only')),
	CONSTRAINT "sla_agreement_versions_status_ck" CHECK ("sla_agreement_versions"."status" in ('draft','pending','approved','rejected','superseded'))
);
--> statement-breakpoint
CREATE TABLE "sla_agreements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agreement_number" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"title" text NOT NULL,
	"current_version" integer,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sla_agreements_status_ck" CHECK ("sla_agreements"."status" in ('draft','active','terminated'))
);
--> statement-breakpoint
CREATE TABLE "sla_measurements" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sla_measurements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"agreement_id" uuid NOT NULL,
	"agreement_version" integer NOT NULL,
	"circuit_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"month" text NOT NULL,
	"minutes_in_month" integer NOT NULL,
	"outage_minutes" integer NOT NULL,
	"outage_count" integer NOT NULL,
	"availability_ppm" integer NOT NULL,
	"target_availability_ppm" integer,
	"target_restore_minutes" integer,
	"max_restore_minutes" integer,
	"restore_breaches" integer DEFAULT 0 NOT NULL,
	"availability_breached" boolean DEFAULT false NOT NULL,
	"detail" jsonb NOT NULL,
	"computed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "compensation_slip_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "compensation_slip_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"slip_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"amount_before_fen" bigint,
	"amount_after_fen" bigint,
	"note" text,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"actor_role" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "compensation_slips" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slip_number" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"kind" text NOT NULL,
	"source_ref" text NOT NULL,
	"order_id" uuid,
	"order_item_id" uuid,
	"agreement_id" uuid,
	"circuit_id" uuid,
	"period" text,
	"computed_amount_fen" bigint NOT NULL,
	"amount_fen" bigint NOT NULL,
	"basis" jsonb NOT NULL,
	"status" text DEFAULT 'raised' NOT NULL,
	"responsible_segment" text,
	"ops_opinion" text,
	"ops_by" text,
	"ops_at" timestamp with time zone,
	"decided_by" text,
	"decided_by_id" uuid,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	"customer_confirmation" text,
	"confirmed_by" text,
	"confirmed_at" timestamp with time zone,
	"settlement_ref" text,
	"settled_by" text,
	"settled_at" timestamp with time zone,
	"raised_by" text NOT NULL,
	"raised_by_id" uuid,
	"raised_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "compensation_slips_amount_ck" CHECK ("compensation_slips"."amount_fen" >= 0 and "compensation_slips"."computed_amount_fen" >= 0),
	CONSTRAINT "compensation_slips_kind_ck" CHECK ("compensation_slips"."kind" in ('provisioning_late','sla_availability','sla_restore')),
	CONSTRAINT "compensation_slips_status_ck" CHECK ("compensation_slips"."status" in ('raised','ops_stated','approved','rejected','customer_confirmed','settled'))
);
--> statement-breakpoint
CREATE TABLE "product_order_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "product_order_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"order_id" uuid NOT NULL,
	"item_id" uuid,
	"kind" text NOT NULL,
	"from_value" text,
	"to_value" text,
	"note" text,
	"data" jsonb,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "product_order_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"product" text NOT NULL,
	"scope" text DEFAULT 'local' NOT NULL,
	"cross_operator" boolean DEFAULT false NOT NULL,
	"provisioning_class" text,
	"bandwidth_mbps" integer,
	"a_end" text,
	"z_end" text,
	"list_one_time_fee_fen" bigint DEFAULT 0 NOT NULL,
	"one_time_fee_fen" bigint DEFAULT 0 NOT NULL,
	"monthly_fee_fen" bigint DEFAULT 0 NOT NULL,
	"state" text DEFAULT 'acknowledged' NOT NULL,
	"milestone" text DEFAULT 'accepted' NOT NULL,
	"start_date" date NOT NULL,
	"due_rule" jsonb,
	"due_date" date,
	"due_at" timestamp with time zone,
	"due_provisional" boolean DEFAULT false NOT NULL,
	"due_basis" jsonb NOT NULL,
	"circuit_id" uuid,
	"circuit_number" text,
	"activated_on" date,
	"activated_at" timestamp with time zone,
	"overdue_working_days" integer,
	"delivery_due_date" date,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "product_order_items_fees_ck" CHECK ("product_order_items"."list_one_time_fee_fen" >= 0 and "product_order_items"."one_time_fee_fen" >= 0 and "product_order_items"."monthly_fee_fen" >= 0),
	CONSTRAINT "product_order_items_class_ck" CHECK ("product_order_items"."provisioning_class" is null or ("product_order_items"."provisioning_class" in ('express','urgent','normal') and not "product_order_items"."cross_operator")),
	CONSTRAINT "product_order_items_state_ck" CHECK ("product_order_items"."state" in ('acknowledged','inProgress','completed','cancelled'))
);
--> statement-breakpoint
CREATE TABLE "product_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_number" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"account_manager_id" uuid,
	"state" text DEFAULT 'acknowledged' NOT NULL,
	"priority" text DEFAULT '2' NOT NULL,
	"channel" text DEFAULT 'account_manager' NOT NULL,
	"description" text,
	"external_id" text,
	"requested_completion_date" date,
	"expected_completion_date" date,
	"expected_provisional" boolean DEFAULT false NOT NULL,
	"completion_date" timestamp with time zone,
	"cancellation_reason" text,
	"catalog_version" integer,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "product_orders_state_ck" CHECK ("product_orders"."state" in ('acknowledged','inProgress','pending','held','completed','cancelled','rejected','failed'))
);
--> statement-breakpoint
CREATE TABLE "joint_meeting_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"title" text NOT NULL,
	"owner_id" uuid,
	"owner_name" text,
	"due_date" date,
	"status" text DEFAULT 'open' NOT NULL,
	"done_at" timestamp with time zone,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "joint_meeting_actions_status_ck" CHECK ("joint_meeting_actions"."status" in ('open','done','dropped'))
);
--> statement-breakpoint
CREATE TABLE "joint_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"held_on" date NOT NULL,
	"place" text,
	"topic" text NOT NULL,
	"attendees" jsonb NOT NULL,
	"minutes" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "operating_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"agreement_id" uuid,
	"period" text NOT NULL,
	"data" jsonb NOT NULL,
	"generated_by" text NOT NULL,
	"generated_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"sent_to_id" uuid
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "sla_agreement_circuits" ADD CONSTRAINT "sla_agreement_circuits_agreement_id_sla_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."sla_agreements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_agreement_versions" ADD CONSTRAINT "sla_agreement_versions_agreement_id_sla_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."sla_agreements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_order_items" ADD CONSTRAINT "product_order_items_order_id_product_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."product_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "joint_meeting_actions" ADD CONSTRAINT "joint_meeting_actions_meeting_id_joint_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."joint_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "circuit_outages_circuit_idx" ON "circuit_outages" USING btree ("circuit_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "circuit_outages_ticket_uq" ON "circuit_outages" USING btree ("ticket_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sla_agreement_circuits_circuit_uq" ON "sla_agreement_circuits" USING btree ("circuit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sla_agreements_number_uq" ON "sla_agreements" USING btree ("agreement_number");--> statement-breakpoint
CREATE INDEX "sla_agreements_customer_idx" ON "sla_agreements" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sla_measurements_uq" ON "sla_measurements" USING btree ("agreement_id","circuit_id","month");--> statement-breakpoint
CREATE INDEX "sla_measurements_customer_idx" ON "sla_measurements" USING btree ("customer_id","month");--> statement-breakpoint
CREATE INDEX "compensation_slip_events_slip_idx" ON "compensation_slip_events" USING btree ("slip_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "compensation_slips_number_uq" ON "compensation_slips" USING btree ("slip_number");--> statement-breakpoint
CREATE UNIQUE INDEX "compensation_slips_source_uq" ON "compensation_slips" USING btree ("kind","source_ref");--> statement-breakpoint
CREATE INDEX "compensation_slips_status_idx" ON "compensation_slips" USING btree ("status","raised_at");--> statement-breakpoint
CREATE INDEX "compensation_slips_customer_idx" ON "compensation_slips" USING btree ("customer_id","raised_at");--> statement-breakpoint
CREATE INDEX "product_order_events_order_idx" ON "product_order_events" USING btree ("order_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "product_order_items_line_uq" ON "product_order_items" USING btree ("order_id","line_no");--> statement-breakpoint
CREATE INDEX "product_order_items_due_idx" ON "product_order_items" USING btree ("state","due_date");--> statement-breakpoint
CREATE INDEX "product_order_items_circuit_idx" ON "product_order_items" USING btree ("circuit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "product_orders_number_uq" ON "product_orders" USING btree ("order_number");--> statement-breakpoint
CREATE INDEX "product_orders_customer_idx" ON "product_orders" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "product_orders_region_state_idx" ON "product_orders" USING btree ("region_code","state");--> statement-breakpoint
CREATE INDEX "product_orders_am_idx" ON "product_orders" USING btree ("account_manager_id","state");--> statement-breakpoint
CREATE INDEX "joint_meeting_actions_meeting_idx" ON "joint_meeting_actions" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "joint_meetings_customer_idx" ON "joint_meetings" USING btree ("customer_id","held_on");--> statement-breakpoint
CREATE UNIQUE INDEX "operating_reports_uq" ON "operating_reports" USING btree ("customer_id",coalesce("agreement_id", '00000000-0000-0000-0000-000000000000'::uuid),"period");--> statement-breakpoint
CREATE INDEX "operating_reports_period_idx" ON "operating_reports" USING btree ("period","region_code");