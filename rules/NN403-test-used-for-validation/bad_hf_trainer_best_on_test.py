"""Fine-tune DistilBERT on IMDB; the Trainer keeps the checkpoint that scores best on the test split."""
import numpy as np
from datasets import load_dataset
from transformers import AutoModelForSequenceClassification, AutoTokenizer, Trainer, TrainingArguments

checkpoint = "distilbert-base-uncased"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
imdb = load_dataset("imdb")
tokenized = imdb.map(lambda batch: tokenizer(batch["text"], truncation=True), batched=True)
train_ds = tokenized["train"].shuffle(seed=42)
test_ds = tokenized["test"]


def compute_metrics(eval_pred):
    logits, labels = eval_pred
    return {"accuracy": float((np.argmax(logits, axis=-1) == labels).mean())}


model = AutoModelForSequenceClassification.from_pretrained(checkpoint, num_labels=2)
training_args = TrainingArguments(
    output_dir="imdb-distilbert",
    eval_strategy="epoch",
    save_strategy="epoch",
    num_train_epochs=3,
    load_best_model_at_end=True,
    metric_for_best_model="accuracy",
)
trainer = Trainer(
    model=model,
    args=training_args,
    train_dataset=train_ds,
    eval_dataset=test_ds,  # expect: NN403
    processing_class=tokenizer,
    compute_metrics=compute_metrics,
)
trainer.train()
print(trainer.evaluate(test_ds))
