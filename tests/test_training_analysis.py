"""Unit tests of the training-loop analysis: objects, events, iterations, modes, passes."""

from __future__ import annotations

import textwrap

from nnlint.analysis.events import Kind, exclusive, roots, visible_node
from nnlint.analysis.modes import evaluation_passes, model_modes
from nnlint.analysis.objects import objects
from nnlint.analysis.program import Program
from nnlint.analysis.training import clears_grads_of, live_loss, training_iterations, training_loops


def program(source: str) -> Program:
    return Program.from_source(textwrap.dedent(source))


def events_of(prog: Program, kind: str) -> list:
    return [e for root in roots(prog) for e in root.events if e.kind == kind]


# -- objects -----------------------------------------------------------------------------


def test_objects_by_constructor_and_optimizer_model() -> None:
    prog = program(
        """
        import torch
        from torch import nn, optim
        from torch.nn.parallel import DistributedDataParallel as DDP
        from transformers import AutoModel, get_linear_schedule_with_warmup
        from timm.scheduler import CosineLRScheduler

        netD = nn.Linear(2, 1)
        optD = optim.Adam(netD.parameters())
        sched = optim.lr_scheduler.ReduceLROnPlateau(optD)
        warm = get_linear_schedule_with_warmup(optD, 10, 100)
        cosine = CosineLRScheduler(optD, t_initial=10)
        scaler = torch.amp.GradScaler()
        bert = AutoModel.from_pretrained("bert-base-uncased")
        ddp = DDP(netD)
        criterion = nn.CrossEntropyLoss()
        """
    )
    objs = objects(prog)
    assert objs.kind("netD") == "model"
    assert objs.kind("optD") == "optimizer"
    assert objs.model_of("optD") == "netD"
    assert objs.scheduler_flavor("sched") == "plateau"
    assert objs.scheduler_flavor("warm") == "hf"
    assert objs.scheduler_flavor("cosine") == "timm"
    assert objs.kind("scaler") == "scaler"
    assert objs.get("bert").flavor == "pretrained"
    assert objs.canonical("ddp") == "netD"
    assert objs.canonical("ddp.module") == "netD"
    assert objs.kind("criterion") == "loss"


def test_objects_from_engines_and_names() -> None:
    prog = program(
        """
        import deepspeed
        from accelerate import Accelerator

        accelerator = Accelerator()
        model, optimizer, loader = accelerator.prepare(net, opt, loader)
        engine, ds_opt, _, _ = deepspeed.initialize(model=net, model_parameters=net.parameters())

        def train(model, optimizer, lr_scheduler):
            pass
        """
    )
    objs = objects(prog)
    assert objs.kind("accelerator") == "accelerator"
    assert objs.kind("engine") == "engine"
    assert objs.kind("lr_scheduler") == "scheduler"  # by name
    assert objs.kind("optimizer") == "optimizer"
    assert objs.kind("opt_g") == "optimizer"
    assert objs.kind("options") is None


def test_dropout_visibility_of_local_classes() -> None:
    prog = program(
        """
        from torch import nn

        class Plain(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(2, 2)

        class Noisy(nn.Module):
            def __init__(self):
                super().__init__()
                self.drop = nn.Dropout(0.1)

        a = Plain()
        b = Noisy()
        c = nn.Sequential(nn.Linear(2, 2), nn.ReLU())
        d = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2))
        """
    )
    objs = objects(prog)
    assert not objs.may_have_dropout_or_batchnorm("a")
    assert objs.may_have_dropout_or_batchnorm("b")
    assert not objs.may_have_dropout_or_batchnorm("c")
    assert objs.may_have_dropout_or_batchnorm("d")
    assert objs.may_have_dropout_or_batchnorm("unknown_model")


# -- events --------------------------------------------------------------------------------


def test_helpers_are_inlined_with_argument_spellings() -> None:
    prog = program(
        """
        import torch

        def clear(o):
            o.zero_grad()

        def main():
            model = torch.nn.Linear(2, 1)
            optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
            for x in data:
                clear(optimizer)
                model(x).sum().backward()
                optimizer.step()
        """
    )
    names = {getattr(r.function, "name", None) for r in roots(prog)}
    assert names == {None, "main"}  # clear() is analysed only where it is called
    zero = events_of(prog, Kind.ZERO_GRAD)
    assert [z.subject for z in zero] == ["optimizer"]
    assert zero[0].stack and zero[0].enclosing(Kind.LOOP) is not None
    step = events_of(prog, Kind.STEP)[0]
    assert visible_node(zero[0], step).lineno == 11  # the clear(optimizer) call


def test_closures_and_no_grad_contexts() -> None:
    prog = program(
        """
        import torch

        @torch.no_grad()
        def evaluate(model):
            return model(x)

        def fit(model, opt):
            model.train()
            for _ in range(3):
                def closure():
                    opt.zero_grad()
                    loss = model(x).sum()
                    loss.backward()
                    return loss
                opt.step(closure)
            with torch.set_grad_enabled(phase == "train"):
                model(x)
            evaluate(model)
        """
    )
    backward = events_of(prog, Kind.BACKWARD)[0]
    assert backward.in_closure()
    step = events_of(prog, Kind.STEP)[0]
    assert step.info["closure"] and backward.order < step.order
    calls = [e for e in events_of(prog, Kind.MODEL_CALL) if e.subject == "model"]
    assert [c.under_no_grad() for c in calls] == [False, True, True]


def test_branches_are_exclusive() -> None:
    prog = program(
        """
        if phase == "train":
            model.train()
        else:
            model.eval()
        model.eval()
        """
    )
    train, *evals = events_of(prog, Kind.TRAIN) + events_of(prog, Kind.EVAL)
    assert exclusive(train, evals[0])
    assert not exclusive(train, evals[1])


def test_lightning_manual_training_step_is_an_implicit_loop() -> None:
    prog = program(
        """
        import lightning as L

        class Manual(L.LightningModule):
            def __init__(self):
                super().__init__()
                self.automatic_optimization = False

            def training_step(self, batch, idx):
                opt = self.optimizers()
                self.manual_backward(self.loss(batch))
                opt.step()

        class Auto(L.LightningModule):
            def training_step(self, batch, idx):
                return self.loss(batch)
        """
    )
    implicit = [r for r in roots(prog) if r.implicit_loop]
    assert len(implicit) == 1 and implicit[0].function.name == "training_step"
    assert all(getattr(r.function, "name", "") != "training_step" or r.implicit_loop for r in roots(prog))
    (it,) = training_iterations(prog)
    assert it.optimizer == "opt" and it.backwards[0].info["via"] == "manual"


def test_backward_kinds() -> None:
    prog = program(
        """
        for batch in loader:
            scaler.scale(loss).backward()
            accelerator.backward(loss)
            model_engine.backward(loss)
            loss.backward(retain_graph=True)
        """
    )
    assert [b.info["via"] for b in events_of(prog, Kind.BACKWARD)] == ["scaled", "accelerator", "engine", "tensor"]


# -- training iterations -------------------------------------------------------------------


def test_gan_iterations_pair_each_optimizer_with_its_model() -> None:
    prog = program(
        """
        import torch
        netD = torch.nn.Linear(2, 1)
        netG = torch.nn.Linear(2, 2)
        optimizerD = torch.optim.Adam(netD.parameters())
        optimizerG = torch.optim.Adam(netG.parameters())
        for real in loader:
            netD.zero_grad()
            errD.backward()
            optimizerD.step()
            netG.zero_grad()
            errG.backward()
            optimizerG.step()
        """
    )
    its = {it.optimizer: it for it in training_iterations(prog)}
    assert set(its) == {"optimizerD", "optimizerG"}
    zero_d, zero_g = events_of(prog, Kind.ZERO_GRAD)
    assert clears_grads_of(prog, zero_d, "optimizerD", strict=True)
    assert not clears_grads_of(prog, zero_g, "optimizerD", strict=True)
    assert clears_grads_of(prog, zero_g, "optimizerG", strict=True)
    assert len(training_loops(prog)) == 1


def test_live_loss_follows_detaching() -> None:
    prog = program(
        """
        import torch
        criterion = torch.nn.MSELoss()
        total = 0
        for x, y in loader:
            loss = criterion(model(x), y)
            loss.backward()
            total += loss
            total += loss.item()
        """
    )
    root = roots(prog)[0]
    loop = training_loops(prog)[0][1]
    first, second = [e for e in root.events if e.kind == Kind.ACCUMULATE]
    assert live_loss(prog, root, first, first.info["value"], loop)
    assert not live_loss(prog, root, second, second.info["value"], loop)


# -- modes and evaluation passes ---------------------------------------------------------------


def test_modes_in_execution_order() -> None:
    prog = program(
        """
        import torch
        from transformers import AutoModel

        model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Dropout())
        model(x)
        model.eval()
        model(x)
        if flag:
            model.train()
        model(x)
        bert = AutoModel.from_pretrained("bert-base-uncased")
        bert(x)
        model.train(was_training)
        model(x)
        """
    )
    modes = model_modes(prog)
    got = [modes.mode_at(e)[0] for e in events_of(prog, Kind.MODEL_CALL)]
    assert got == ["train", "eval", None, "eval", None]


def test_next_iteration_sees_eval_left_by_validation() -> None:
    prog = program(
        """
        import torch
        model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Dropout())
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        for epoch in range(3):
            for x in train_loader:
                opt.zero_grad()
                model(x).sum().backward()
                opt.step()
            model.eval()
        """
    )
    modes = model_modes(prog)
    epoch = [e for e in events_of(prog, Kind.LOOP) if e.parent.kind == Kind.ROOT][0]
    call = events_of(prog, Kind.MODEL_CALL)[0]
    assert modes.mode_at(call)[0] is None  # first epoch train, later epochs eval: joined
    mode, origin = modes.next_iteration(epoch, call)
    assert mode == "eval" and origin.kind == Kind.EVAL


def test_evaluation_pass_kinds() -> None:
    prog = program(
        """
        import torch
        model = torch.nn.Linear(2, 2)

        def validate(model, loader):
            for x in loader:
                model(x)

        for x in val_loader:
            model(x)
        with torch.no_grad():
            model(x)
        model.load_state_dict(state)
        model(x)
        validate(model, val_loader)
        """
    )
    kinds = sorted(p.kind for p in evaluation_passes(prog))
    assert kinds == ["after_load", "function", "loop", "no_grad"]


def test_set_grad_enabled_statement_covers_the_rest_of_the_block() -> None:
    prog = program(
        """
        import torch

        def evaluate(model, loader):
            model.eval()
            torch.set_grad_enabled(False)
            for x in loader:
                model(x)
        """
    )
    (call,) = events_of(prog, Kind.MODEL_CALL)
    assert call.under_no_grad()


def test_eval_before_the_training_pass_is_not_a_restore_problem() -> None:
    from nnlint.rules.training_loop.train_mode_not_restored import TrainModeNotRestored

    source = """
        import torch
        model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.BatchNorm1d(2))
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        for epoch in range(3):
            model.eval()  # batch-norm frozen on purpose while fine-tuning
            for x in train_loader:
                opt.zero_grad()
                model(x).sum().backward()
                opt.step()
        """
    assert list(TrainModeNotRestored().check(program(source))) == []
    after = source.replace("            model.eval()  # batch-norm frozen on purpose while fine-tuning\n", "").rstrip() + "\n            model.eval()\n"
    assert len(list(TrainModeNotRestored().check(program(after)))) == 1


def test_eval_left_in_one_arm_is_eval_on_some_path() -> None:
    prog = program(
        """
        import torch
        model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Dropout())
        if step % 100 == 0:
            model.eval()
        model(x)
        model.train()
        if phase == "train":
            model.train()
        else:
            model.eval()
        model(x)
        """
    )
    modes = model_modes(prog)
    first, second = events_of(prog, Kind.MODEL_CALL)
    assert modes.mode_at(first)[0] == "eval?"
    assert modes.mode_at(second)[0] is None  # the other arm switches to train itself


def test_scheduler_under_the_optimizer_condition_is_reported() -> None:
    from nnlint.rules.training_loop.scheduler_before_optimizer import SchedulerBeforeOptimizer

    source = """
        import torch
        model = torch.nn.Linear(2, 1)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, 10)
        for step, x in enumerate(loader):
            model(x).sum().backward()
            if step % 4 == 0:
                scheduler.step()
                optimizer.step()
                optimizer.zero_grad()
            if step % 100 == 0:
                scheduler.step()
        """
    found = list(SchedulerBeforeOptimizer().check(program(source)))
    assert [d.line for d in found] == [9]


def test_models_switched_in_framework_callbacks_have_unknown_modes() -> None:
    prog = program(
        """
        import torch
        from ignite.engine import Engine

        generator = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Dropout())

        def evaluate_step(engine, batch):
            generator.eval()
            with torch.no_grad():
                return generator(batch)

        evaluator = Engine(evaluate_step)
        evaluator.run(val_loader)
        generator.load_state_dict(torch.load("g.pt", weights_only=True))
        with torch.no_grad():
            generator(x)
        """
    )
    modes = model_modes(prog)
    after, inside = events_of(prog, Kind.MODEL_CALL)  # the module body is the first root
    assert modes.mode_at(inside)[0] == "eval"
    assert modes.mode_at(after)[0] is None


def test_freshly_built_models_have_no_trained_weights() -> None:
    prog = program(
        """
        import torch
        from torchvision import models

        class Net(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = torch.nn.Linear(2, 2)

        class Pretrained(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.body = models.resnet18(weights="DEFAULT")

        a = Net()
        b = Pretrained()
        c = models.resnet18()
        d = models.resnet18(weights=None)
        e = models.resnet18(pretrained=True)
        """
    )
    objs = objects(prog)
    assert [objs.built_with_weights(x) for x in "abcde"] == [False, True, False, False, True]


def test_no_grad_rollouts_that_feed_training_are_not_evaluation() -> None:
    prog = program(
        """
        import torch
        agent = torch.nn.Sequential(torch.nn.Linear(4, 2), torch.nn.Dropout())
        opt = torch.optim.Adam(agent.parameters())
        for update in range(10):
            for step in range(128):
                with torch.no_grad():
                    action = agent(obs)
            for epoch in range(4):
                opt.zero_grad()
                agent(batch).sum().backward()
                opt.step()
            with torch.no_grad():
                score = agent(test_obs)
        """
    )
    passes = evaluation_passes(prog)
    assert [p.model_calls[0].node.lineno for p in passes if p.kind == "no_grad"] == [14]


def test_idle_optimizers_are_cleared_but_never_stepped() -> None:
    from nnlint.analysis.training import idle_optimizers

    source = """
        import torch
        from torch import nn

        netG, netD = nn.Linear(4, 4), nn.Linear(4, 1)
        optG = torch.optim.Adam(netG.parameters())
        optD = torch.optim.Adam(netD.parameters())
        sched = torch.optim.lr_scheduler.StepLR(optD, 10)
        for x in loader:
            optD.zero_grad()
            netD(x).mean().backward()
            STEP_D
            optG.zero_grad()
            netD(netG(x)).mean().backward()
            optG.step()
    """
    assert idle_optimizers(program(source.replace("STEP_D", "pass"))) == {"optD": "netD"}
    assert idle_optimizers(program(source.replace("STEP_D", "optD.step()"))) == {}
    # stepped through an object nnlint cannot name, or handed to something that may step it
    assert idle_optimizers(program(source.replace("STEP_D", "[o.step() for o in opts]"))) == {}
    assert idle_optimizers(program(source.replace("STEP_D", "update(optD)"))) == {}


def test_preconditions_hold_wherever_the_events_see_training_or_evaluation() -> None:
    """Training-loop rules skip building events when ``may_hold`` (BACKWARD, STEP) or
    ``may_evaluate`` is False: each must hold wherever the full event trees hold such an
    event or an evaluation pass. Every example under rules/ is checked, the multi-file
    projects with their modules visible (events replayed from other modules' functions)."""
    from pathlib import Path

    from nnlint.analysis.events import may_hold
    from nnlint.analysis.imports import ModuleLoader
    from nnlint.analysis.modes import _passes, may_evaluate

    root = Path(__file__).resolve().parent.parent / "rules"
    loader = ModuleLoader()
    checked = 0
    seen = {Kind.BACKWARD: 0, Kind.STEP: 0, "eval": 0}
    for path in sorted(root.rglob("*.py")):
        try:
            prog = Program.from_source(path.read_text(encoding="utf-8"), str(path), file=path, modules=loader)
        except SyntaxError:
            continue
        loader.start_file()
        checked += 1
        kinds = {event.kind for r in roots(prog) for event in (r.tree, *r.tree.walk())}
        for kind in (Kind.BACKWARD, Kind.STEP):
            if kind in kinds:
                seen[kind] += 1
                assert may_hold(prog, kind), (path, kind)
        if _passes(prog):
            seen["eval"] += 1
            assert may_evaluate(prog), path
    assert checked > 300 and seen[Kind.BACKWARD] > 100 and seen[Kind.STEP] > 100 and seen["eval"] > 30, seen
    layers = program("""
        import torch
        from torch import nn

        class Attention(nn.Module):
            def forward(self, x):
                q, k, v = x.split(self.dim, dim=-1)
                return (q @ k.transpose(-2, -1) / self.scale).softmax(-1) @ v

        @torch.no_grad()
        def init_weights(module):
            nn.init.normal_(module.weight)
    """)
    assert not may_hold(layers, Kind.BACKWARD) and not may_hold(layers, Kind.STEP)
    plain = program("import torch\nfrom torch import nn\n\nclass Block(nn.Module):\n    def forward(self, x):\n        return self.fc(x)\n")
    assert not may_evaluate(plain)
    for anchor in (
        "for x in val_loader:\n    model(x)",
        "def evaluate(m, x):\n    return m(x)\nevaluate(model, 1)",
        "with torch.no_grad():\n    y = model(x)",
        "def run(net):\n    with torch.no_grad():\n        return net.forward(1)\nrun(model)",
        "model.load_state_dict(state)\nmodel(1)",
        "opt = torch.optim.LBFGS(model.parameters())\ndef closure():\n    return model(1)\nwith torch.no_grad():\n    opt.step(closure)",
        "from torch import set_grad_enabled as grad_mode\ngrad_mode(False)\nout = model(1)",
    ):
        anchored = program(f"import torch\nfrom torch import nn\nmodel = nn.Sequential(nn.Linear(2, 2), nn.Dropout())\n{anchor}\n")
        assert _passes(anchored) and may_evaluate(anchored), anchor
    # Anchors around no model call: a configuration's checks, weights initialised in place,
    # a rotary embedding's arithmetic on values the file assigns under other spellings.
    for quiet in (
        "class Config:\n    def validate_rope(self):\n        if self.theta <= 0:\n            raise ValueError(self.theta)\n        self.check()\n"
        "    def check(self):\n        logger.warning(len(self.layers))",
        "@torch.no_grad()\ndef init_weights(module):\n    module.weight.normal_()\n    module.bias.copy_(torch.zeros(2))",
        "class Rotary(nn.Module):\n    @torch.no_grad()\n    def forward(self, x):\n        emb = torch.cat((x, x))\n        cos = emb.cos()\n        return cos",
    ):
        assert not may_evaluate(program(f"import torch\nfrom torch import nn\n{quiet}\n")), quiet
