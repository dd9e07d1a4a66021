CREATE TABLE "segment_billing_monthly" (
	"segment" text NOT NULL,
	"month" date NOT NULL,
	"revenue_fen" bigint NOT NULL,
	"billed_customers" integer NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "segment_billing_monthly_segment_month_pk" PRIMARY KEY("segment","month"),
	CONSTRAINT "segment_billing_segment_ck" CHECK ("segment_billing_monthly"."segment" in ('commercial', 'public')),
	CONSTRAINT "segment_billing_month_ck" CHECK (extract(day from "segment_billing_monthly"."month") = 1),
	CONSTRAINT "segment_billing_revenue_ck" CHECK ("segment_billing_monthly"."revenue_fen" >= 0),
	CONSTRAINT "segment_billing_customers_ck" CHECK ("segment_billing_monthly"."billed_customers" > 0)
);
