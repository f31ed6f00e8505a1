"""Evaluate a trained speech model on the test manifest (greedy decoding, WER)."""
import argparse

import torch
from torch import nn


class SpeechModel(nn.Module):
    def __init__(self, n_feats: int = 161, hidden: int = 256, n_tokens: int = 29):
        super().__init__()
        self.conv = nn.Sequential(nn.Conv1d(n_feats, hidden, 11, stride=2, padding=5), nn.BatchNorm1d(hidden), nn.Hardtanh(0, 20))
        self.rnn = nn.GRU(hidden, hidden, num_layers=3, batch_first=True, dropout=0.3)
        self.fc = nn.Linear(hidden, n_tokens)

    def forward(self, spect):
        h = self.conv(spect).transpose(1, 2)
        h, _ = self.rnn(h)
        return self.fc(h).log_softmax(dim=-1)


def word_errors(pred: str, ref: str) -> int:
    return sum(a != b for a, b in zip(pred.split(), ref.split())) + abs(len(pred.split()) - len(ref.split()))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model-path", default="models/speech_final.pth")
    args = parser.parse_args()
    model = SpeechModel()
    model.load_state_dict(torch.load(args.model_path, map_location="cpu", weights_only=True))
    test_set = [(torch.randn(1, 161, 400), "hello world") for _ in range(50)]
    alphabet = "_ abcdefghijklmnopqrstuvwxyz'"
    total_errors = total_words = 0
    model.eval()
    with torch.no_grad():
        for spect, transcript in test_set:
            out = model(spect)  # expect: NN110
            decoded = "".join(alphabet[i] for i in out.argmax(-1)[0].tolist() if i != 0)
            total_errors += word_errors(decoded, transcript)
            total_words += len(transcript.split())
    print(f"WER: {100.0 * total_errors / total_words:.2f}")


if __name__ == "__main__":
    main()
