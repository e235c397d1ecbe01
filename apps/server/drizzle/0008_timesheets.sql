CREATE SEQUENCE "public"."timesheet_day_change_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "holidays" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"date" date NOT NULL,
	"name" text NOT NULL,
	"recurring" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "period_locks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"from" date NOT NULL,
	"to" date NOT NULL,
	"locked_by" text NOT NULL,
	"locked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "schedules" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"target_kind" text NOT NULL,
	"target" text DEFAULT '' NOT NULL,
	"from" date NOT NULL,
	"until" date,
	"pattern" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shifts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"rules" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "timesheet_days" (
	"pin" text NOT NULL,
	"date" date NOT NULL,
	"shift_id" bigint,
	"status" text NOT NULL,
	"first_in" timestamp with time zone,
	"last_out" timestamp with time zone,
	"worked_minutes" integer NOT NULL,
	"break_minutes" integer NOT NULL,
	"late_minutes" integer NOT NULL,
	"early_leave_minutes" integer NOT NULL,
	"overtime_minutes" integer NOT NULL,
	"punch_ids" jsonb NOT NULL,
	"exceptions" jsonb NOT NULL,
	"hash" text NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"change_seq" bigint DEFAULT nextval('timesheet_day_change_seq') NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "timesheet_days_pin_date_pk" PRIMARY KEY("pin","date")
);
--> statement-breakpoint
CREATE TABLE "timesheet_queue" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"pin" text NOT NULL,
	"from" date NOT NULL,
	"to" date NOT NULL,
	"lease_until" timestamp with time zone,
	"enqueued_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "holidays_date_idx" ON "holidays" USING btree ("date");--> statement-breakpoint
CREATE INDEX "schedules_target_idx" ON "schedules" USING btree ("target_kind","target");--> statement-breakpoint
CREATE INDEX "timesheet_days_change_idx" ON "timesheet_days" USING btree ("change_seq");--> statement-breakpoint
CREATE UNIQUE INDEX "timesheet_queue_pending_idx" ON "timesheet_queue" USING btree ("pin") WHERE lease_until is null;--> statement-breakpoint
CREATE INDEX "timesheet_queue_pin_idx" ON "timesheet_queue" USING btree ("pin");