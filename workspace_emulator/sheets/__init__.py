"""Google Sheets v4: spreadsheets and spreadsheets.values (routes in ``urls``)."""
