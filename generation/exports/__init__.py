"""The class book: an assignment's pictures leave the site as a ZIP of the signed
originals with a spreadsheet, or as a printable PDF (issue 14, part 7).

`models` holds the Export row, `states` its own small status table (never the picture
lifecycle), `archive` and `book` write the two files; services/exports.py runs them.
"""
