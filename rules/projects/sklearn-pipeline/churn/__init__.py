"""Customer churn models: loading, features and evaluation helpers."""
from .data import load_customers, load_and_split
from .features import balance, fit_scaler, scale, scale_features

__all__ = ["balance", "fit_scaler", "load_and_split", "load_customers", "scale", "scale_features"]
