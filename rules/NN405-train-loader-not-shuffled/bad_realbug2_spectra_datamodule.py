"""De novo peptide sequencing: a Lightning data module over annotated mass spectra."""
import lightning.pytorch as pl
import torch
from torch.utils.data import DataLoader, Dataset


def prepare_batch(batch):
    spectra, precursors, peptides = zip(*batch)
    return torch.nn.utils.rnn.pad_sequence(spectra, batch_first=True), torch.stack(precursors), list(peptides)


class SpectrumDataModule(pl.LightningDataModule):
    def __init__(self, train_dataset: Dataset, valid_dataset: Dataset, test_dataset: Dataset,
                 train_batch_size: int = 128, eval_batch_size: int = 1024, n_workers: int = 4):
        super().__init__()
        self.train_dataset = train_dataset
        self.valid_dataset = valid_dataset
        self.test_dataset = test_dataset
        self.train_batch_size = train_batch_size
        self.eval_batch_size = eval_batch_size
        self.n_workers = n_workers

    def _make_loader(self, dataset: Dataset, batch_size: int) -> DataLoader:
        return DataLoader(  # expect: NN405
            dataset,
            batch_size=batch_size,
            collate_fn=prepare_batch,
            pin_memory=True,
            num_workers=self.n_workers,
        )

    def train_dataloader(self) -> DataLoader:
        return self._make_loader(self.train_dataset, self.train_batch_size)

    def val_dataloader(self) -> DataLoader:
        return self._make_loader(self.valid_dataset, self.eval_batch_size)

    def predict_dataloader(self) -> DataLoader:
        return self._make_loader(self.test_dataset, self.eval_batch_size)
