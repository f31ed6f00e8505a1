# Spam classifier notebook: features and labels are split by two separate calls.
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split
from sklearn.naive_bayes import MultinomialNB

sms = pd.read_csv("spam.csv", encoding="latin-1")[["v1", "v2"]]
sms.columns = ["label", "message"]

messages = sms["message"]
labels = (sms["label"] == "spam").astype(int)

msg_train, msg_test = train_test_split(messages, test_size=0.2)
label_train, label_test = train_test_split(labels, test_size=0.2)  # expect: NN406

vectorizer = TfidfVectorizer(stop_words="english")
X_train = vectorizer.fit_transform(msg_train)
X_test = vectorizer.transform(msg_test)

nb = MultinomialNB().fit(X_train, label_train)
print("accuracy:", accuracy_score(label_test, nb.predict(X_test)))
