-- Punches partitioned by month on local_time (written by hand: drizzle-kit cannot express partitioning; the
-- snapshot beside it records the composite primary key the schema declares). The stored table is converted in
-- place: renamed, a partitioned table created under the old name, one partition per stored month plus the
-- default partition, the rows moved, the old table dropped, then the indexes built once on the full partitions
-- (faster than maintaining them row by row). The id sequence is kept, so ids go on where they were.
ALTER TABLE "punches" RENAME TO "punches_unpartitioned";--> statement-breakpoint
ALTER TABLE "punches_unpartitioned" RENAME CONSTRAINT "punches_pkey" TO "punches_unpartitioned_pkey";--> statement-breakpoint
ALTER INDEX "punches_dedupe_idx" RENAME TO "punches_unpartitioned_dedupe_idx";--> statement-breakpoint
ALTER INDEX "punches_punched_at_idx" RENAME TO "punches_unpartitioned_punched_at_idx";--> statement-breakpoint
ALTER INDEX "punches_pin_idx" RENAME TO "punches_unpartitioned_pin_idx";--> statement-breakpoint
ALTER INDEX "punches_sn_time_idx" RENAME TO "punches_unpartitioned_sn_time_idx";--> statement-breakpoint
ALTER SEQUENCE "punches_id_seq" OWNED BY NONE;--> statement-breakpoint
CREATE TABLE "punches" (
	"id" bigint DEFAULT nextval('punches_id_seq'::regclass) NOT NULL,
	"sn" text NOT NULL,
	"pin" text NOT NULL,
	"local_time" text NOT NULL,
	"punched_at" timestamp with time zone NOT NULL,
	"status" integer NOT NULL,
	"verify" integer NOT NULL,
	"work_code" text DEFAULT '' NOT NULL,
	"extra" jsonb,
	"source" text DEFAULT 'device' NOT NULL,
	"created_by" text,
	"note" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"assumed_zone" text
) PARTITION BY RANGE ("local_time");--> statement-breakpoint
ALTER SEQUENCE "punches_id_seq" OWNED BY "punches"."id";--> statement-breakpoint
CREATE TABLE "punches_default" PARTITION OF "punches" DEFAULT;--> statement-breakpoint
DO $$
DECLARE
  m text;
BEGIN
  FOR m IN
    SELECT DISTINCT substr("local_time", 1, 7) FROM "punches_unpartitioned"
    WHERE "local_time" ~ '^(19[7-9][0-9]|20[0-9][0-9]|2100)-(0[1-9]|1[0-2])-'
  LOOP
    EXECUTE format(
      'CREATE TABLE %I PARTITION OF "punches" FOR VALUES FROM (%L) TO (%L)',
      'punches_p' || replace(m, '-', '_'),
      m || '-01 00:00:00',
      to_char((m || '-01')::date + interval '1 month', 'YYYY-MM-DD') || ' 00:00:00'
    );
  END LOOP;
END
$$;--> statement-breakpoint
INSERT INTO "punches" ("id", "sn", "pin", "local_time", "punched_at", "status", "verify", "work_code", "extra",
	"source", "created_by", "note", "received_at", "assumed_zone")
SELECT "id", "sn", "pin", "local_time", "punched_at", "status", "verify", "work_code", "extra", "source",
	"created_by", "note", "received_at", "assumed_zone"
FROM "punches_unpartitioned";--> statement-breakpoint
DROP TABLE "punches_unpartitioned";--> statement-breakpoint
ALTER TABLE "punches" ADD CONSTRAINT "punches_pkey" PRIMARY KEY("id","local_time");--> statement-breakpoint
CREATE UNIQUE INDEX "punches_dedupe_idx" ON "punches" USING btree ("sn","pin","local_time","status");--> statement-breakpoint
CREATE INDEX "punches_punched_at_idx" ON "punches" USING btree ("punched_at");--> statement-breakpoint
CREATE INDEX "punches_pin_idx" ON "punches" USING btree ("pin","punched_at");--> statement-breakpoint
CREATE INDEX "punches_sn_time_idx" ON "punches" USING btree ("sn","punched_at","id");
