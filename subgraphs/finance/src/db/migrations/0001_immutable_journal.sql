-- The journal is immutable: a correction is a reversing entry, never an UPDATE or DELETE.
CREATE FUNCTION "finance"."refuse_journal_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'journal entries and postings are immutable: post a reversing entry instead' USING ERRCODE = 'restrict_violation';
END
$$;--> statement-breakpoint
CREATE TRIGGER "journal_entries_immutable" BEFORE UPDATE OR DELETE ON "finance"."journal_entries" FOR EACH ROW EXECUTE FUNCTION "finance"."refuse_journal_change"();--> statement-breakpoint
CREATE TRIGGER "postings_immutable" BEFORE UPDATE OR DELETE ON "finance"."postings" FOR EACH ROW EXECUTE FUNCTION "finance"."refuse_journal_change"();--> statement-breakpoint
-- Every entry balances per currency and has two postings or more, checked at commit (after all its postings are in).
CREATE FUNCTION "finance"."check_entry_balanced"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT count(*) FROM "finance"."postings" WHERE "entry_id" = NEW."entry_id") < 2 THEN
    RAISE EXCEPTION 'journal entry % has fewer than two postings', NEW."entry_id" USING ERRCODE = 'check_violation';
  END IF;
  IF EXISTS (SELECT 1 FROM "finance"."postings" WHERE "entry_id" = NEW."entry_id" GROUP BY "currency" HAVING sum("amount") <> 0) THEN
    RAISE EXCEPTION 'journal entry % does not balance', NEW."entry_id" USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "postings_balanced" AFTER INSERT ON "finance"."postings" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "finance"."check_entry_balanced"();
