import { Migration } from '@mikro-orm/migrations';

/** Creates the users table. */
export class Migration20261125000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "users" (
      "id" uuid primary key,
      "email" varchar(320) not null,
      "name" varchar(200) not null,
      "password_hash" varchar(255) not null,
      "registration_id" varchar(64) not null,
      "created_at" timestamptz not null default now(),
      constraint "users_email_unique" unique ("email"),
      constraint "users_registration_id_unique" unique ("registration_id"))`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "users"');
  }
}
