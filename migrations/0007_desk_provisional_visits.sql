ALTER TABLE "return_visits" ALTER COLUMN "visitor_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "sla_instances" ADD COLUMN "provisional" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- TMF621 expectedResolutionDate is the customer SLA's target (kind customer), kept on the ticket from now on.
UPDATE "tickets" t SET "expected_resolution_date" = s.target
FROM (SELECT ticket_id, max(target_at) AS target FROM "sla_instances"
      WHERE kind = 'customer' AND stage IN ('inProgress', 'paused') GROUP BY ticket_id) s
WHERE s.ticket_id = t.id AND t.status NOT IN ('closed', 'cancelled', 'rejected');
