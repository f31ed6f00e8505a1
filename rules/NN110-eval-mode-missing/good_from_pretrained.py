"""Hugging Face from_pretrained returns the model in eval mode; inference needs no .eval()."""
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

checkpoint = "distilbert-base-uncased-finetuned-sst-2-english"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint)

reviews = [
    "The plot was thin but the acting carried it.",
    "I want those two hours of my life back.",
    "A quiet, beautiful film.",
]
with torch.no_grad():
    batch = tokenizer(reviews, padding=True, truncation=True, return_tensors="pt")
    logits = model(**batch).logits
for review, label in zip(reviews, logits.argmax(dim=-1).tolist()):
    print(model.config.id2label[label], "|", review)
