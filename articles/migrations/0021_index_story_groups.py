"""A story's index document holds what its copies hold: changes of membership queue it.

The statement-level triggers of 0014 queue each changed article, and ``sync`` adds the
lead of each queued copy's story. A copy that leaves its story (an editor's split, a
regroup) or is deleted changes the story it left, which the article's new row no longer
names: this row-level trigger queues that story's other members, only when an article's
group or lead flag changes, or a grouped article is deleted.
"""

from django.db import migrations

FORWARD = """
CREATE FUNCTION articles_article_queue_story_left() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO articles_indexqueue (article_id)
    SELECT b.id FROM articles_article b WHERE b.duplicate_group_id = OLD.duplicate_group_id;
    RETURN NULL;
END $$;
CREATE TRIGGER articles_article_story_left_update AFTER UPDATE ON articles_article
FOR EACH ROW WHEN (
    OLD.duplicate_group_id IS NOT NULL
    AND (OLD.duplicate_group_id IS DISTINCT FROM NEW.duplicate_group_id
         OR OLD.is_story_lead IS DISTINCT FROM NEW.is_story_lead)
) EXECUTE FUNCTION articles_article_queue_story_left();
CREATE TRIGGER articles_article_story_left_delete AFTER DELETE ON articles_article
FOR EACH ROW WHEN (OLD.duplicate_group_id IS NOT NULL)
EXECUTE FUNCTION articles_article_queue_story_left();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS articles_article_story_left_update ON articles_article;
DROP TRIGGER IF EXISTS articles_article_story_left_delete ON articles_article;
DROP FUNCTION IF EXISTS articles_article_queue_story_left();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0020_story_decisions"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
