"""Import writes: the ImportRun's life (``runs``), the sources records belong to
(``sources``), and each batch of prepared records into the database (``batch``, which
writes rows with COPY, ``rows``, grouping near-duplicates first, ``groups``).

What the workers prepare (records, their COPY text) is in ``articles.ingest``; the run
itself, which calls these, is ``articles.pipeline.imports``.
"""
