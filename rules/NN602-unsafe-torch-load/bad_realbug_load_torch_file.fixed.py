"""Checkpoint loading helper of an image-generation UI: safetensors or pickled .ckpt files."""
import safetensors.torch
import torch


def load_torch_file(ckpt: str, device: str = "cpu"):
    if ckpt.lower().endswith(".safetensors"):
        return safetensors.torch.load_file(ckpt, device=device)
    pl_sd = torch.load(ckpt, map_location=device, weights_only=True)  # expect: NN602
    if "global_step" in pl_sd:
        print(f"Global Step: {pl_sd['global_step']}")
    return pl_sd.get("state_dict", pl_sd)


def load_lora(path: str, model_state: dict, alpha: float = 1.0):
    lora = load_torch_file(path)
    for key, delta in lora.items():
        if key in model_state:
            model_state[key] = model_state[key] + alpha * delta
    return model_state


if __name__ == "__main__":
    sd = load_torch_file("models/checkpoints/base.ckpt")
    print(len(load_lora("models/loras/style.ckpt", sd, alpha=0.8)))
