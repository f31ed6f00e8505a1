"""Fine-tuning loop over tokenized batches stored as dicts of tensors."""
import torch
from torch.utils.data import DataLoader
from transformers import AutoModelForSequenceClassification


def collate(features):
    return {
        "input_ids": torch.stack([f["input_ids"] for f in features]),
        "attention_mask": torch.stack([f["attention_mask"] for f in features]),
        "labels": torch.tensor([f["label"] for f in features]),
    }


def train(dataset, epochs=2, lr=2e-5):
    device = "cuda"
    model = AutoModelForSequenceClassification.from_pretrained("distilbert-base-uncased", num_labels=2)
    model.to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr)
    train_dataloader = DataLoader(dataset, batch_size=16, shuffle=True, collate_fn=collate)
    for epoch in range(epochs):
        model.train()
        for batch in train_dataloader:
            for key in batch:
                batch[key] = batch[key].to(device)
            batch["labels"] = batch["labels"].long()  # expect: NN603
            outputs = model(**batch)
            outputs.loss.backward()
            optimizer.step()
            optimizer.zero_grad()


def evaluate(model, eval_loader, device="cuda"):
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for input_ids, attention_mask, labels in eval_loader:
            input_ids = input_ids.cuda()  # expect: NN603
            logits = model(input_ids=input_ids.to(device), attention_mask=attention_mask.to(device)).logits
            correct += (logits.argmax(-1).cpu() == labels).sum().item()
            total += labels.numel()
    return correct / total
