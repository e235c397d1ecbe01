CREATE TABLE "punch_corrections" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"punch_id" bigint NOT NULL,
	"action" text NOT NULL,
	"replacement_id" bigint,
	"reason" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "punch_corrections_punch_idx" ON "punch_corrections" USING btree ("punch_id");--> statement-breakpoint
CREATE UNIQUE INDEX "punch_corrections_replacement_idx" ON "punch_corrections" USING btree ("replacement_id");