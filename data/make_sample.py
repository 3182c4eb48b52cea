#!/usr/bin/env python3
"""Cuts the shipped sample from the UCI Online Retail data (see data/README.md).

    /tmp/refvenv/bin/python data/make_sample.py ../shared/data/online_retail/"Online Retail.csv.gz" data/

Rows kept, in their original order:
  * every row of the customers whose CustomerID is a multiple of 25 (their cancellations and duplicates included),
  * the rows without a CustomerID whose invoice number (without a leading C) is a multiple of 200,
  * every row with a CustomerID and a unit price <= 0 (40 rows).
Written as data/online_retail_sample.csv (UTF-8, LF, dates as M/D/YYYY H:MM like the widely circulated UCI
export) and data/online_retail_sample.xlsx (one sheet, numbers as numbers, dates as Excel date-times).
"""
import sys
import pandas as pd

src, out = sys.argv[1], sys.argv[2].rstrip("/")
df = pd.read_csv(src, dtype=str, keep_default_na=False)
cid = pd.to_numeric(df.CustomerID.replace("", None), errors="coerce")
missing = df.CustomerID.str.strip() == ""
invoice_number = pd.to_numeric(df.InvoiceNo.str.lstrip("Cc"), errors="coerce")
keep = (cid % 25 == 0) | (missing & (invoice_number % 200 == 0)) | (~missing & (pd.to_numeric(df.UnitPrice) <= 0))
sample = df[keep].copy()
dates = pd.to_datetime(sample.InvoiceDate)
sample["InvoiceDate"] = [f"{d.month}/{d.day}/{d.year} {d.hour}:{d.minute:02d}" for d in dates]
sample.to_csv(f"{out}/online_retail_sample.csv", index=False, lineterminator="\n")

import xlsxwriter  # noqa: E402
wb = xlsxwriter.Workbook(f"{out}/online_retail_sample.xlsx")
ws = wb.add_worksheet("Online Retail")
date_format = wb.add_format({"num_format": "m/d/yyyy h:mm"})
ws.write_row(0, 0, list(df.columns))
for r, row in enumerate(df[keep].itertuples(index=False), start=1):
    def num(text):
        try:
            v = float(text)
            return int(v) if v.is_integer() and "." not in text else v
        except ValueError:
            return text
    ws.write(r, 0, num(row.InvoiceNo))
    ws.write(r, 1, num(row.StockCode))
    ws.write_string(r, 2, row.Description) if row.Description else ws.write_blank(r, 2, None)
    ws.write_number(r, 3, int(row.Quantity))
    ws.write_datetime(r, 4, pd.Timestamp(row.InvoiceDate).to_pydatetime(), date_format)
    ws.write_number(r, 5, float(row.UnitPrice))
    ws.write_number(r, 6, int(float(row.CustomerID))) if row.CustomerID else ws.write_blank(r, 6, None)
    ws.write_string(r, 7, row.Country)
wb.close()
print(f"{int(keep.sum())} rows, {sample.CustomerID[sample.CustomerID != ''].nunique()} customer ids")
