"""generate() runs under no_grad inside transformers; a loop of generate calls needs no wrapper."""
from transformers import AutoModelForCausalLM, AutoTokenizer

checkpoint = "gpt2"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForCausalLM.from_pretrained(checkpoint)
test_prompts = [
    "The capital of France is",
    "In machine learning, overfitting means",
    "A good unit test",
]


def evaluate_generations(prompts, max_new_tokens=20):
    model.eval()
    completions = []
    for prompt in prompts:
        inputs = tokenizer(prompt, return_tensors="pt")
        output_ids = model.generate(**inputs, max_new_tokens=max_new_tokens, do_sample=False)
        completions.append(tokenizer.decode(output_ids[0], skip_special_tokens=True))
    return completions


for prompt, text in zip(test_prompts, evaluate_generations(test_prompts)):
    print(repr(prompt), "->", repr(text))
