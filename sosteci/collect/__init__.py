"""Mobile collection: XLSForms, the OpenRosa server for ODK Collect, and lossless ingestion of submissions."""
