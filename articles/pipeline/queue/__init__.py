"""Work on the task queue (Celery), by kind: ``imports``, ``reextract``; ``common`` is
what they share (batches sent ahead and waited for, written once and in order).
"""
