"""The search index: a derived, rebuildable copy of the public article data for exact numbers.

PostgreSQL is the source of truth. Every change to an article or a mention row queues the
article's id in ``articles_indexqueue`` (triggers, migration 0014, in the same transaction
as the change). Each web node keeps its own copy of the index and reads the queue from its
own position (``position``); ``indexing.sync`` moves the changed articles into its copy (one
writer per copy, under a PostgreSQL advisory lock) and only then records the new position,
so a crash loses nothing; a row is deleted once every node has read it. The engine is
tantivy (a Lucene-class library, embedded: no server).

- ``schema``: the index's fields, its text analyzer and its version;
- ``engine``: opening the index (per process), its health, the writer;
- ``documents``: article rows → index documents, read from PostgreSQL in batches;
- ``indexing``: the queue, ``sync``, ``rebuild_index``;
- ``position``: how far each node's copy has read the queue;
- ``query``: the list's criteria and search words → one engine query;
- ``results``: hits, exact counts, facets and timelines over every match.

Only ``query`` and ``results`` know the engine's query language; a deployment that
outgrows one machine swaps them for an Elasticsearch/OpenSearch client speaking the same
aggregation requests (docs/search.md).
"""
