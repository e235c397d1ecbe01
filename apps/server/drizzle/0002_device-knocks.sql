ALTER TABLE "devices" ADD COLUMN "last_knock_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "knock_ip" text;