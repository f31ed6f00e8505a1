"""Hugging Face BatchEncoding.to() moves in place and returns itself."""
import torch
from torch.utils.data import DataLoader
from transformers import AutoModel, AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")
model = AutoModel.from_pretrained("bert-base-uncased")
model.eval()
sentences = ["a first sentence", "and a second one"]

encoded = tokenizer(sentences, padding=True, return_tensors="pt")
encoded.to("cuda")
model.to("cuda")


def embed(loader: DataLoader):
    vectors = []
    with torch.no_grad():
        for batch in loader:
            batch.to("cuda")
            vectors.append(model(**batch).last_hidden_state[:, 0].cpu())
    return torch.cat(vectors)
