-- Edit partner saves only over the partner its form was loaded with, by "updatedAt" (lib/partner-admin.ts).
-- Set here on every change, so a change made in SQL counts too, and always forward, so two
-- changes within a millisecond still differ.
-- The body is an E string with \073 for its semicolons and \047 for its quotes: Prisma splits a
-- migration at every semicolon, even inside a function body.
CREATE FUNCTION partners_updated_at() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  NEW."updatedAt" := greatest(clock_timestamp() AT TIME ZONE \047UTC\047, OLD."updatedAt" + interval \0471 millisecond\047)\073
  RETURN NEW\073
END';

CREATE TRIGGER partners_updated_at BEFORE UPDATE ON "partners"
FOR EACH ROW EXECUTE FUNCTION partners_updated_at();
