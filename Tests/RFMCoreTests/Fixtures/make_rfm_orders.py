# R rfm 0.3.0's example orders (rsquaredacademy/rfm, data/rfm_data_orders.rda) per customer as its
# rfm_table_order(rfm_data_orders, customer_id, order_date, revenue, analysis_date = as.Date("2006-12-31"))
# aggregates them: recency_days = analysis date - last order date, transaction_count = orders, amount = revenue.
# Made with: pip install rdata pandas && python make_rfm_orders.py rfm_data_orders.rda > rfm_orders_customers.csv
import sys
import warnings

warnings.simplefilter("ignore")
import rdata

orders = rdata.read_rda(sys.argv[1])["rfm_data_orders"]
analysis = 13513  # 2006-12-31, days since 1970-01-01
g = orders.groupby("customer_id")
out = g.agg(last=("order_date", "max"), transaction_count=("order_date", "size"), amount=("revenue", "sum"))
out["recency_days"] = (analysis - out["last"]).astype(int)
print("customer_id,recency_days,transaction_count,amount")
for cid, row in out.sort_index().iterrows():
    print(f"{cid},{row.recency_days},{row.transaction_count},{row.amount}")
