"""Actor-critic distributions: a categorical head over discrete actions."""
import torch
import torch.nn.functional as F
from torch import nn


class Categorical(nn.Module):
    def __init__(self, num_inputs: int, num_outputs: int):
        super().__init__()
        self.linear = nn.Linear(num_inputs, num_outputs)

    def forward(self, x):
        return self.linear(x)

    def sample(self, x, deterministic: bool):
        probs = F.softmax(self(x))  # expect: NN211
        if deterministic:
            return probs.max(1, keepdim=True)[1]
        return probs.multinomial(num_samples=1)

    def logprobs_and_entropy(self, x, actions):
        logits = self(x)
        log_probs = F.log_softmax(logits)  # expect: NN211
        probs = F.softmax(logits)  # expect: NN211
        action_log_probs = log_probs.gather(1, actions)
        dist_entropy = -(log_probs * probs).sum(-1).mean()
        return action_log_probs, dist_entropy


if __name__ == "__main__":
    dist = Categorical(64, 6)
    features = torch.randn(8, 64)
    actions = dist.sample(features, deterministic=False)
    print(dist.logprobs_and_entropy(features, actions))
