"""reports: what goes out — records as JSON Lines, CSV and Excel, the ledger's exports, the Excel 台账, and the
中期评估报告 in Word, PDF and HTML."""
