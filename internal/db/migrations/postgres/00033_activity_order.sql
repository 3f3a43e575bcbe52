-- +goose Up
-- A record's timeline is read newest first from activity_targets alone:
-- each target row carries its activity's kind and time (kept by the store
-- with every save), so a page of 25 is a walk of one index, not a sort of
-- every activity the record has.
ALTER TABLE activity_targets ADD COLUMN kind TEXT NOT NULL DEFAULT '';
ALTER TABLE activity_targets ADD COLUMN occurred_at BIGINT NOT NULL DEFAULT 0;
UPDATE activity_targets SET kind = (SELECT a.kind FROM activities a WHERE a.id = activity_targets.activity_id),
    occurred_at = (SELECT a.occurred_at FROM activities a WHERE a.id = activity_targets.activity_id);
DROP INDEX activity_targets_record;
CREATE INDEX activity_targets_timeline ON activity_targets(entity, entity_id, occurred_at, activity_id);
CREATE INDEX activity_targets_kind ON activity_targets(entity, entity_id, kind, occurred_at, activity_id);

-- My tasks walks a user's tasks in due order and stops after a page.
DROP INDEX activities_owner_tasks;
CREATE INDEX activities_owner_due ON activities(owner_user_id, kind, due_at, id);

-- +goose Down
DROP INDEX activities_owner_due;
CREATE INDEX activities_owner_tasks ON activities(owner_user_id, kind, status, due_at);
DROP INDEX activity_targets_kind;
DROP INDEX activity_targets_timeline;
CREATE INDEX activity_targets_record ON activity_targets(entity, entity_id, activity_id);
ALTER TABLE activity_targets DROP COLUMN occurred_at;
ALTER TABLE activity_targets DROP COLUMN kind;
