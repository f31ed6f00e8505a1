"""Linear regression from scratch (d2l style): the update is written by hand under no_grad."""
import torch

true_w = torch.tensor([2.0, -3.4])
true_b = 4.2
features = torch.randn(1000, 2)
labels = features @ true_w + true_b + 0.01 * torch.randn(1000)

w = torch.normal(0, 0.01, size=(2,), requires_grad=True)
b = torch.zeros(1, requires_grad=True)
lr, batch_size = 0.03, 10

for epoch in range(3):
    for i in range(0, len(features), batch_size):
        X, y = features[i : i + batch_size], labels[i : i + batch_size]
        loss = ((X @ w + b - y) ** 2 / 2).sum()
        loss.backward()
        with torch.no_grad():
            for param in (w, b):
                param -= lr * param.grad / batch_size
                param.grad.zero_()
    with torch.no_grad():
        train_l = ((features @ w + b - labels) ** 2 / 2).mean()
    print(f"epoch {epoch + 1}, loss {train_l.item():f}")
