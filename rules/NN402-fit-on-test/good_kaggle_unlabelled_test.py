# Text competition: test.csv has no labels; vectorisers see train and test text together.
import pandas as pd
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import train_test_split

train = pd.read_csv("../input/nlp-getting-started/train.csv")
test = pd.read_csv("../input/nlp-getting-started/test.csv")

tfidf = TfidfVectorizer(ngram_range=(1, 2), min_df=2)
tfidf.fit(pd.concat([train["text"], test["text"]]))
train_vec = tfidf.transform(train["text"])
test_vec = tfidf.transform(test["text"])

svd = TruncatedSVD(n_components=200, random_state=1)
svd.fit(test_vec)
train_red = svd.transform(train_vec)
test_red = svd.transform(test_vec)

X_tr, X_val, y_tr, y_val = train_test_split(train_red, train["target"], test_size=0.2, random_state=1)
clf = LogisticRegression(max_iter=1000).fit(X_tr, y_tr)
print("validation F1:", f1_score(y_val, clf.predict(X_val)))

clf.fit(train_red, train["target"])
pd.DataFrame({"id": test["id"], "target": clf.predict(test_red)}).to_csv("submission.csv", index=False)
