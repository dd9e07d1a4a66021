CREATE TABLE "circuits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"circuit_number" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"product" text NOT NULL,
	"scope" text DEFAULT 'local' NOT NULL,
	"bandwidth_mbps" integer,
	"a_end" text,
	"z_end" text,
	"activated_on" date,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "circuits_status_ck" CHECK ("circuits"."status" in ('active', 'suspended', 'terminated'))
);
--> statement-breakpoint
CREATE TABLE "customer_visitors" (
	"customer_id" uuid PRIMARY KEY NOT NULL,
	"visitor_id" uuid NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	"assigned_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "desk_config_versions" (
	"version" integer PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"document" jsonb NOT NULL,
	"effective_from" timestamp with time zone,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" text,
	"published_at" timestamp with time zone,
	CONSTRAINT "desk_config_status_ck" CHECK ("desk_config_versions"."status" in ('draft', 'published'))
);
--> statement-breakpoint
CREATE TABLE "hub_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"api" text NOT NULL,
	"callback" text NOT NULL,
	"query" text,
	"secret" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"entity" text,
	"entity_id" text,
	"data" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"subscription_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone,
	"dead_at" timestamp with time zone,
	"last_status" integer,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "return_visits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"ticket_id" uuid,
	"order_ref" text,
	"visitor_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"outcome" text,
	"score" integer,
	"note" text,
	"contact_name" text,
	"done_at" timestamp with time zone,
	"done_by" text,
	"follow_up_task_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "return_visits_kind_ck" CHECK ("return_visits"."kind" in ('fault_repair', 'activation', 'complaint')),
	CONSTRAINT "return_visits_status_ck" CHECK ("return_visits"."status" in ('open', 'done', 'cancelled')),
	CONSTRAINT "return_visits_outcome_ck" CHECK ("return_visits"."outcome" is null or "return_visits"."outcome" in ('satisfied', 'dissatisfied', 'unreachable'))
);
--> statement-breakpoint
CREATE TABLE "sla_instances" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sla_instances_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ticket_id" uuid NOT NULL,
	"definition_code" text NOT NULL,
	"kind" text NOT NULL,
	"stage_code" text,
	"department_code" text,
	"cycle" integer DEFAULT 1 NOT NULL,
	"desk_config_version" integer NOT NULL,
	"limit_minutes" integer NOT NULL,
	"clock" jsonb NOT NULL,
	"limit_source" jsonb,
	"stage" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"stopped_at" timestamp with time zone,
	"target_at" timestamp with time zone,
	"elapsed_minutes" integer DEFAULT 0 NOT NULL,
	"breached" boolean DEFAULT false NOT NULL,
	"breached_at" timestamp with time zone,
	"escalation_level" integer DEFAULT 0 NOT NULL,
	"evaluated_at" timestamp with time zone NOT NULL,
	"next_check_at" timestamp with time zone,
	CONSTRAINT "sla_instances_stage_ck" CHECK ("sla_instances"."stage" in ('inProgress', 'paused', 'completed', 'cancelled')),
	CONSTRAINT "sla_instances_kind_ck" CHECK ("sla_instances"."kind" in ('customer', 'internal'))
);
--> statement-breakpoint
CREATE TABLE "ticket_escalations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ticket_escalations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ticket_id" uuid NOT NULL,
	"sla_instance_id" bigint NOT NULL,
	"level" integer NOT NULL,
	"threshold_percent" integer NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"fired_at" timestamp with time zone NOT NULL,
	"actions" jsonb NOT NULL,
	"recipients" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reassigned_to" text
);
--> statement-breakpoint
CREATE TABLE "ticket_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ticket_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ticket_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"stage_code" text NOT NULL,
	"department_code" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"reason" text,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"ticket_type" text NOT NULL,
	"severity" text NOT NULL,
	"priority" integer NOT NULL,
	"channel" text NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"status" text NOT NULL,
	"status_reason" text,
	"status_changed_at" timestamp with time zone NOT NULL,
	"stage_code" text NOT NULL,
	"department_code" text NOT NULL,
	"assignee_id" uuid,
	"circuit_id" uuid,
	"product" text,
	"order_ref" text,
	"service_item" text,
	"tier" text,
	"tier_rank" integer DEFAULT 0 NOT NULL,
	"region_code" text NOT NULL,
	"account_manager_id" uuid,
	"desk_config_version" integer NOT NULL,
	"catalog_version" integer,
	"next_target_at" timestamp with time zone,
	"escalation_level" integer DEFAULT 0 NOT NULL,
	"breached" boolean DEFAULT false NOT NULL,
	"requested_resolution_date" timestamp with time zone,
	"expected_resolution_date" timestamp with time zone,
	"resolution_date" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"external_id" text,
	"extra" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tickets_status_ck" CHECK ("tickets"."status" in ('acknowledged', 'rejected', 'pending', 'held', 'inProgress', 'cancelled', 'closed', 'resolved', 'reopened')),
	CONSTRAINT "tickets_type_ck" CHECK ("tickets"."ticket_type" in ('fault', 'complaint', 'inquiry', 'request')),
	CONSTRAINT "tickets_severity_ck" CHECK ("tickets"."severity" in ('critical', 'major', 'minor')),
	CONSTRAINT "tickets_priority_ck" CHECK ("tickets"."priority" between 0 and 4)
);
--> statement-breakpoint
ALTER TABLE "departments" ADD COLUMN "head_id" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "circuits_number_uq" ON "circuits" USING btree ("circuit_number");--> statement-breakpoint
CREATE INDEX "circuits_customer_idx" ON "circuits" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "desk_config_one_draft_uq" ON "desk_config_versions" USING btree ("status") WHERE "desk_config_versions"."status" = 'draft';--> statement-breakpoint
CREATE INDEX "hub_subscriptions_api_idx" ON "hub_subscriptions" USING btree ("api");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","read_at","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_event_subscription_uq" ON "outbox" USING btree ("event_id","subscription_id");--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "outbox" USING btree ("next_attempt_at") WHERE "outbox"."delivered_at" is null and "outbox"."dead_at" is null;--> statement-breakpoint
CREATE INDEX "return_visits_visitor_idx" ON "return_visits" USING btree ("visitor_id","status","due_at");--> statement-breakpoint
CREATE INDEX "return_visits_customer_idx" ON "return_visits" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "return_visits_ticket_open_uq" ON "return_visits" USING btree ("ticket_id") WHERE "return_visits"."status" = 'open' and "return_visits"."ticket_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "sla_instances_cycle_uq" ON "sla_instances" USING btree ("ticket_id","definition_code","cycle");--> statement-breakpoint
CREATE INDEX "sla_instances_due_idx" ON "sla_instances" USING btree ("next_check_at") WHERE "sla_instances"."next_check_at" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_escalations_step_uq" ON "ticket_escalations" USING btree ("sla_instance_id","level");--> statement-breakpoint
CREATE INDEX "ticket_escalations_ticket_idx" ON "ticket_escalations" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "ticket_events_ticket_idx" ON "ticket_events" USING btree ("ticket_id","at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_number_uq" ON "tickets" USING btree ("number");--> statement-breakpoint
CREATE INDEX "tickets_customer_idx" ON "tickets" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "tickets_open_queue_idx" ON "tickets" USING btree ("department_code","tier_rank","next_target_at") WHERE "tickets"."status" not in ('closed', 'cancelled', 'rejected');--> statement-breakpoint
CREATE INDEX "tickets_am_idx" ON "tickets" USING btree ("account_manager_id","created_at");--> statement-breakpoint
CREATE INDEX "tickets_region_idx" ON "tickets" USING btree ("region_code","created_at");--> statement-breakpoint
CREATE INDEX "tickets_circuit_idx" ON "tickets" USING btree ("circuit_id");