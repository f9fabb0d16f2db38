"""WeasyPrint: lay out HTML with safe fetching, fit cards (overflow, shrink), lay out the workbook."""
