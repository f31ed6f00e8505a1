"""Evaluator of a seq2seq model: average NLL and token accuracy on a dev set."""
import torch
from torch import nn


class Seq2Seq(nn.Module):
    def __init__(self, vocab: int = 200, hidden: int = 128):
        super().__init__()
        self.embed = nn.Embedding(vocab, hidden)
        self.encoder = nn.LSTM(hidden, hidden, batch_first=True)
        self.decoder = nn.LSTM(hidden, hidden, batch_first=True)
        self.dropout = nn.Dropout(0.2)
        self.out = nn.Linear(hidden, vocab)

    def forward(self, src, tgt_in):
        _, state = self.encoder(self.dropout(self.embed(src)))
        dec, _ = self.decoder(self.dropout(self.embed(tgt_in)), state)
        return self.out(dec)


class Evaluator:
    def __init__(self, pad_id: int = 0):
        self.loss_fn = nn.CrossEntropyLoss(ignore_index=pad_id, reduction="sum")
        self.pad_id = pad_id

    def evaluate(self, model, data):
        total_loss, correct, n_tokens = 0.0, 0, 0
        model.eval()
        with torch.no_grad():
            for src, tgt in data:
                logits = model(src, tgt[:, :-1])  # expect: NN110
                gold = tgt[:, 1:]
                total_loss += self.loss_fn(logits.reshape(-1, logits.size(-1)), gold.reshape(-1)).item()
                mask = gold.ne(self.pad_id)
                correct += logits.argmax(-1).eq(gold).masked_select(mask).sum().item()
                n_tokens += mask.sum().item()
        return total_loss / n_tokens, correct / n_tokens


if __name__ == "__main__":
    dev = [(torch.randint(1, 200, (16, 10)), torch.randint(1, 200, (16, 12))) for _ in range(8)]
    print(Evaluator().evaluate(Seq2Seq(), dev))
