import { Migration } from '@mikro-orm/migrations';

/** Creates the signing keys of access tokens; the partial unique index allows one active key. */
export class Migration20261126000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "signing_keys" (
      "kid" text primary key,
      "algorithm" text not null,
      "public_jwk" jsonb not null,
      "private_key_pem" text not null,
      "created_at" timestamptz not null default now(),
      "retired_at" timestamptz null)`);
    this.addSql('create unique index "signing_keys_one_active" on "signing_keys" ((true)) where "retired_at" is null');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "signing_keys"');
  }
}
