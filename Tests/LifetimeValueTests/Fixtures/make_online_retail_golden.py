# Golden values for OnlineRetailLifetimeValueTests from lifetimes 0.11.3 on the UCI Online Retail data (SPEC's
# cleaning: a customer id, no cancellation, quantity and price > 0, exact duplicates dropped; the snapshot the day
# after the last invoice, so lifetimes' observation_period_end is the last invoice's day).
# Made with: /tmp/ltv/bin/python make_online_retail_golden.py "/work/shared/data/online_retail/Online Retail.csv.gz"
#            (the venv of make_cdnow_golden.py; writes online_retail_lifetimes.csv and .json here)
import json
import sys
import warnings

warnings.simplefilter("ignore")
import lifetimes
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import summary_data_from_transaction_data

df = pd.read_csv(sys.argv[1], dtype={"CustomerID": str, "InvoiceNo": str}, encoding="latin1")
df = df.dropna(subset=["CustomerID"])
df["CustomerID"] = df["CustomerID"].str.replace(r"\.0$", "", regex=True)
df = df[~df["InvoiceNo"].str.startswith("C")]
df = df[(df["Quantity"] > 0) & (df["UnitPrice"] > 0)].drop_duplicates()
df["InvoiceDate"] = pd.to_datetime(df["InvoiceDate"])
df["amount"] = df["Quantity"] * df["UnitPrice"]
end = df["InvoiceDate"].max().normalize()
s = summary_data_from_transaction_data(
    df, "CustomerID", "InvoiceDate", monetary_value_col="amount", observation_period_end=end, freq="D")
weeks = s[["frequency"]].assign(recency=s["recency"] / 7, T=s["T"] / 7)
bgf = BetaGeoFitter().fit(weeks["frequency"], weeks["recency"], weeks["T"])
repeat = s[s["frequency"] > 0]
ggf = GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
out = s.copy()
out["p_alive"] = bgf.conditional_probability_alive(weeks["frequency"], weeks["recency"], weeks["T"])
out["expected_12m"] = bgf.conditional_expected_number_of_purchases_up_to_time(
    12 * 4.345, weeks["frequency"], weeks["recency"], weeks["T"])
out["expected_spend"] = ggf.conditional_expected_average_profit(s["frequency"], s["monetary_value"])
out["clv"] = ggf.customer_lifetime_value(
    bgf, weeks["frequency"], weeks["recency"], weeks["T"], s["monetary_value"], time=12, discount_rate=0.01,
    freq="W")
out.sort_index().to_csv("online_retail_lifetimes.csv", float_format="%.12g")
with open("online_retail_lifetimes.json", "w") as f:
    json.dump({"lifetimes": lifetimes.__version__, "customers": len(s), "observation_period_end": str(end.date()),
               "bgnbd_weeks": dict(bgf.params_.items()), "gamma_gamma": dict(ggf.params_.items())},
              f, indent=2, sort_keys=True)
    f.write("\n")
