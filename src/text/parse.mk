# CSV, dates, collation and vocabularies (issue 4 text layer): sources and
