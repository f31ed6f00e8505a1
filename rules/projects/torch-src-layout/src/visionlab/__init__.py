"""visionlab: the model, the loop and the helpers live in different modules."""
from .engine import evaluate, evaluate_in_eval_mode, train_one_epoch

__all__ = ["evaluate", "evaluate_in_eval_mode", "train_one_epoch"]
