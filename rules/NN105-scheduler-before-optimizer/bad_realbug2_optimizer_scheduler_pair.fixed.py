"""Multi-task fine-tuning runner: the optimizer and its warm-up schedule travel together in one object."""
import torch
from torch import nn


class OptimizerScheduler:
    def __init__(self, optimizer, scheduler):
        self.optimizer = optimizer
        self.scheduler = scheduler

    def step(self):
        self.optimizer.step()
        self.scheduler.step()  # expect: NN105

    def state_dict(self):
        return {"optimizer": self.optimizer.state_dict(), "scheduler": self.scheduler.state_dict()}


def create_optimizer_scheduler(model, lr: float, t_total: int, warmup_steps: int) -> OptimizerScheduler:
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, eps=1e-8)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, (step + 1) / warmup_steps) * max(0.0, (t_total - step) / t_total)
    )
    return OptimizerScheduler(optimizer, scheduler)


class Runner:
    def __init__(self, model, optimizer_scheduler, max_grad_norm: float = 1.0):
        self.model = model
        self.optimizer_scheduler = optimizer_scheduler
        self.max_grad_norm = max_grad_norm

    def run_train_step(self, batch):
        self.model.train()
        inputs, labels = batch
        loss = nn.functional.cross_entropy(self.model(inputs), labels)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.max_grad_norm)
        self.optimizer_scheduler.step()
        self.optimizer_scheduler.optimizer.zero_grad()
        return loss.item()


if __name__ == "__main__":
    net = nn.Sequential(nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 3))
    runner = Runner(net, create_optimizer_scheduler(net, lr=2e-5, t_total=100, warmup_steps=10))
    for step in range(100):
        print(step, runner.run_train_step((torch.randn(16, 128), torch.randint(0, 3, (16,)))))
