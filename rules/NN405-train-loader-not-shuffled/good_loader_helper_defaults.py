"""A Lightning data module whose loaders come from helpers: the shuffling is decided in the helper."""
import lightning.pytorch as pl
from torch.utils.data import DataLoader, Dataset, IterableDataset


class ShardStream(IterableDataset):
    def __init__(self, shards):
        self.shards = shards

    def __iter__(self):
        for shard in self.shards:
            yield from shard


class TextDataModule(pl.LightningDataModule):
    def __init__(self, train_set: Dataset, val_set: Dataset, shards, batch_size: int = 32, streaming: bool = False):
        super().__init__()
        self.train_set = train_set
        self.val_set = val_set
        self.shards = shards
        self.batch_size = batch_size
        self.streaming = streaming

    def _loader(self, dataset: Dataset, shuffle: bool = True) -> DataLoader:
        return DataLoader(dataset, batch_size=self.batch_size, shuffle=shuffle, num_workers=2)

    def _stream_loader(self) -> DataLoader:
        stream = ShardStream(self.shards)
        return DataLoader(stream, batch_size=self.batch_size)

    def train_dataloader(self) -> DataLoader:
        if self.streaming:
            return self._stream_loader()
        return self._loader(self.train_set)

    def val_dataloader(self) -> DataLoader:
        return self._loader(self.val_set, shuffle=False)
