# Wine quality notebook: the scaler and the PCA are fitted again on the test split.
import pandas as pd
from sklearn.decomposition import PCA
from sklearn.metrics import classification_report
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

wine = pd.read_csv("winequality-red.csv", sep=";")
X = wine.drop(columns=["quality"])
y = (wine["quality"] >= 7).astype(int)

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=3, stratify=y)

sc = StandardScaler()
X_train = sc.fit_transform(X_train)
X_test = sc.fit_transform(X_test)  # expect: NN402

pca = PCA(n_components=6)
X_train = pca.fit_transform(X_train)
X_test = pca.fit_transform(X_test)  # expect: NN402

svc = SVC(kernel="rbf", C=1.2, gamma=0.9)
svc.fit(X_train, y_train)
print(classification_report(y_test, svc.predict(X_test)))
