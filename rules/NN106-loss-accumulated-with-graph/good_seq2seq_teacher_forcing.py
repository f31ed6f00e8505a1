"""Seq2seq teacher forcing (the PyTorch tutorial): the summed loss is backpropagated."""
import torch
from torch import nn

vocab, hidden, max_len = 50, 64, 10
encoder = nn.GRU(vocab, hidden, batch_first=True)
decoder_cell = nn.GRUCell(vocab, hidden)
out_proj = nn.Linear(hidden, vocab)
params = list(encoder.parameters()) + list(decoder_cell.parameters()) + list(out_proj.parameters())
optimizer = torch.optim.Adam(params, lr=1e-3)
criterion = nn.CrossEntropyLoss()
pairs = [(torch.randn(1, max_len, vocab), torch.randint(0, vocab, (max_len,))) for _ in range(200)]

for source, target in pairs:
    optimizer.zero_grad()
    _, h = encoder(source)
    h = h[0]
    decoder_input = torch.zeros(1, vocab)
    loss = 0
    for t in range(max_len):
        h = decoder_cell(decoder_input, h)
        logits = out_proj(h)
        loss += criterion(logits, target[t].unsqueeze(0))
        decoder_input = nn.functional.one_hot(target[t], vocab).float().unsqueeze(0)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(params, 1.0)
    optimizer.step()
