"""reports: records written out as JSON Lines, CSV and Excel; later Word and HTML reports."""
