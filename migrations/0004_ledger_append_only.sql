-- The resource ledger is append-only, like the audit log: no UPDATE, DELETE or TRUNCATE, whoever
-- connects (PRODUCT.md §4 "Resources": budgets move only with a ledger row; a mistake is corrected
-- by a return or an adjustment, never by editing a row). The one change let through is the foreign
-- key's own ON DELETE SET NULL of contact_id when a contact is deleted (contact_name keeps who it
-- was); any other column changed with it is refused.
CREATE OR REPLACE FUNCTION resource_ledger_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  unlinked resource_ledger;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.contact_id IS NOT NULL AND NEW.contact_id IS NULL THEN
      unlinked := OLD;
      unlinked.contact_id := NULL;
      IF NEW IS NOT DISTINCT FROM unlinked THEN
        RETURN NEW;
      END IF;
    END IF;
  END IF;
  RAISE EXCEPTION 'resource_ledger is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER resource_ledger_no_update BEFORE UPDATE OR DELETE ON resource_ledger
  FOR EACH ROW EXECUTE FUNCTION resource_ledger_append_only();
--> statement-breakpoint
CREATE TRIGGER resource_ledger_no_truncate BEFORE TRUNCATE ON resource_ledger
  FOR EACH STATEMENT EXECUTE FUNCTION resource_ledger_append_only();
