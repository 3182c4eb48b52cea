# Month revenue, orders and rows up to each month-end of the cleaned UCI Online Retail data, with the reference
# pipeline's own load() and clean(). From the repository root:
#   /tmp/h2-refvenv/bin/python Tests/RFMReportTests/Golden/uci_month_revenue.py \
#     "../shared/data/online_retail/Online Retail.csv.gz" > Tests/RFMReportTests/Golden/uci_month_revenue_reference.json
import sys, json
sys.path.insert(0, __import__("os").path.join(__import__("os").path.dirname(__file__), "../../../../shared/reference"))
import rfm_reference as ref
df, cols, malformed, info = ref.load(sys.argv[1], None, "calamine", ref.Timer())
df, counts = ref.clean(df, cols, malformed)
date = df[cols["date"]]
amount = df[cols["quantity"]].astype("float64") * df[cols["price"]].astype("float64")
out = {}
for y, m in [(2010, 12)] + [(2011, k) for k in range(1, 12)]:
    start = f"{y}-{m:02d}-01"
    end = f"{y + (m == 12)}-{(m % 12) + 1:02d}-01"
    inside = (date >= start) & (date < end)
    upto = date < end
    out[f"{y}-{m:02d}"] = {"revenue": round(float(amount[inside].sum()), 2),
                          "orders_to_date": int(df.loc[upto, cols["invoice"]].str.strip().nunique()),
                          "rows_to_date": int(upto.sum())}
print(json.dumps(out, indent=1))
