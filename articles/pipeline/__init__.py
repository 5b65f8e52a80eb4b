"""The database half of the import and of re-extraction: pure stages joined to services.

Above ``services`` and below the views, admin and commands: ``imports.run_import``,
``reextract.articles_reextract`` and ``retry.rejected_document_retry`` run the pure
``ingest`` and ``extract`` code over inputs or stored articles and write through services.
"""
