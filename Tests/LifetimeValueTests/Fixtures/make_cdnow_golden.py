# Golden values for LifetimeValueTests from lifetimes 0.11.3 (PyPI), on the CDNOW sample it ships
# (lifetimes/datasets/cdnow_customers_summary_with_transactions.csv: 2,357 customers, calibration to 1997-09-30, weeks).
# Made with: python3 -m venv /tmp/ltv && /tmp/ltv/bin/pip install lifetimes==0.11.3 &&
#            /tmp/ltv/bin/python make_cdnow_golden.py   (writes cdnow_lifetimes.csv and cdnow_lifetimes.json here)
import json
import warnings

warnings.simplefilter("ignore")
import lifetimes
import numpy as np
from scipy.special import gammaln
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.datasets import load_dataset

data = load_dataset("cdnow_customers_summary_with_transactions.csv")
bgf = BetaGeoFitter(penalizer_coef=0.0).fit(data["x"], data["t_x"], data["T"])
repeat = data[data["x"] > 0]
ggf = GammaGammaFitter(penalizer_coef=0.0).fit(repeat["x"], repeat["zbar"])
horizon = 12 * 4.345  # twelve months of 4.345 weeks, as customer_lifetime_value(freq="W") steps them
out = data.copy()
out["p_alive"] = bgf.conditional_probability_alive(data["x"], data["t_x"], data["T"])
out["expected_10"] = bgf.conditional_expected_number_of_purchases_up_to_time(10, data["x"], data["t_x"], data["T"])
out["expected_12m"] = bgf.conditional_expected_number_of_purchases_up_to_time(
    horizon, data["x"], data["t_x"], data["T"])
out["expected_spend"] = ggf.conditional_expected_average_profit(data["x"], data["zbar"])
out["clv"] = ggf.customer_lifetime_value(
    bgf, data["x"], data["t_x"], data["T"], data["zbar"], time=12, discount_rate=0.01, freq="W")
out.to_csv("cdnow_lifetimes.csv", index=False, float_format="%.12g")
n = len(data)
# lifetimes fits on time scaled by 10 / max(T), so its own log-likelihood is in that unit; this is the likelihood
# in weeks (Fader, Hardie & Lee 2005, section 7), the unit of the published -9582.4.
r, alpha, a, b = bgf.params_[["r", "alpha", "a", "b"]]
x, t_x, T = data["x"], data["t_x"], data["T"]
A1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
A2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
A3 = -(r + x) * np.log(alpha + T)
A4 = np.log(a) - np.log(b + np.maximum(x, 1) - 1) - (r + x) * np.log(alpha + t_x)
bgnbd_ll = float((A1 + A2 + np.logaddexp(A3, np.where(x > 0, A4, -np.inf))).sum())
summary = {
    "lifetimes": lifetimes.__version__,
    "customers": n,
    "bgnbd": dict(bgf.params_.items()) | {"log_likelihood": bgnbd_ll},
    "gamma_gamma": dict(ggf.params_.items()) | {
        "log_likelihood": -ggf._negative_log_likelihood_ * len(repeat), "customers": len(repeat)},
}
with open("cdnow_lifetimes.json", "w") as f:
    json.dump(summary, f, indent=2, sort_keys=True)
    f.write("\n")
