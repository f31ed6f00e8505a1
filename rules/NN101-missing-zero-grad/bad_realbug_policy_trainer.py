"""Fine-tune a small policy network on collected rollouts (trainer with a train_step method)."""
import torch
from torch import nn


class PolicyTrainer:
    def __init__(self, obs_dim: int, n_actions: int, lr: float = 3e-4):
        self.policy = nn.Sequential(nn.Linear(obs_dim, 128), nn.Tanh(), nn.Linear(128, n_actions))
        self.optimizer = torch.optim.AdamW(self.policy.parameters(), lr=lr)

    def train_step(self, obs, actions, advantages):
        logits = self.policy(obs)
        log_probs = torch.log_softmax(logits, dim=-1)
        chosen = log_probs.gather(1, actions.unsqueeze(1)).squeeze(1)
        loss = -(chosen * advantages).mean()
        loss.backward()  # expect: NN101
        self.optimizer.step()
        return loss.item()


def collect_rollouts(n: int, obs_dim: int, n_actions: int):
    obs = torch.randn(n, obs_dim)
    actions = torch.randint(0, n_actions, (n,))
    advantages = torch.randn(n)
    return obs, actions, advantages


def main():
    trainer = PolicyTrainer(obs_dim=16, n_actions=4)
    for step in range(200):
        obs, actions, advantages = collect_rollouts(256, 16, 4)
        loss = trainer.train_step(obs, actions, advantages)
        if step % 20 == 0:
            print(f"step {step}: policy loss {loss:.4f}")


if __name__ == "__main__":
    main()
