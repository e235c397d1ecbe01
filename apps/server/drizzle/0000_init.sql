CREATE TABLE "api_keys" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"scopes" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attendance_photos" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"sn" text NOT NULL,
	"file_name" text NOT NULL,
	"pin" text,
	"local_time" text,
	"image" "bytea" NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "operations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"sn" text NOT NULL,
	"op" integer NOT NULL,
	"operator" text NOT NULL,
	"local_time" text NOT NULL,
	"value1" text DEFAULT '' NOT NULL,
	"value2" text DEFAULT '' NOT NULL,
	"value3" text DEFAULT '' NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "punches" (
	"id" bigserial PRIMARY KEY NOT NULL,
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
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "commands" (
	"id" text PRIMARY KEY NOT NULL,
	"sn" text NOT NULL,
	"type" text NOT NULL,
	"text" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"return_code" integer,
	"result_meaning" text,
	"result" jsonb,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "device_errors" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"sn" text NOT NULL,
	"code" text NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"origin" text,
	"cmd_id" text,
	"additional" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "device_groups" (
	"sn" text NOT NULL,
	"group_id" integer NOT NULL,
	CONSTRAINT "device_groups_sn_group_id_pk" PRIMARY KEY("sn","group_id")
);
--> statement-breakpoint
CREATE TABLE "device_logs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"sn" text NOT NULL,
	"file_name" text NOT NULL,
	"size" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "devices" (
	"sn" text PRIMARY KEY NOT NULL,
	"name" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"token_hash" text,
	"time_zone" text,
	"device_type" text DEFAULT 'att' NOT NULL,
	"pushver" text,
	"language" text,
	"firmware" text,
	"ip" text,
	"telemetry" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"stamps" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"registry_code" text,
	"session_id" text,
	"last_seen_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "groups" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "groups_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "rejected_lines" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"sn" text NOT NULL,
	"table" text NOT NULL,
	"line" integer NOT NULL,
	"text" text NOT NULL,
	"reason" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "people" (
	"pin" text PRIMARY KEY NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"privilege" integer DEFAULT 0 NOT NULL,
	"password" text DEFAULT '' NOT NULL,
	"card" text,
	"verify" integer,
	"valid_from" timestamp with time zone,
	"valid_to" timestamp with time zone,
	"source" text DEFAULT 'api' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person_groups" (
	"pin" text NOT NULL,
	"group_id" integer NOT NULL,
	CONSTRAINT "person_groups_pin_group_id_pk" PRIMARY KEY("pin","group_id")
);
--> statement-breakpoint
CREATE TABLE "person_photos" (
	"pin" text NOT NULL,
	"kind" text NOT NULL,
	"bio_type" integer DEFAULT 0 NOT NULL,
	"file_name" text NOT NULL,
	"image" "bytea" NOT NULL,
	"source_sn" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "person_photos_pin_kind_bio_type_pk" PRIMARY KEY("pin","kind","bio_type")
);
--> statement-breakpoint
CREATE TABLE "templates" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"pin" text NOT NULL,
	"kind" text NOT NULL,
	"bio_type" integer NOT NULL,
	"no" integer NOT NULL,
	"index" integer DEFAULT 0 NOT NULL,
	"valid" integer DEFAULT 1 NOT NULL,
	"duress" integer DEFAULT 0 NOT NULL,
	"major_ver" text DEFAULT '' NOT NULL,
	"minor_ver" text DEFAULT '' NOT NULL,
	"format" integer DEFAULT 0 NOT NULL,
	"template" text NOT NULL,
	"source_sn" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"webhook_id" integer NOT NULL,
	"event" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_status" integer,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "webhooks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"events" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "device_groups" ADD CONSTRAINT "device_groups_sn_devices_sn_fk" FOREIGN KEY ("sn") REFERENCES "public"."devices"("sn") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_groups" ADD CONSTRAINT "device_groups_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_groups" ADD CONSTRAINT "person_groups_pin_people_pin_fk" FOREIGN KEY ("pin") REFERENCES "public"."people"("pin") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_groups" ADD CONSTRAINT "person_groups_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "attendance_photos_dedupe_idx" ON "attendance_photos" USING btree ("sn","file_name");--> statement-breakpoint
CREATE UNIQUE INDEX "operations_dedupe_idx" ON "operations" USING btree ("sn","op","local_time","operator","value1");--> statement-breakpoint
CREATE UNIQUE INDEX "punches_dedupe_idx" ON "punches" USING btree ("sn","pin","local_time","status");--> statement-breakpoint
CREATE INDEX "punches_punched_at_idx" ON "punches" USING btree ("punched_at");--> statement-breakpoint
CREATE INDEX "punches_pin_idx" ON "punches" USING btree ("pin","punched_at");--> statement-breakpoint
CREATE INDEX "commands_pending_idx" ON "commands" USING btree ("sn","created_at") WHERE status in ('queued', 'sent');--> statement-breakpoint
CREATE INDEX "commands_sn_idx" ON "commands" USING btree ("sn","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "commands_one_pending_set_time_idx" ON "commands" USING btree ("sn") WHERE type = 'set-time' and status in ('queued', 'sent');--> statement-breakpoint
CREATE INDEX "device_errors_sn_idx" ON "device_errors" USING btree ("sn","received_at");--> statement-breakpoint
CREATE INDEX "device_groups_group_idx" ON "device_groups" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "device_logs_sn_idx" ON "device_logs" USING btree ("sn","received_at");--> statement-breakpoint
CREATE INDEX "devices_status_idx" ON "devices" USING btree ("status");--> statement-breakpoint
CREATE INDEX "rejected_lines_sn_idx" ON "rejected_lines" USING btree ("sn","received_at");--> statement-breakpoint
CREATE INDEX "people_card_idx" ON "people" USING btree ("card");--> statement-breakpoint
CREATE INDEX "person_groups_group_idx" ON "person_groups" USING btree ("group_id");--> statement-breakpoint
CREATE UNIQUE INDEX "templates_key_idx" ON "templates" USING btree ("pin","kind","bio_type","no","index");--> statement-breakpoint
CREATE INDEX "templates_pin_idx" ON "templates" USING btree ("pin");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("status","next_attempt_at");