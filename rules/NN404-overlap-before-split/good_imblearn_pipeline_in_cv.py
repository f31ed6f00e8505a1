"""The sampler sits inside an imblearn Pipeline, so each training fold is resampled alone."""
from imblearn.over_sampling import RandomOverSampler, SMOTE
from imblearn.pipeline import Pipeline, make_pipeline
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_validate
from sklearn.preprocessing import StandardScaler

X, y = make_classification(n_samples=5000, weights=[0.97, 0.03], random_state=0)
cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)

pipe = Pipeline([("scale", StandardScaler()), ("smote", SMOTE(random_state=0)), ("clf", LogisticRegression())])
print(cross_validate(pipe, X, y, cv=cv, scoring=["recall", "precision"]))

search = GridSearchCV(
    make_pipeline(RandomOverSampler(random_state=0), LogisticRegression(max_iter=500)),
    {"logisticregression__C": [0.1, 1.0, 10.0]},
    cv=cv,
    scoring="average_precision",
)
search.fit(X, y)
print(search.best_params_)
